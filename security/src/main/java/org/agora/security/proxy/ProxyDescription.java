package org.agora.security.proxy;

import java.nio.file.Path;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyCertificates;
import org.agora.security.identity.ProxyType;

/** What {@code grid-proxy-info} says of a credential, field by field. */
public record ProxyDescription(String subject, String issuer, String identity, ProxyType type, int strength,
                               Path path, Instant notAfter) {

    public static ProxyDescription of(GridCredential credential, Path path) {
        var leaf = credential.certificate();
        GridIdentity id = credential.identity();
        int bits = leaf.getPublicKey() instanceof RSAKey rsa ? rsa.getModulus().bitLength() : 0;
        return new ProxyDescription(DistinguishedNames.toSlash(leaf.getSubjectX500Principal()),
                DistinguishedNames.toSlash(leaf.getIssuerX500Principal()), id.dn(),
                ProxyCertificates.typeOf(leaf), bits, path, credential.notAfter());
    }

    /** Time left at {@code now}, never negative. */
    public Duration timeLeft(Instant now) {
        Duration left = Duration.between(now, notAfter);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** {@code H:MM:SS}, as grid-proxy-info prints it. */
    public static String formatTimeLeft(Duration left) {
        long s = left.getSeconds();
        return String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}

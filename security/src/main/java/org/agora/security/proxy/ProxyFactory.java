package org.agora.security.proxy;

import eu.emi.security.authn.x509.proxy.CertificateExtension;
import eu.emi.security.authn.x509.proxy.ProxyCertificate;
import eu.emi.security.authn.x509.proxy.ProxyCertificateOptions;
import eu.emi.security.authn.x509.proxy.ProxyGenerator;
import eu.emi.security.authn.x509.proxy.ProxyPolicy;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.Keys;
import org.agora.security.identity.ProxyCertificates;
import org.agora.security.identity.ProxyType;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Makes proxy certificates the way {@code grid-proxy-init} does, with canl-java's proxy generator: a
 * fresh key pair, a certificate signed by the issuer's key whose subject is the issuer's plus one CN
 * (the serial number for RFC 3820 and draft proxies, "proxy" or "limited proxy" for legacy ones),
 * never outliving the issuer.
 */
public final class ProxyFactory {
    /** Valid from a little before now, so that a peer whose clock is behind ours accepts it at once. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private ProxyFactory() {
    }

    public static GridCredential createProxy(GridCredential issuer, Duration lifetime, ProxyType type, int bits)
            throws CredentialException {
        return createProxy(issuer, lifetime, type, bits, null);
    }

    /**
     * @param pathLength how many further proxies may be made from this one; null for unlimited
     */
    public static GridCredential createProxy(GridCredential issuer, Duration lifetime, ProxyType type, int bits,
                                             Integer pathLength) throws CredentialException {
        return createProxy(issuer, lifetime, type, bits, pathLength, List.of());
    }

    /**
     * @param extraExtensions further extensions for the proxy, such as VOMS attribute
     *     certificates (OID 1.3.6.1.4.1.8005.100.100.5)
     */
    public static GridCredential createProxy(GridCredential issuer, Duration lifetime, ProxyType type, int bits,
                                             Integer pathLength, List<Extension> extraExtensions)
            throws CredentialException {
        if (!type.isProxy()) {
            throw new IllegalArgumentException(type + " is not a proxy type");
        }
        eu.emi.security.authn.x509.proxy.ProxyType format = formatOf(type);
        KeyPair keys = Keys.generateRsa(bits);
        Instant now = Instant.now();
        Instant notAfter = now.plus(lifetime);
        if (notAfter.isAfter(issuer.notAfter())) {
            // A proxy cannot be valid longer than what signs it; grid-proxy-init clips the same way.
            notAfter = issuer.notAfter();
        }
        Instant notBefore = now.minus(CLOCK_SKEW);
        if (!notBefore.isBefore(notAfter)) {
            // Asked for one that has long expired (to see it refused): still a valid certificate.
            notBefore = notAfter.minus(CLOCK_SKEW);
        }
        ProxyCertificateOptions options = new ProxyCertificateOptions(issuer.chain());
        options.setPublicKey(keys.getPublic());
        options.setValidityBounds(Date.from(notBefore), Date.from(notAfter));
        options.setType(format);
        options.setLimited(type == ProxyType.RFC3820_LIMITED || type == ProxyType.DRAFT_LIMITED
                || type == ProxyType.LEGACY_LIMITED);
        if (type == ProxyType.RFC3820_INDEPENDENT) {
            options.setPolicy(new ProxyPolicy(ProxyPolicy.INDEPENDENT_POLICY_OID));
        }
        if (pathLength != null && type != ProxyType.LEGACY_FULL && type != ProxyType.LEGACY_LIMITED) {
            options.setProxyPathLimit(pathLength);
        }
        for (Extension e : extraExtensions) {
            options.addExtension(new CertificateExtension(e.getExtnId().getId(), e.getParsedValue().toASN1Primitive(),
                    e.isCritical()));
        }
        try {
            ProxyCertificate proxy = ProxyGenerator.generate(options, issuer.privateKey());
            return new GridCredential(keys.getPrivate(), proxy.getCertificateChain());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new CredentialException("cannot make a " + type.description() + " proxy of "
                    + issuer.certificate().getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    /** canl-java's name for the proxy's format: RFC 3820, the draft before it, or legacy (Globus Toolkit 2). */
    private static eu.emi.security.authn.x509.proxy.ProxyType formatOf(ProxyType type) {
        return switch (type) {
            case RFC3820_IMPERSONATION, RFC3820_INDEPENDENT, RFC3820_LIMITED ->
                    eu.emi.security.authn.x509.proxy.ProxyType.RFC3820;
            // Pre-RFC (GT3/GT4) proxies: the same structure under the draft's extension OID.
            case DRAFT_IMPERSONATION, DRAFT_LIMITED -> eu.emi.security.authn.x509.proxy.ProxyType.DRAFT_RFC;
            case LEGACY_FULL, LEGACY_LIMITED -> eu.emi.security.authn.x509.proxy.ProxyType.LEGACY;
            default -> throw new IllegalArgumentException("making " + type.description() + " proxies is not "
                    + "supported; use an RFC 3820, draft or legacy type");
        };
    }
}

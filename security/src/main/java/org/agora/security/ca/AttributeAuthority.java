package org.agora.security.ca;

import eu.emi.security.authn.x509.impl.KeyAndCertCredential;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509AttributeCertificateHolder;
import org.italiangrid.voms.asn1.VOMSACGenerator;

/**
 * A VOMS attribute authority for demos and tests: it signs attribute certificates with its host
 * credential, using the VOMS project's own generator, and lays out the vomsdir entry that makes
 * services trust it. Proxies carrying its ACs are what voms-proxy-init would have made.
 */
public final class AttributeAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GridCredential host;
    private final String vo;
    private final String hostName;
    private final VOMSACGenerator generator;

    public AttributeAuthority(GridCredential host, String vo, String hostName) {
        this.host = host;
        this.vo = vo;
        this.hostName = hostName;
        try {
            this.generator = new VOMSACGenerator(new KeyAndCertCredential(host.privateKey(), host.chain()));
        } catch (KeyStoreException e) {
            throw new IllegalStateException("cannot use " + host.identity().dn() + " as an attribute authority", e);
        }
    }

    /** Writes {@code vomsDir/<vo>/<host>.lsc}: this authority's DN, then its CA's. */
    public void installInto(Path vomsDir) throws IOException {
        Path voDir = Files.createDirectories(vomsDir.resolve(vo));
        Files.writeString(voDir.resolve(hostName + ".lsc"),
                DistinguishedNames.toSlash(host.certificate().getSubjectX500Principal()) + "\n"
                        + DistinguishedNames.toSlash(host.certificate().getIssuerX500Principal()) + "\n",
                StandardCharsets.US_ASCII);
    }

    /**
     * A proxy of {@code user} carrying an AC with {@code fqans} (long form), valid from
     * {@code notBefore} to {@code notAfter}.
     */
    public GridCredential proxyWithAttributes(GridCredential user, List<String> fqans, Instant notBefore,
                                              Instant notAfter, Duration proxyLifetime) throws CredentialException {
        X509AttributeCertificateHolder ac = generator.generateVOMSAttributeCertificate(fqans, List.of(), List.of(),
                user.certificate(), new BigInteger(63, RANDOM), Date.from(notBefore), Date.from(notAfter), vo,
                hostName, 15000);
        var extension = generator.generateVOMSExtension(List.of(ac));
        try {
            // The extension holds SEQUENCE OF (SEQUENCE OF AttributeCertificate); the generator gives the inner one.
            Extension voms = new Extension(new ASN1ObjectIdentifier(extension.getOid()), extension.isCritical(),
                    new DERSequence(extension.getValue()).getEncoded());
            return ProxyFactory.createProxy(user, proxyLifetime, ProxyType.RFC3820_IMPERSONATION, 2048, null,
                    List.of(voms));
        } catch (IOException e) {
            throw new CredentialException("cannot encode the VOMS extension for " + user.identity().dn(), e);
        }
    }
}

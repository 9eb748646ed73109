package org.agora.security.proxy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.agora.security.credential.CredentialException;
import org.agora.security.credential.GridCredential;
import org.agora.security.credential.Keys;
import org.agora.security.identity.ProxyCertificates;
import org.agora.security.identity.ProxyType;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Makes proxy certificates the way {@code grid-proxy-init} does: a fresh key pair, a certificate
 * signed by the issuer's key whose subject is the issuer's plus one CN (the serial number for RFC
 * 3820 proxies, "proxy" or "limited proxy" for legacy ones), never outliving the issuer.
 */
public final class ProxyFactory {
    private static final SecureRandom RANDOM = new SecureRandom();

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
        return createProxy(issuer, lifetime, type, bits, pathLength, java.util.List.of());
    }

    /**
     * @param extraExtensions further extensions for the proxy, such as VOMS attribute
     *     certificates (OID 1.3.6.1.4.1.8005.100.100.5)
     */
    public static GridCredential createProxy(GridCredential issuer, Duration lifetime, ProxyType type, int bits,
                                             Integer pathLength, java.util.List<Extension> extraExtensions)
            throws CredentialException {
        if (!type.isProxy()) {
            throw new IllegalArgumentException(type + " is not a proxy type");
        }
        KeyPair keys = Keys.generateRsa(bits);
        X509Certificate issuerCert = issuer.certificate();
        Instant now = Instant.now();
        Instant notAfter = now.plus(lifetime);
        if (notAfter.isAfter(issuer.notAfter())) {
            // A proxy cannot be valid longer than what signs it; grid-proxy-init clips the same way.
            notAfter = issuer.notAfter();
        }
        BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
        X500Name issuerName = X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
        String cn = switch (type) {
            case LEGACY_FULL -> "proxy";
            case LEGACY_LIMITED -> "limited proxy";
            default -> serial.toString();
        };
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (var rdn : issuerName.getRDNs()) {
            subject.addMultiValuedRDN(rdn.getTypesAndValues());
        }
        subject.addRDN(BCStyle.CN, cn);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(now.minusSeconds(300)), Date.from(notAfter), subject.build(), keys.getPublic());
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
            switch (type) {
                case RFC3820_IMPERSONATION -> builder.addExtension(ProxyCertificates.RFC3820_PROXY_CERT_INFO, true,
                        proxyCertInfo(pathLength, ProxyCertificates.INHERIT_ALL));
                case RFC3820_INDEPENDENT -> builder.addExtension(ProxyCertificates.RFC3820_PROXY_CERT_INFO, true,
                        proxyCertInfo(pathLength, ProxyCertificates.INDEPENDENT));
                case RFC3820_LIMITED -> builder.addExtension(ProxyCertificates.RFC3820_PROXY_CERT_INFO, true,
                        proxyCertInfo(pathLength, ProxyCertificates.LIMITED));
                // Pre-RFC (GT3/GT4) proxies: the same structure under the draft's extension OID.
                case DRAFT_IMPERSONATION -> builder.addExtension(ProxyCertificates.DRAFT_PROXY_CERT_INFO, true,
                        proxyCertInfo(pathLength, ProxyCertificates.INHERIT_ALL));
                case DRAFT_LIMITED -> builder.addExtension(ProxyCertificates.DRAFT_PROXY_CERT_INFO, true,
                        proxyCertInfo(pathLength, ProxyCertificates.LIMITED));
                case LEGACY_FULL, LEGACY_LIMITED -> { }
                default -> throw new IllegalArgumentException("making " + type.description() + " proxies is not "
                        + "supported; use an RFC 3820, draft or legacy type");
            }
            for (Extension e : extraExtensions) {
                builder.addExtension(e);
            }
            X509Certificate proxy = Keys.sign(builder, issuer.privateKey());
            X509Certificate[] chain = new X509Certificate[issuer.chain().length + 1];
            chain[0] = proxy;
            System.arraycopy(issuer.chain(), 0, chain, 1, issuer.chain().length);
            return new GridCredential(keys.getPrivate(), chain);
        } catch (java.io.IOException e) {
            throw new CredentialException("cannot encode a proxy certificate for "
                    + issuerCert.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    private static DERSequence proxyCertInfo(Integer pathLength, org.bouncycastle.asn1.ASN1ObjectIdentifier language) {
        ASN1EncodableVector info = new ASN1EncodableVector();
        if (pathLength != null) {
            info.add(new ASN1Integer(pathLength));
        }
        info.add(new DERSequence(language));
        return new DERSequence(info);
    }
}

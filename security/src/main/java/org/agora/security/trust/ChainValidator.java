package org.agora.security.trust;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.OptionalInt;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyCertificates;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Validates a chain ordered leaf first: zero or more proxy certificates, each signed by the next,
 * then an end-entity certificate that must chain by PKIX to a trusted CA. The JDK's PKIX validator
 * alone refuses proxies (an end entity signing a certificate), hence the split.
 */
public final class ChainValidator {
    private final TrustAnchors anchors;

    public ChainValidator(TrustAnchors anchors) {
        this.anchors = anchors;
    }

    public void validate(X509Certificate[] chain, Instant at) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no certificate was presented");
        }
        Date when = Date.from(at);
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(when);
            } catch (CertificateException e) {
                throw new CertificateException("certificate " + subject(c) + " is not valid now (valid "
                        + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + ")", e);
            }
        }
        int endEntity = 0;
        while (endEntity < chain.length && ProxyCertificates.typeOf(chain[endEntity]).isProxy()) {
            endEntity++;
        }
        if (endEntity == chain.length) {
            throw new CertificateException("the chain holds only proxies; the end-entity certificate behind "
                    + subject(chain[chain.length - 1]) + " is missing");
        }
        for (int i = 0; i < endEntity; i++) {
            checkProxy(chain, i);
        }
        checkEndEntity(Arrays.copyOfRange(chain, endEntity, chain.length), when);
    }

    private static void checkProxy(X509Certificate[] chain, int i) throws CertificateException {
        X509Certificate proxy = chain[i];
        X509Certificate issuer = chain[i + 1];
        if (!proxy.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new CertificateException("proxy " + subject(proxy) + " names issuer " + proxy.getIssuerX500Principal()
                    + " but the next certificate is " + subject(issuer));
        }
        try {
            proxy.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("proxy " + subject(proxy) + " is not signed by " + subject(issuer), e);
        }
        X500Name p = X500Name.getInstance(proxy.getSubjectX500Principal().getEncoded());
        X500Name s = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        RDN[] pr = p.getRDNs();
        RDN[] sr = s.getRDNs();
        if (pr.length != sr.length + 1 || !Arrays.equals(Arrays.copyOf(pr, sr.length), sr)) {
            throw new CertificateException("proxy subject " + subject(proxy) + " is not its issuer's subject "
                    + subject(issuer) + " plus one CN");
        }
        // RFC 3820 section 3: a proxy names nobody else, is no CA, and its issuer may sign.
        if (proxy.getExtensionValue("2.5.29.17") != null || proxy.getExtensionValue("2.5.29.18") != null) {
            throw new CertificateException("proxy " + subject(proxy) + " carries a subject or issuer alternative name, "
                    + "which RFC 3820 forbids");
        }
        if (proxy.getBasicConstraints() != -1) {
            throw new CertificateException("proxy " + subject(proxy) + " claims to be a CA, which RFC 3820 forbids");
        }
        boolean[] issuerUsage = issuer.getKeyUsage();
        if (issuerUsage != null && !issuerUsage[0]) {
            throw new CertificateException("proxy " + subject(proxy) + " is signed by " + subject(issuer)
                    + ", whose key usage does not allow digital signatures");
        }
        ProxyType type = ProxyCertificates.typeOf(proxy);
        ProxyType issuerType = ProxyCertificates.typeOf(issuer);
        if (issuerType.isLimited() && !type.isLimited()) {
            throw new CertificateException("proxy " + subject(proxy) + " is a full proxy signed by a limited one");
        }
        // Path length: a proxy with constraint n may have at most n proxies below it.
        OptionalInt pathLength = ProxyCertificates.pathLength(proxy);
        if (pathLength.isPresent() && i > pathLength.getAsInt()) {
            throw new CertificateException("proxy " + subject(proxy) + " allows " + pathLength.getAsInt()
                    + " further proxies but " + i + " follow it");
        }
    }

    private void checkEndEntity(X509Certificate[] path, Date when) throws CertificateException {
        List<X509Certificate> certs = new ArrayList<>();
        for (X509Certificate c : path) {
            if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                certs.add(c);
            }
        }
        if (certs.isEmpty()) {
            throw new CertificateException("a self-signed certificate (" + subject(path[0]) + ") is not a user or "
                    + "host credential");
        }
        try {
            PKIXParameters params = new PKIXParameters(anchors.anchors());
            // CRLs come from the CA directory, not from the network; see the security issue.
            params.setRevocationEnabled(false);
            params.setDate(when);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(certs), params);
        } catch (CertPathValidatorException e) {
            throw new CertificateException("certificate " + subject(certs.get(0)) + " is not issued by a trusted CA ("
                    + e.getMessage() + "; trusted: " + anchors.certificates().stream().map(ChainValidator::subject)
                    .toList() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot validate " + subject(certs.get(0)) + ": " + e.getMessage(), e);
        }
    }

    static String subject(X509Certificate c) {
        return org.agora.security.identity.DistinguishedNames.toSlash(c.getSubjectX500Principal());
    }
}

package org.agora.security.identity;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads what kind of proxy a certificate is, and its path-length constraint, from its extensions and names. */
public final class ProxyCertificates {
    /** id-pe-proxyCertInfo, RFC 3820. */
    public static final ASN1ObjectIdentifier RFC3820_PROXY_CERT_INFO = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.14");
    /** The pre-RFC draft's ProxyCertInfo, as GT3 wrote it. */
    public static final ASN1ObjectIdentifier DRAFT_PROXY_CERT_INFO = new ASN1ObjectIdentifier("1.3.6.1.4.1.3536.1.222");
    /** id-ppl-inheritAll: impersonation. */
    public static final ASN1ObjectIdentifier INHERIT_ALL = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.21.1");
    /** id-ppl-independent. */
    public static final ASN1ObjectIdentifier INDEPENDENT = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.21.2");
    /** Globus' limited-proxy policy language. */
    public static final ASN1ObjectIdentifier LIMITED = new ASN1ObjectIdentifier("1.3.6.1.4.1.3536.1.1.1.9");

    private ProxyCertificates() {
    }

    public static ProxyType typeOf(X509Certificate certificate) {
        ProxyCertInfo info = proxyCertInfo(certificate);
        if (info != null) {
            boolean draft = info.draft();
            if (LIMITED.equals(info.policyLanguage())) {
                return draft ? ProxyType.DRAFT_LIMITED : ProxyType.RFC3820_LIMITED;
            }
            if (INDEPENDENT.equals(info.policyLanguage()) && !draft) {
                return ProxyType.RFC3820_INDEPENDENT;
            }
            return draft ? ProxyType.DRAFT_IMPERSONATION : ProxyType.RFC3820_IMPERSONATION;
        }
        String lastCn = legacyProxyCn(certificate);
        if ("proxy".equals(lastCn)) {
            return ProxyType.LEGACY_FULL;
        }
        if ("limited proxy".equals(lastCn)) {
            return ProxyType.LEGACY_LIMITED;
        }
        return ProxyType.END_ENTITY;
    }

    /** The proxy path-length constraint, when the certificate carries one. */
    public static OptionalInt pathLength(X509Certificate certificate) {
        ProxyCertInfo info = proxyCertInfo(certificate);
        return info == null || info.pathLength() == null ? OptionalInt.empty() : OptionalInt.of(info.pathLength());
    }

    /**
     * A legacy proxy's subject is its issuer's subject plus one CN of "proxy" or "limited proxy";
     * anything else with such a CN is an end-entity certificate with an odd name.
     */
    private static String legacyProxyCn(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
        RDN[] s = subject.getRDNs();
        RDN[] i = issuer.getRDNs();
        if (s.length != i.length + 1 || !Arrays.equals(Arrays.copyOf(s, i.length), i)) {
            return null;
        }
        RDN last = s[s.length - 1];
        if (last.isMultiValued() || !BCStyle.CN.equals(last.getFirst().getType())) {
            return null;
        }
        return IETFUtils.valueToString(last.getFirst().getValue());
    }

    record ProxyCertInfo(boolean draft, Integer pathLength, ASN1ObjectIdentifier policyLanguage) {
    }

    static ProxyCertInfo proxyCertInfo(X509Certificate certificate) {
        boolean draft = false;
        byte[] value = certificate.getExtensionValue(RFC3820_PROXY_CERT_INFO.getId());
        if (value == null) {
            value = certificate.getExtensionValue(DRAFT_PROXY_CERT_INFO.getId());
            draft = value != null;
        }
        if (value == null) {
            return null;
        }
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(value).getOctets()));
            Integer pathLength = null;
            ASN1ObjectIdentifier language = null;
            for (ASN1Encodable element : seq) {
                if (element instanceof ASN1Integer n) {
                    pathLength = n.intValueExact();
                } else if (element instanceof ASN1Sequence policy) {
                    language = ASN1ObjectIdentifier.getInstance(policy.getObjectAt(0));
                }
            }
            return new ProxyCertInfo(draft, pathLength, language);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                    + " has a ProxyCertInfo extension that cannot be parsed: " + e.getMessage(), e);
        }
    }
}

package org.agora.security.identity;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A caller as services see it: the subject of the end-entity certificate behind any proxies, in
 * slash and RFC 2253 form, and the kind of proxy it came through (limited if any proxy in the
 * chain was limited).
 *
 * @param dn slash form, e.g. {@code /DC=org/DC=example/CN=Jane Doe}: what owners and admin lists hold
 * @param rfc2253 the same name as RFC 2253 prints it
 * @param proxyType the kind of the first certificate of the chain
 * @param fqans VOMS attributes ({@code /vo/group/Role=r}) verified from the proxy, primary first;
 *     empty when the proxy carries none or none could be verified
 * @param fqansNotAfter when the earliest of the attribute certificates granting them expires; null
 *     without FQANs
 * @param relayedBy the slash-form host DN of the trusted compute element that relayed the call for
 *     this identity (it connected, the identity signed); null for a call the identity made itself
 */
public record GridIdentity(String dn, String rfc2253, ProxyType proxyType, List<String> fqans,
                           java.time.Instant fqansNotAfter, String relayedBy) {

    public GridIdentity {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(rfc2253, "rfc2253");
        Objects.requireNonNull(proxyType, "proxyType");
        fqans = fqans == null ? List.of() : List.copyOf(fqans);
    }

    public GridIdentity(String dn, String rfc2253, ProxyType proxyType) {
        this(dn, rfc2253, proxyType, List.of(), null, null);
    }

    public GridIdentity(String dn, String rfc2253, ProxyType proxyType, List<String> fqans) {
        this(dn, rfc2253, proxyType, fqans, null, null);
    }

    public GridIdentity(String dn, String rfc2253, ProxyType proxyType, List<String> fqans,
                        java.time.Instant fqansNotAfter) {
        this(dn, rfc2253, proxyType, fqans, fqansNotAfter, null);
    }

    /** The same identity with verified VOMS attributes, valid until {@code notAfter}. */
    public GridIdentity withFqans(List<String> verified, java.time.Instant notAfter) {
        return new GridIdentity(dn, rfc2253, proxyType, verified, notAfter, relayedBy);
    }

    /** The same identity, its call relayed by the trusted compute element {@code ceDn}. */
    public GridIdentity withRelay(String ceDn) {
        return new GridIdentity(dn, rfc2253, proxyType, fqans, fqansNotAfter, Objects.requireNonNull(ceDn, "ceDn"));
    }

    /** Whether a trusted compute element relayed this identity's call. */
    public boolean isRelayed() {
        return relayedBy != null;
    }

    /** The identity of a chain ordered leaf first, as TLS delivers it. The chain must be validated already. */
    public static GridIdentity fromChain(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("an empty certificate chain has no identity");
        }
        ProxyType first = ProxyCertificates.typeOf(chain[0]);
        boolean limited = false;
        for (X509Certificate c : chain) {
            ProxyType t = ProxyCertificates.typeOf(c);
            if (!t.isProxy()) {
                ProxyType effective = limited && !first.isLimited() ? limitedFormOf(first) : first;
                return new GridIdentity(DistinguishedNames.toSlash(c.getSubjectX500Principal()),
                        c.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253), effective);
            }
            limited |= t.isLimited();
        }
        throw new IllegalArgumentException("the chain holds only proxy certificates; its end-entity certificate "
                + "is missing (subject of the last one: " + chain[chain.length - 1].getSubjectX500Principal() + ")");
    }

    private static ProxyType limitedFormOf(ProxyType t) {
        return switch (t) {
            case LEGACY_FULL, LEGACY_LIMITED -> ProxyType.LEGACY_LIMITED;
            case DRAFT_IMPERSONATION, DRAFT_LIMITED -> ProxyType.DRAFT_LIMITED;
            default -> ProxyType.RFC3820_LIMITED;
        };
    }

    public boolean isLimited() {
        return proxyType.isLimited();
    }

    @Override
    public String toString() {
        return dn;
    }
}

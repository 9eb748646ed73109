package org.agora.security.authz;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.ProxyCertificates;

/**
 * The compute elements (GRAM gatekeepers and the like) a site trusts to relay calls for their
 * users: the host DNs their TLS connections present. A CE's users sign their calls with the proxy
 * they delegated to it, so what a relayed call may do is still the user's to prove; the list only
 * says whose connection may carry someone else's signature. Sealed at construction; empty means no
 * CE relays anything.
 */
public final class TrustedComputeElements {
    /** A site that trusts no CE: every call's signer must be its TLS client. */
    public static final TrustedComputeElements NONE = new TrustedComputeElements(Set.of());

    /**
     * The last component of a proxy's subject: Globus legacy ({@code CN=proxy}, {@code CN=limited
     * proxy}) or the serial number RFC 3820 and the pre-RFC draft use.
     */
    private static final Pattern PROXY_TAIL = Pattern.compile(".*/CN=(proxy|limited proxy|[0-9]+)$");

    private final Set<String> hostDns;

    /**
     * @param hostDns slash-form subjects of the CEs' host certificates
     * @throws IllegalArgumentException naming the first value that is not a slash-form DN, or is a
     *     proxy's subject (a proxy belongs to a person, never to a host that relays for others)
     */
    public TrustedComputeElements(Set<String> hostDns) {
        for (String dn : hostDns) {
            String problem = problemWith(dn);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        this.hostDns = Set.copyOf(hostDns);
    }

    /** Why {@code dn} cannot name a trusted CE, or null when it can. */
    public static String problemWith(String dn) {
        try {
            DistinguishedNames.fromSlash(dn);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (PROXY_TAIL.matcher(dn).matches()) {
            return "'" + dn + "' is the subject of a proxy certificate; name the CE's host certificate subject, "
                    + "e.g. /DC=org/DC=example/CN=host/ce.example.org";
        }
        return null;
    }

    /**
     * The CE whose connection this is: its host DN when the TLS peer's own certificate (the leaf,
     * not the end-entity behind any proxies) is an end-entity certificate whose subject is listed.
     * A proxy of a listed host's certificate is not the host: whoever holds a proxy was handed it,
     * and a CE never relays through one. A proxy's subject always extends its issuer's, so the
     * subject alone would refuse it; the proxy test is kept so that the rule does not rest on that.
     */
    public Optional<String> relayingCe(X509Certificate[] tlsChain) {
        if (hostDns.isEmpty() || tlsChain == null || tlsChain.length == 0
                || ProxyCertificates.typeOf(tlsChain[0]).isProxy()) {
            return Optional.empty();
        }
        String dn = DistinguishedNames.toSlash(tlsChain[0].getSubjectX500Principal());
        return hostDns.contains(dn) ? Optional.of(dn) : Optional.empty();
    }

    public boolean isEmpty() {
        return hostDns.isEmpty();
    }

    /** The listed host DNs, sorted. */
    public Set<String> hostDns() {
        return new TreeSet<>(hostDns);
    }
}

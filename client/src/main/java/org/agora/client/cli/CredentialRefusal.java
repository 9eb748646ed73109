package org.agora.client.cli;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.trust.ChainProblem;
import org.agora.security.trust.ChainRejectedException;
import org.agora.security.trust.ChainValidator;
import org.agora.security.trust.TrustAnchors;

/**
 * The one line a user reads when the CAs of their own CA directory refuse their credential: the
 * same validator and the same codes a site's TLS layer uses, checked before any call so that the
 * user learns the reason instead of a cut connection. The code ends the line in brackets, as in
 * the service's log ({@code event=tls.peer_rejected}).
 */
final class CredentialRefusal {
    /** The most telling problem first: a generic "no trust anchor" often accompanies a precise one. */
    private static final List<String> PRECEDENCE = List.of(ChainValidator.NOT_VALID_AT, "certificateExpired",
            "certificateNotYetValid", "certRevoked", "nsNotAccepted", "nsDeny", "nsUndefinedAndRequired",
            "proxyLength", "pathLenghtExtended", ChainValidator.FULL_BELOW_LIMITED, "signatureNotVerified",
            "noTrustAnchorFound", "noIssuerPublicKey");

    private CredentialRefusal() {
    }

    /**
     * @param credential where the credential came from, for the user (a proxy file)
     * @param chain the credential's chain, leaf first
     */
    static String describe(ChainRejectedException rejected, String credential, X509Certificate[] chain,
                           TrustAnchors anchors) {
        ChainProblem problem = primary(rejected.problems());
        String where = anchors.directory() == null ? "your trusted CAs" : anchors.directory().toString();
        // A missing trust anchor is the last certificate's problem, whatever position canl gives it.
        boolean anchorMissing = problem.code().equals("noTrustAnchorFound") || problem.code().equals("noIssuerPublicKey");
        X509Certificate cert = !anchorMissing && problem.position() >= 0 && problem.position() < chain.length
                ? chain[problem.position()] : endEntity(chain);
        String subject = slash(cert);
        String issuer = DistinguishedNames.toSlash(cert.getIssuerX500Principal());
        String reason = switch (problem.code()) {
            case ChainValidator.NOT_VALID_AT, "certificateExpired", "certificateNotYetValid" ->
                    "certificate " + subject + " is not valid now (valid from " + cert.getNotBefore().toInstant()
                            + " to " + cert.getNotAfter().toInstant() + "); make a new proxy with 'grid-proxy-init' "
                            + "(or 'agora proxy-init'), or renew your certificate with your CA";
            case "certRevoked" -> "certificate " + subject + " (serial " + cert.getSerialNumber().toString(16)
                    + ") is revoked by its CA's CRL in " + where + "; ask your CA (" + issuer + ") for a new one";
            case "nsNotAccepted", "nsDeny", "nsUndefinedAndRequired" -> "certificate " + subject + " is outside the "
                    + "names its CA " + issuer + " may sign (the CA's .namespaces or .signing_policy in " + where
                    + "); only a certificate inside that namespace is accepted";
            case "proxyLength", "pathLenghtExtended" -> "your proxy chain has more proxies than a proxy in it allows "
                    + "(its path-length limit); make a new proxy from your certificate with 'grid-proxy-init' (or "
                    + "'agora proxy-init')";
            case ChainValidator.FULL_BELOW_LIMITED -> "a full proxy was made from a limited one, which no site "
                    + "accepts; make a new proxy from your certificate with 'grid-proxy-init'";
            case "signatureNotVerified", "noIssuerPublicKey", "noTrustAnchorFound" -> untrustedIssuer(subject, issuer,
                    cert, anchors, where);
            default -> problem.toString();
        };
        return "your credential " + credential + " is refused by the CAs in " + where + ", as the site's would refuse "
                + "it: " + reason + " [" + problem.code() + "]";
    }

    private static String untrustedIssuer(String subject, String issuer, X509Certificate cert, TrustAnchors anchors,
                                          String where) {
        Optional<X509Certificate> namesake = anchors.certificates().stream()
                .filter(ca -> ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal())).findFirst();
        if (namesake.isPresent()) {
            return "certificate " + subject + " names " + issuer + " as its issuer, but that CA's key (in " + where
                    + ") did not sign it: it was made by another CA with the same name, or forged";
        }
        return "certificate " + subject + " was issued by " + issuer + ", which is not among the trusted CAs in "
                + where + "; use a certificate from a CA the site trusts (the site's CA files go in X509_CERT_DIR)";
    }

    private static ChainProblem primary(List<ChainProblem> problems) {
        for (String code : PRECEDENCE) {
            for (ChainProblem p : problems) {
                if (p.code().equals(code)) {
                    return p;
                }
            }
        }
        return problems.get(0);
    }

    /** The first certificate that is not a proxy, as the trust decision is about it. */
    private static X509Certificate endEntity(X509Certificate[] chain) {
        for (X509Certificate c : chain) {
            if (!org.agora.security.identity.ProxyCertificates.typeOf(c).isProxy()) {
                return c;
            }
        }
        return chain[chain.length - 1];
    }

    private static String slash(X509Certificate c) {
        return DistinguishedNames.toSlash(c.getSubjectX500Principal());
    }
}

package org.agora.security.trust;

import eu.emi.security.authn.x509.CrlCheckingMode;
import eu.emi.security.authn.x509.NamespaceCheckingMode;
import eu.emi.security.authn.x509.OCSPCheckingMode;
import eu.emi.security.authn.x509.OCSPParametes;
import eu.emi.security.authn.x509.ProxySupport;
import eu.emi.security.authn.x509.RevocationParameters;
import eu.emi.security.authn.x509.ValidationError;
import eu.emi.security.authn.x509.ValidationResult;
import eu.emi.security.authn.x509.X509CertChainValidatorExt;
import eu.emi.security.authn.x509.impl.CRLParameters;
import eu.emi.security.authn.x509.impl.InMemoryKeystoreCertChainValidator;
import eu.emi.security.authn.x509.impl.OpensslCertChainValidator;
import eu.emi.security.authn.x509.impl.RevocationParametersExt;
import eu.emi.security.authn.x509.impl.ValidatorParams;
import eu.emi.security.authn.x509.impl.ValidatorParamsExt;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.agora.security.identity.DistinguishedNames;
import org.agora.security.identity.ProxyType;
import org.agora.security.identity.ProxyCertificates;

/**
 * Validates a chain ordered leaf first (proxies, then the end-entity certificate, then any
 * intermediate CAs) with EMI's canl-java, the grid's reference validator: RFC 3820, draft and
 * legacy proxies, path lengths, CRLs ({@code <hash>.r0}), and the CA directory's
 * {@code .signing_policy} / {@code .namespaces}, re-read as the directory changes. Agora adds two
 * rules of its own, each with its code: validity at a given instant (so expiry can be judged ahead
 * of time) and no full proxy below a limited one.
 */
public final class ChainValidator implements AutoCloseable {
    /** Agora's own problem codes, beside canl's. */
    public static final String NOT_VALID_AT = "NOT_VALID_AT_TIME";
    public static final String FULL_BELOW_LIMITED = "FULL_PROXY_BELOW_LIMITED";
    public static final String EMPTY_CHAIN = "EMPTY_CHAIN";
    public static final String VALIDATOR_FAILED = "VALIDATOR_FAILED";

    /** How often a CA directory is checked for new, changed or removed CAs, CRLs and policies. */
    public static final Duration DEFAULT_REREAD = Duration.ofMinutes(1);

    private final TrustAnchors anchors;
    private final Duration reread;
    private final TrustedChains trusted;
    private final List<X509Certificate> caCertificates;
    private final AtomicLong generation = new AtomicLong();
    private volatile X509CertChainValidatorExt canl;

    public ChainValidator(TrustAnchors anchors) {
        this(anchors, DEFAULT_REREAD);
    }

    public ChainValidator(TrustAnchors anchors, Duration reread) {
        this(anchors, reread, TrustedChains.NONE);
    }

    /**
     * A validator that first asks {@code trusted} whether a chain was found trusted before, and
     * builds canl's validator (reading the CA directory, building BouncyCastle's provider) only for
     * a chain it does not vouch for. Without such a memory canl's validator is built at once.
     */
    public ChainValidator(TrustAnchors anchors, Duration reread, TrustedChains trusted) {
        this.anchors = anchors;
        this.reread = reread;
        this.trusted = trusted;
        this.caCertificates = List.copyOf(anchors.certificates());
        if (trusted == TrustedChains.NONE) {
            canl();
        }
    }

    private X509CertChainValidatorExt canl() {
        X509CertChainValidatorExt built = canl;
        if (built == null) {
            synchronized (this) {
                built = canl;
                if (built == null) {
                    built = newCanl(anchors, reread);
                    // Every (re)load of a CA, CRL or policy file moves the generation, so verdicts remembered
                    // about a chain (per TLS session) are worked out again once the directory may say otherwise.
                    built.addUpdateListener((location, type, severity, cause) -> generation.incrementAndGet());
                    canl = built;
                }
            }
        }
        return built;
    }

    private static X509CertChainValidatorExt newCanl(TrustAnchors anchors, Duration reread) {
        CrlCheckingMode crls = CrlCheckingMode.IF_VALID;
        OCSPParametes noOcsp = new OCSPParametes(OCSPCheckingMode.IGNORE);
        if (anchors.directory() != null) {
            // canl reads a directory by one hash style: the one its files are named by.
            return new OpensslCertChainValidator(anchors.directory().toString(), anchors.usesCurrentHashNames(),
                    NamespaceCheckingMode.EUGRIDPMA_GLOBUS, reread.toMillis(),
                    new ValidatorParams(new RevocationParameters(crls, noOcsp), ProxySupport.ALLOW), false);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : anchors.certificates()) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            return new InMemoryKeystoreCertChainValidator(store, new ValidatorParamsExt(
                    new RevocationParametersExt(crls, new CRLParameters(), noOcsp), ProxySupport.ALLOW));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the trusted CAs in memory", e);
        }
    }

    /**
     * A number that changes whenever the CA directory's certificates, CRLs or policies were read
     * again: a chain found valid at one generation is valid at the same generation until the
     * earliest {@code notAfter} of its certificates.
     */
    public long generation() {
        return generation.get();
    }

    /** The end of the shortest-lived certificate of {@code chain}: the chain is invalid from then on. */
    public static Instant validUntil(X509Certificate[] chain) {
        Instant until = Instant.MAX;
        for (X509Certificate c : chain) {
            Instant notAfter = c.getNotAfter().toInstant();
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        return until;
    }

    /** Validates at the present; see {@link #validate(X509Certificate[], Instant)}. */
    public void validate(X509Certificate[] chain) throws ChainRejectedException {
        validate(chain, Instant.now());
    }

    /**
     * Throws with every problem found; returns when the chain is trusted. Validity periods are
     * judged at {@code at}, everything else at the present.
     */
    public void validate(X509Certificate[] chain, Instant at) throws ChainRejectedException {
        if (chain == null || chain.length == 0) {
            throw new ChainRejectedException(List.of(new ChainProblem(EMPTY_CHAIN, -1, "-",
                    "no certificate was presented")));
        }
        List<ChainProblem> problems = new ArrayList<>();
        Date when = Date.from(at);
        for (int i = 0; i < chain.length; i++) {
            try {
                chain[i].checkValidity(when);
            } catch (CertificateException e) {
                problems.add(new ChainProblem(NOT_VALID_AT, i, subject(chain[i]), "not valid at " + at
                        + " (valid from " + chain[i].getNotBefore().toInstant() + " to "
                        + chain[i].getNotAfter().toInstant() + ")"));
            }
        }
        boolean limitedAbove = false;
        for (int i = chain.length - 1; i >= 0; i--) {
            ProxyType type = ProxyCertificates.typeOf(chain[i]);
            if (type.isProxy() && limitedAbove && !type.isLimited()) {
                problems.add(new ChainProblem(FULL_BELOW_LIMITED, i, subject(chain[i]),
                        "a full proxy signed by a limited one"));
            }
            limitedAbove |= type.isLimited();
        }
        if (problems.isEmpty() && trusted.trusted(chain)) {
            return;
        }
        ValidationResult result;
        try {
            result = canl().validate(chain);
        } catch (RuntimeException canlFailed) {
            // canl 2.8.3 throws (a NullPointerException) instead of answering for a chain whose
            // certificate names a trusted CA, which has a CRL, but was signed by another key.
            problems.addAll(signaturesNotVerified(chain));
            if (problems.isEmpty()) {
                problems.add(new ChainProblem(VALIDATOR_FAILED, -1, "-", "the chain could not be validated: "
                        + canlFailed));
            }
            throw new ChainRejectedException(problems);
        }
        if (!result.isValid()) {
            for (ValidationError e : result.getErrors()) {
                int position = e.getPosition();
                String subject = position >= 0 && position < chain.length ? subject(chain[position]) : "-";
                problems.add(new ChainProblem(e.getErrorCode().name(), position, subject, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ChainRejectedException(problems);
        }
        trusted.remember(chain, validUntil(chain));
    }

    /** Each certificate whose signature the key of its issuer (next in the chain, else a trusted CA) does not verify. */
    private List<ChainProblem> signaturesNotVerified(X509Certificate[] chain) {
        List<ChainProblem> problems = new ArrayList<>();
        for (int i = 0; i < chain.length; i++) {
            X509Certificate cert = chain[i];
            List<X509Certificate> issuers = i + 1 < chain.length ? List.of(chain[i + 1]) : caCertificates.stream()
                    .filter(ca -> ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal())).toList();
            boolean verified = false;
            for (X509Certificate issuer : issuers) {
                try {
                    cert.verify(issuer.getPublicKey());
                    verified = true;
                } catch (GeneralSecurityException notThisKey) {
                    // Try the next CA of that name, if any.
                }
            }
            if (!issuers.isEmpty() && !verified) {
                problems.add(new ChainProblem("signatureNotVerified", i, subject(cert), "its signature does not verify "
                        + "with the key of " + DistinguishedNames.toSlash(cert.getIssuerX500Principal())));
            }
        }
        return problems;
    }

    static String subject(X509Certificate c) {
        return DistinguishedNames.toSlash(c.getSubjectX500Principal());
    }

    /** Stops re-reading the CA directory. */
    @Override
    public void close() {
        X509CertChainValidatorExt built = canl;
        if (built != null) {
            built.dispose();
        }
    }
}

package org.agora.security.voms;

import eu.emi.security.authn.x509.NamespaceCheckingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.agora.security.identity.GridIdentity;
import org.italiangrid.voms.VOMSAttribute;
import org.italiangrid.voms.VOMSValidators;
import org.italiangrid.voms.ac.VOMSACValidator;
import org.italiangrid.voms.ac.VOMSValidationResult;
import org.italiangrid.voms.store.VOMSTrustStores;
import org.italiangrid.voms.util.CertificateValidatorBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a validated chain into a {@link GridIdentity} with the FQANs its VOMS attribute
 * certificates grant. An AC that is expired, not for this holder, or signed by an attribute
 * authority the vomsdir does not list is ignored, and the reason logged: never trusted.
 */
public final class VomsVerifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VomsVerifier.class);

    private final VOMSACValidator validator;

    /**
     * @param vomsDir the vomsdir ({@code <vo>/<host>.lsc} files)
     * @param certificatesDir the CA directory the attribute authorities' certificates chain to
     */
    public VomsVerifier(Path vomsDir, Path certificatesDir) {
        var chains = new CertificateValidatorBuilder().trustAnchorsDir(certificatesDir.toString())
                .namespaceChecks(NamespaceCheckingMode.EUGRIDPMA_GLOBUS).lazyAnchorsLoading(false).build();
        this.validator = VOMSValidators.newValidator(VOMSTrustStores.newTrustStore(List.of(vomsDir.toString())),
                chains);
    }

    /** A verifier when the directory exists, else none (VOMS is optional for a site). */
    public static java.util.Optional<VomsVerifier> forDirectory(Path vomsDir, Path certificatesDir) {
        if (vomsDir == null || !Files.isDirectory(vomsDir)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new VomsVerifier(vomsDir, certificatesDir));
    }

    /** The chain's identity with its verified FQANs, primary first. The chain must be validated already. */
    public GridIdentity identify(X509Certificate[] chain) {
        GridIdentity identity = GridIdentity.fromChain(chain);
        List<String> fqans = new ArrayList<>();
        java.time.Instant notAfter = null;
        for (VOMSValidationResult r : validator.validateWithResult(chain)) {
            VOMSAttribute attributes = r.getAttributes();
            if (r.isValid()) {
                fqans.addAll(attributes.getFQANs());
                java.time.Instant until = attributes.getNotAfter().toInstant();
                notAfter = notAfter == null || until.isBefore(notAfter) ? until : notAfter;
            } else {
                LOG.warn("event=voms.ac_ignored dn=\"{}\" vo={} reasons=\"{}\"", identity.dn(),
                        attributes == null ? "-" : attributes.getVO(), r.getValidationErrors());
            }
        }
        return fqans.isEmpty() ? identity : identity.withFqans(fqans, notAfter);
    }

    @Override
    public void close() {
        validator.shutdown();
    }
}

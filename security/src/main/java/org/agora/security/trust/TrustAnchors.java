package org.agora.security.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.agora.security.credential.CredentialException;

/** The CA certificates a process trusts, read from a grid certificates directory. */
public final class TrustAnchors {
    private static final Pattern CA_FILE = Pattern.compile("[0-9a-f]{8}\\.[0-9]+");

    private final Path directory;
    private final List<X509Certificate> certificates;
    private final boolean newHashNames;

    private TrustAnchors(Path directory, List<X509Certificate> certificates, boolean newHashNames) {
        this.directory = directory;
        this.certificates = List.copyOf(certificates);
        this.newHashNames = newHashNames;
    }

    /** Reads every {@code <hash>.<n>} file of {@code directory}; other files (CRLs, policies) are not CAs. */
    public static TrustAnchors fromDirectory(Path directory) throws CredentialException {
        if (!Files.isDirectory(directory)) {
            throw new CredentialException("trusted CA directory " + directory + " does not exist; set X509_CERT_DIR "
                    + "or the certificates.dir setting to a directory of <hash>.0 CA files");
        }
        Map<String, X509Certificate> bySubjectAndKey = new LinkedHashMap<>();
        int newNames = 0;
        int oldNames = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Path file : files) {
                if (!CA_FILE.matcher(file.getFileName().toString()).matches()) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    Collection<? extends java.security.cert.Certificate> read = factory.generateCertificates(in);
                    for (var c : read) {
                        X509Certificate x = (X509Certificate) c;
                        String hash = file.getFileName().toString().substring(0, 8);
                        newNames += hash.equals(SubjectHashes.current(x.getSubjectX500Principal())) ? 1 : 0;
                        oldNames += hash.equals(SubjectHashes.old(x.getSubjectX500Principal())) ? 1 : 0;
                        // Both hash styles often link to one CA: keep it once.
                        bySubjectAndKey.putIfAbsent(x.getSubjectX500Principal().getName() + "|"
                                + java.util.HexFormat.of().formatHex(x.getPublicKey().getEncoded()), x);
                    }
                } catch (CertificateException e) {
                    throw new CredentialException("CA file " + file + " is not a PEM certificate: " + e.getMessage(), e);
                }
            }
        } catch (IOException | CertificateException e) {
            throw new CredentialException("cannot read trusted CA directory " + directory + ": " + e.getMessage(), e);
        }
        if (bySubjectAndKey.isEmpty()) {
            throw new CredentialException("trusted CA directory " + directory + " holds no <hash>.0 CA files; "
                    + "install your CA's certificates there");
        }
        return new TrustAnchors(directory, new ArrayList<>(bySubjectAndKey.values()), newNames >= oldNames);
    }

    /** Trust exactly these CA certificates (tests, and clients given one CA). */
    public static TrustAnchors of(X509Certificate... certificates) {
        return new TrustAnchors(null, List.of(certificates), true);
    }

    /** Where a user's tools look: X509_CERT_DIR, then ~/.globus/certificates, then /etc/grid-security/certificates. */
    public static Path locateDirectory(Map<String, String> env, Path home) {
        String fromEnv = env.get("X509_CERT_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path personal = home.resolve(".globus/certificates");
        return Files.isDirectory(personal) ? personal : Path.of("/etc/grid-security/certificates");
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public Set<TrustAnchor> anchors() {
        return certificates.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
    }

    /**
     * Whether the directory names its files by OpenSSL's current subject hash (1.0 onwards) rather
     * than the old MD5 one; a directory holding both counts as current.
     */
    public boolean usesCurrentHashNames() {
        return newHashNames;
    }

    /** The directory read, or null when built from certificates. */
    public Path directory() {
        return directory;
    }
}

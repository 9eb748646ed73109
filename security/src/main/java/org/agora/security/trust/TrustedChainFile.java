package org.agora.security.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Trusted chains remembered in a file of the user's own ({@code ~/.agora/trusted-chains}), one line
 * each: the SHA-256 of the chain, the SHA-256 of the CA directory's state (the name, size and
 * modification time of every file in it: CAs, CRLs, signing policies, namespaces), and the end of
 * the verdict. A verdict lapses at the first of: the end of the shortest-lived certificate in the
 * chain; the next update of any CRL in the directory (one already past it is ignored, as the
 * validator ignores an outdated CRL); {@code bound} after it was reached. Any change to the
 * directory changes its state, so a new CRL, CA or policy is judged by the validator at once.
 * The file is an aid to speed only: one that cannot be read or written is ignored.
 */
public final class TrustedChainFile implements TrustedChains {
    /** The longest a remembered verdict holds. */
    public static final Duration DEFAULT_BOUND = Duration.ofHours(1);

    private static final int MAX_ENTRIES = 64;
    private static final Pattern CRL_FILE = Pattern.compile("[0-9a-f]{8}\\.r[0-9]+");

    private final Path file;
    private final Path caDirectory;
    private final Duration bound;
    private final Clock clock;
    private String directoryState;

    public TrustedChainFile(Path file, Path caDirectory, Duration bound, Clock clock) {
        this.file = file;
        this.caDirectory = caDirectory;
        this.bound = bound;
        this.clock = clock;
    }

    @Override
    public boolean trusted(X509Certificate[] chain) {
        String key;
        try {
            key = key(chain);
        } catch (IOException | GeneralSecurityException unreadable) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        for (String line : lines()) {
            int space = line.lastIndexOf(' ');
            if (space > 0 && line.substring(0, space).equals(key) && untilOf(line, space) > now) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void remember(X509Certificate[] chain, Instant until) {
        try {
            Instant now = clock.instant();
            Instant end = earliest(earliest(until, now.plus(bound)), nextCrlUpdate(now));
            if (!end.isAfter(now)) {
                return;
            }
            String key = key(chain);
            List<String> kept = new ArrayList<>();
            kept.add(key + " " + end.getEpochSecond());
            for (String line : lines()) {
                int space = line.lastIndexOf(' ');
                if (kept.size() < MAX_ENTRIES && space > 0 && !line.substring(0, space).equals(key)
                        && untilOf(line, space) > now.getEpochSecond()) {
                    kept.add(line);
                }
            }
            Files.createDirectories(file.getParent());
            Path next = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(next, kept, StandardCharsets.US_ASCII);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(next);
            }
        } catch (IOException | GeneralSecurityException | UnsupportedOperationException notRemembered) {
            // The next call validates again: slower, never less safe.
        }
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException | java.io.UncheckedIOException none) {
            return List.of();
        }
    }

    private static long untilOf(String line, int space) {
        try {
            return Long.parseLong(line.substring(space + 1));
        } catch (NumberFormatException damaged) {
            return Long.MIN_VALUE;
        }
    }

    private String key(X509Certificate[] chain) throws IOException, GeneralSecurityException {
        MessageDigest sha = sha256();
        for (X509Certificate c : chain) {
            sha.update(c.getEncoded());
        }
        return HexFormat.of().formatHex(sha.digest()) + " " + directoryState();
    }

    /** The CA directory's files, in name order, with their sizes and modification times, as one digest. */
    private String directoryState() throws IOException, NoSuchAlgorithmException {
        if (directoryState == null) {
            TreeMap<String, String> files = new TreeMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(caDirectory)) {
                for (Path entry : entries) {
                    BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class);
                    files.put(entry.getFileName().toString(), a.size() + " " + a.lastModifiedTime().toInstant());
                }
            }
            MessageDigest sha = sha256();
            files.forEach((name, attributes) -> sha.update((name + " " + attributes + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            directoryState = HexFormat.of().formatHex(sha.digest());
        }
        return directoryState;
    }

    /** The earliest next update of the directory's CRLs that is still ahead ({@link Instant#MAX} if none). */
    private Instant nextCrlUpdate(Instant now) throws IOException, GeneralSecurityException {
        Instant next = Instant.MAX;
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        try (DirectoryStream<Path> crls = Files.newDirectoryStream(caDirectory,
                p -> CRL_FILE.matcher(p.getFileName().toString()).matches())) {
            for (Path crlFile : crls) {
                try (InputStream in = Files.newInputStream(crlFile)) {
                    for (CRL crl : x509.generateCRLs(in)) {
                        Instant update = crl instanceof X509CRL x && x.getNextUpdate() != null
                                ? x.getNextUpdate().toInstant() : Instant.MAX;
                        next = update.isAfter(now) ? earliest(next, update) : next;
                    }
                }
            }
        }
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}

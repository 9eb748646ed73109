package org.agora.security.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the user's credential where grid tools look: {@code X509_USER_PROXY}, then
 * {@code /tmp/x509up_u<uid>}, then {@code X509_USER_CERT}/{@code X509_USER_KEY}, then
 * {@code ~/.globus/usercert.pem} and {@code userkey.pem}.
 */
public final class CredentialLocator {
    private final Map<String, String> env;
    private final Path home;
    private final long uid;

    public CredentialLocator(Map<String, String> env, Path home, long uid) {
        this.env = env;
        this.home = home;
        this.uid = uid;
    }

    public static CredentialLocator forCurrentUser() {
        return new CredentialLocator(System.getenv(), Path.of(System.getProperty("user.home")), currentUid());
    }

    /** The numeric user id, as the default proxy file name needs it. */
    public static long currentUid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** The default proxy file of this user, whether or not it exists. */
    public Path defaultProxyFile() {
        String fromEnv = env.get("X509_USER_PROXY");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of("/tmp/x509up_u" + uid);
    }

    /** The file the credential will be read from (the certificate file when no proxy is found). */
    public Path locateFile() throws CredentialException {
        return locateFiles()[0];
    }

    public GridCredential locate() throws CredentialException {
        Path[] files = locateFiles();
        return files.length == 1 ? GridCredential.fromProxyFile(files[0])
                : GridCredential.fromCertificateAndKey(files[0], files[1]);
    }

    private Path[] locateFiles() throws CredentialException {
        List<String> tried = new ArrayList<>();
        String proxyEnv = env.get("X509_USER_PROXY");
        if (proxyEnv != null && !proxyEnv.isBlank()) {
            Path proxy = Path.of(proxyEnv);
            if (Files.exists(proxy)) {
                return new Path[] {proxy};
            }
            // An explicit setting that points nowhere is an error, not a reason to fall back silently.
            throw new CredentialException("X509_USER_PROXY names " + proxy + ", which does not exist; run "
                    + "'agora proxy-init' or 'grid-proxy-init', or unset X509_USER_PROXY");
        }
        Path defaultProxy = Path.of("/tmp/x509up_u" + uid);
        if (Files.exists(defaultProxy)) {
            return new Path[] {defaultProxy};
        }
        tried.add(defaultProxy.toString());
        Path cert = env.containsKey("X509_USER_CERT") ? Path.of(env.get("X509_USER_CERT"))
                : home.resolve(".globus/usercert.pem");
        Path key = env.containsKey("X509_USER_KEY") ? Path.of(env.get("X509_USER_KEY"))
                : home.resolve(".globus/userkey.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return new Path[] {cert, key};
        }
        tried.add(cert + " with " + key);
        throw new CredentialException("no grid credential found (looked for X509_USER_PROXY, " + String.join(", ", tried)
                + "); create a proxy with 'agora proxy-init' or 'grid-proxy-init', or pass --proxy FILE");
    }
}

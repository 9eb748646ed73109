package org.agora.security.credential;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.agora.security.identity.GridIdentity;

/**
 * A private key and the certificate chain it proves, leaf first: a user or host certificate, or a
 * proxy followed by the certificates that signed it.
 */
public final class GridCredential {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    public GridCredential(PrivateKey key, X509Certificate[] chain) {
        if (key == null || chain == null || chain.length == 0) {
            throw new IllegalArgumentException("a credential needs a private key and at least one certificate");
        }
        this.key = key;
        this.chain = chain.clone();
    }

    /**
     * Reads a proxy file as grid-proxy-init writes it: the proxy certificate, its key, then the
     * certificates of the chain.
     */
    public static GridCredential fromProxyFile(Path file) throws CredentialException {
        PemFiles.Contents contents = PemFiles.read(file);
        if (contents.key() == null || contents.certificates().isEmpty()) {
            throw new CredentialException(file + " is not a proxy file: it should hold a certificate and its "
                    + "private key (found " + contents.certificates().size() + " certificate(s), "
                    + (contents.key() == null ? "no key" : "a key") + ")");
        }
        return checked(file, contents.key(), contents.certificates());
    }

    /** Reads a certificate file and a separate, unencrypted key file (usercert.pem/userkey.pem style). */
    public static GridCredential fromCertificateAndKey(Path certificateFile, Path keyFile) throws CredentialException {
        return fromCertificateAndKey(certificateFile, keyFile, null);
    }

    /** Reads a certificate file and its key file, decrypting the key with {@code password} if it is encrypted. */
    public static GridCredential fromCertificateAndKey(Path certificateFile, Path keyFile, char[] password)
            throws CredentialException {
        List<X509Certificate> certificates = PemFiles.read(certificateFile).certificates();
        if (certificates.isEmpty()) {
            throw new CredentialException(certificateFile + " holds no PEM certificate");
        }
        PrivateKey key = PemFiles.read(keyFile, password).key();
        if (key == null) {
            throw new CredentialException(keyFile + " holds no PEM private key");
        }
        return checked(certificateFile, key, certificates);
    }

    private static GridCredential checked(Path file, PrivateKey key, List<X509Certificate> certificates)
            throws CredentialException {
        X509Certificate leaf = certificates.get(0);
        if (!sameModulus(key, leaf)) {
            throw new CredentialException("the private key does not belong to the certificate "
                    + leaf.getSubjectX500Principal() + " in " + file);
        }
        return new GridCredential(key, certificates.toArray(X509Certificate[]::new));
    }

    private static boolean sameModulus(PrivateKey key, X509Certificate certificate) {
        if (key instanceof java.security.interfaces.RSAPrivateKey rsa
                && certificate.getPublicKey() instanceof java.security.interfaces.RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus());
        }
        return true;
    }

    public PrivateKey privateKey() {
        return key;
    }

    public X509Certificate[] chain() {
        return chain.clone();
    }

    public X509Certificate certificate() {
        return chain[0];
    }

    public GridIdentity identity() {
        return GridIdentity.fromChain(chain);
    }

    /** When the credential stops being usable: the earliest end of validity in its chain. */
    public Instant notAfter() {
        return Arrays.stream(chain).map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
    }

    /** Writes a proxy file readable by its owner only: certificate, key, then the rest of the chain. */
    public void writeProxyFile(Path file) throws CredentialException {
        Object[] objects = new Object[chain.length + 1];
        objects[0] = chain[0];
        objects[1] = key;
        System.arraycopy(chain, 1, objects, 2, chain.length - 1);
        PemFiles.write(file, "rw-------", objects);
    }

    /** Writes the certificate (world-readable, as grid tools expect) and its key (owner only). */
    public void writeCertificateAndKey(Path certificateFile, Path keyFile) throws CredentialException {
        PemFiles.write(certificateFile, "rw-r--r--", (Object[]) chain);
        PemFiles.write(keyFile, "r--------", key);
    }
}

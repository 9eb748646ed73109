package org.agora.security.credential;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** PEM files as OpenSSL and the Globus tools write them: certificates, PKCS#1 or PKCS#8 keys, in file order. */
public final class PemFiles {
    /**
     * OpenSSL's key derivation for encrypted PEM keys needs BouncyCastle's provider, not the JDK's.
     * Made on first decryption only: building it costs a third of a second, and reading a proxy
     * (what every {@code agora} command does) never needs it.
     */
    private static final class Bc {
        static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    private PemFiles() {
    }

    /** What a PEM file holds, in order. */
    public record Contents(List<X509Certificate> certificates, PrivateKey key) {
    }

    public static Contents read(Path file) throws CredentialException {
        return read(file, null);
    }

    /**
     * Reads a PEM file whose key may be encrypted (OpenSSL traditional or PKCS#8), with
     * {@code password}; null when the caller has none to offer.
     */
    public static Contents read(Path file, char[] password) throws CredentialException {
        if (!Files.isReadable(file)) {
            throw new CredentialException(file + " does not exist or is not readable by this user");
        }
        java.util.Optional<Contents> plain = plain(file);
        if (plain.isPresent()) {
            return plain.get();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(certs.getCertificate(holder));
                } else if (item instanceof PEMKeyPair pair) {
                    key = keys.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (item instanceof PrivateKeyInfo info) {
                    key = keys.getPrivateKey(info);
                } else if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    if (password == null) {
                        throw new EncryptedKeyException(file);
                    }
                    key = decrypt(file, item, password, keys);
                }
            }
        } catch (IOException | CertificateException e) {
            throw new CredentialException("cannot read " + file + " as PEM: " + e.getMessage(), e);
        }
        return new Contents(certificates, key);
    }

    /** A proxy's usual shape, read without BouncyCastle ({@link PlainRsaPem}); empty for anything else. */
    private static java.util.Optional<Contents> plain(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return text.contains("-----BEGIN ") ? PlainRsaPem.read(text) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static PrivateKey decrypt(Path file, Object item, char[] password, JcaPEMKeyConverter keys)
            throws CredentialException {
        try {
            if (item instanceof PEMEncryptedKeyPair pair) {
                return keys.getPrivateKey(pair.decryptKeyPair(
                        new org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password))
                        .getPrivateKeyInfo());
            }
            return keys.getPrivateKey(((PKCS8EncryptedPrivateKeyInfo) item).decryptPrivateKeyInfo(
                    new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password)));
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException e) {
            throw new CredentialException("cannot decrypt the key in " + file + ": wrong pass phrase? ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes objects (certificates, keys) as PEM to {@code file} with POSIX mode {@code mode}, via a
     * temporary file created with that mode, so a key is never briefly readable by others.
     */
    public static void write(Path file, String mode, Object... objects) throws CredentialException {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
                for (Object o : objects) {
                    pem.writeObject(new JcaMiscPEMGenerator(o));
                }
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(tmp, text.toString(), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CredentialException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

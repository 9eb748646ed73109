package org.agora.security.credential;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The PEM files a proxy is written as (grid-proxy-init's and ours): certificates and one unencrypted
 * RSA key in PKCS#1, read with the JDK alone. BouncyCastle's PEM parser and key converter cost
 * every {@code agora} command a third of a second of start-up for this one simple shape; any other
 * shape (encrypted, PKCS#8, EC, headers, damage) is left to it, so what it accepts and how it
 * refuses stay the same.
 */
final class PlainRsaPem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PlainRsaPem() {
    }

    /** The file's certificates and key, in file order; empty when the text is not of that shape. */
    static Optional<PemFiles.Contents> read(String text) {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        try {
            CertificateFactory factory = null;
            int at = 0;
            while ((at = text.indexOf(BEGIN, at)) >= 0) {
                int typeEnd = text.indexOf(DASHES, at + BEGIN.length());
                if (typeEnd < 0) {
                    return Optional.empty();
                }
                String type = text.substring(at + BEGIN.length(), typeEnd);
                String end = "-----END " + type + DASHES;
                int bodyEnd = text.indexOf(end, typeEnd);
                if (bodyEnd < 0) {
                    return Optional.empty();
                }
                String body = text.substring(typeEnd + DASHES.length(), bodyEnd);
                if (body.indexOf(':') >= 0) {
                    return Optional.empty(); // headers: an encrypted key (Proc-Type, DEK-Info)
                }
                byte[] der = Base64.getMimeDecoder().decode(body);
                if (type.equals("CERTIFICATE")) {
                    factory = factory != null ? factory : CertificateFactory.getInstance("X.509");
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                } else if (type.equals("RSA PRIVATE KEY") && key == null) {
                    key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(der)));
                } else {
                    return Optional.empty();
                }
                at = bodyEnd + end.length();
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
        return Optional.of(new PemFiles.Contents(certificates, key));
    }

    /** PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key as an OCTET STRING. */
    private static byte[] pkcs8(byte[] pkcs1) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(new byte[] {0x02, 0x01, 0x00});
        info.writeBytes(RSA_ALGORITHM);
        info.write(0x04);
        writeLength(info, pkcs1.length);
        info.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        writeLength(sequence, info.size());
        sequence.writeBytes(info.toByteArray());
        return sequence.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
    }
}

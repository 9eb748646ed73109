package org.agora.security.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The names OpenSSL gives CA files in a certificates directory: {@code openssl x509 -hash} (SHA-1
 * of the canonical subject, OpenSSL 1.0 onwards) and {@code -subject_hash_old} (MD5 of the DER
 * subject), both the first four digest bytes read little-endian, in hex.
 */
public final class SubjectHashes {
    private SubjectHashes() {
    }

    public static String current(X500Principal subject) {
        return hash("SHA-1", canonical(subject));
    }

    public static String old(X500Principal subject) {
        return hash("MD5", subject.getEncoded());
    }

    /**
     * OpenSSL's canonical encoding: each string value as UTF8String, lower-cased, trimmed, inner
     * whitespace collapsed; the RDN sets concatenated without the outer SEQUENCE.
     */
    private static byte[] canonical(X500Principal subject) {
        X500Name name = X500Name.getInstance(subject.getEncoded());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (RDN rdn : name.getRDNs()) {
                AttributeTypeAndValue[] avas = rdn.getTypesAndValues();
                DERSequence[] canonicalAvas = new DERSequence[avas.length];
                for (int i = 0; i < avas.length; i++) {
                    var value = avas[i].getValue();
                    var canonicalValue = value instanceof ASN1String s
                            ? new DERUTF8String(s.getString().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT))
                            : value;
                    canonicalAvas[i] = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {avas[i].getType(),
                        canonicalValue});
                }
                out.write(new DERSet(canonicalAvas).getEncoded(ASN1Encoding.DER));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + subject, e);
        }
        return out.toByteArray();
    }

    private static String hash(String algorithm, byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(bytes);
            long value = (d[0] & 0xffL) | (d[1] & 0xffL) << 8 | (d[2] & 0xffL) << 16 | (d[3] & 0xffL) << 24;
            return String.format("%08x", value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}

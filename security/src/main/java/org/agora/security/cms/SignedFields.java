package org.agora.security.cms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agora.security.credential.GridCredential;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signed statements: "key: value" lines wrapped in a CMS SignedData (RFC 5652), SHA256withRSA with a
 * host credential, in PEM-style armour. Anyone holding the signer's certificate can check one
 * offline, with {@code openssl cms -verify} as well as with {@link #verify}. The bank's receipts
 * are such statements.
 */
public final class SignedFields {
    private static final String BEGIN = "-----BEGIN CMS-----";
    private static final String END = "-----END CMS-----";

    private final GridCredential signer;

    public SignedFields(GridCredential signer) {
        this.signer = signer;
    }

    /** The fields, signed; values must be single lines. */
    public String sign(Map<String, String> fields) {
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.privateKey()), signer.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
            CMSSignedData signed = generator.generate(
                    new CMSProcessableByteArray(text.toString().getBytes(StandardCharsets.UTF_8)), true);
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(signed.getEncoded());
            return BEGIN + "\n" + body + "\n" + END + "\n";
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("cannot sign with the credential of " + signer.identity().dn() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code receipt} was signed by the holder of {@code bankCertificate} and has not
     * been altered since, and returns its fields as signed.
     *
     * @throws ReceiptException when it was not, saying what is wrong
     */
    public static Map<String, String> verify(String receipt, X509Certificate bankCertificate) throws ReceiptException {
        int begin = receipt.indexOf(BEGIN);
        int end = receipt.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new ReceiptException("this is not an Agora receipt: no " + BEGIN + " ... " + END + " block");
        }
        CMSSignedData signed;
        try {
            byte[] der = Base64.getMimeDecoder().decode(receipt.substring(begin + BEGIN.length(), end));
            signed = new CMSSignedData(der);
        } catch (IllegalArgumentException | CMSException e) {
            throw new ReceiptException("the receipt is damaged: its signed data cannot be read (" + e.getMessage() + ")");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new ReceiptException("a receipt has one signature; this one has " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        try {
            X509CertificateHolder expected = new X509CertificateHolder(bankCertificate.getEncoded());
            if (!signer.getSID().match(expected)) {
                throw new ReceiptException("the receipt was not signed by " + bankCertificate.getSubjectX500Principal()
                        + " (the bank certificate given)");
            }
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(bankCertificate))) {
                throw new ReceiptException("the receipt's signature does not match its content: it was altered");
            }
        } catch (CMSException e) {
            throw new ReceiptException("the receipt's signature does not match its content: it was altered ("
                    + e.getMessage() + ")");
        } catch (OperatorCreationException | CertificateEncodingException | IOException e) {
            throw new ReceiptException("the bank certificate cannot be used to check signatures: " + e.getMessage());
        }
        String text = new String((byte[]) signed.getSignedContent().getContent(), StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return fields;
    }

    /** A signed statement that does not verify; the message says why. */
    public static final class ReceiptException extends Exception {
        private static final long serialVersionUID = 1L;

        public ReceiptException(String message) {
            super(message);
        }
    }
}

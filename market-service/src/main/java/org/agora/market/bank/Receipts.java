package org.agora.market.bank;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agora.security.cms.SignedFields;
import org.agora.security.credential.GridCredential;

/**
 * Transfer receipts: the transfer's fields ({@code transfer}, {@code from}, {@code to},
 * {@code amount}, {@code at}, {@code requested-by}, {@code bank}) signed with the bank's host
 * credential as CMS SignedData. Anyone holding the bank's certificate can check one offline.
 */
public final class Receipts {
    private final GridCredential bank;
    private final SignedFields signer;

    public Receipts(GridCredential bank) {
        this.bank = bank;
        this.signer = new SignedFields(bank);
    }

    /** The signed receipt of an applied transfer. */
    public String sign(Transfer t) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("receipt", "Agora bank transfer");
        fields.put("transfer", t.id());
        fields.put("from", t.from());
        fields.put("to", t.to());
        fields.put("amount", t.amount().toString());
        fields.put("at", t.at().toString());
        fields.put("requested-by", t.requestedBy());
        fields.put("bank", bank.identity().dn());
        return signer.sign(fields);
    }

    /** A receipt that verified: its fields, as signed. */
    public record Verified(Map<String, String> fields) {
        public String transferId() {
            return fields.get("transfer");
        }

        public Credits amount() {
            return Credits.parse(fields.get("amount"));
        }

        public Instant at() {
            return Instant.parse(fields.get("at"));
        }
    }

    /** Checks a receipt against the bank's certificate; see {@link SignedFields#verify}. */
    public static Verified verify(String receipt, X509Certificate bankCertificate)
            throws SignedFields.ReceiptException {
        return new Verified(SignedFields.verify(receipt, bankCertificate));
    }
}

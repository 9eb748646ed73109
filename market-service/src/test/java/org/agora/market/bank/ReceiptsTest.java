package org.agora.market.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.junit.jupiter.api.Test;

class ReceiptsTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("/DC=org/DC=test/CN=Test CA",
            Duration.ofDays(1));
    private static final GridCredential BANK = CA.issueHost("bank.example.org", Duration.ofDays(1));
    private final Transfer transfer = new Transfer("t-42", "user:a", "user:b", Credits.parse("12.5"), "pay",
            "/CN=A", Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void aGenuineReceiptVerifiesWithOnlyTheBanksCertificate() throws Exception {
        String receipt = new Receipts(BANK).sign(transfer);
        Receipts.Verified v = Receipts.verify(receipt, BANK.certificate());
        assertEquals("t-42", v.transferId());
        assertEquals(Credits.parse("12.5"), v.amount());
        assertEquals("user:a", v.fields().get("from"));
        assertEquals(transfer.at(), v.at());
    }

    @Test
    void anAlteredOrForgedReceiptFails() throws Exception {
        String receipt = new Receipts(BANK).sign(transfer);
        // Flip one character of the signed data: content or signature no longer match.
        int at = receipt.indexOf('\n') + 200;
        char flipped = receipt.charAt(at) == 'A' ? 'B' : 'A';
        String altered = receipt.substring(0, at) + flipped + receipt.substring(at + 1);
        assertThrows(org.agora.security.cms.SignedFields.ReceiptException.class, () -> Receipts.verify(altered, BANK.certificate()));

        GridCredential forger = CA.issueHost("forger.example.org", Duration.ofDays(1));
        String forged = new Receipts(forger).sign(transfer);
        org.agora.security.cms.SignedFields.ReceiptException e = assertThrows(org.agora.security.cms.SignedFields.ReceiptException.class,
                () -> Receipts.verify(forged, BANK.certificate()));
        assertTrue(e.getMessage().contains("not signed by"), e.getMessage());
        assertThrows(org.agora.security.cms.SignedFields.ReceiptException.class, () -> Receipts.verify("hello", BANK.certificate()));
    }

    @Test
    void creditsAreExact() {
        assertEquals("0.000001", new Credits(1).toString());
        assertEquals(Credits.parse("0.1").plus(Credits.parse("0.2")), Credits.parse("0.3"));
        assertThrows(IllegalArgumentException.class, () -> Credits.parse("0.0000001"));
        assertThrows(IllegalArgumentException.class, () -> Credits.parse("ten"));
    }
}

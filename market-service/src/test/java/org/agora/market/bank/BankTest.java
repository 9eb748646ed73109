package org.agora.market.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.agora.database.Database;
import org.agora.database.testing.TestDatabases;
import org.agora.market.bank.persistence.HibernateLedger;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.identity.GridIdentity;
import org.agora.security.identity.ProxyType;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/** The bank as identities use it: who may mint, who may move what, escrow and its return. */
class BankTest {
    private static final GridIdentity ADMIN = new GridIdentity("/DC=org/CN=Bank Admin", "CN=Bank Admin,DC=org",
            ProxyType.RFC3820_IMPERSONATION);
    private static final GridIdentity JANE = new GridIdentity("/DC=org/CN=Jane", "CN=Jane,DC=org",
            ProxyType.RFC3820_IMPERSONATION);
    private static final String HOST_OWNER = "/DC=org/CN=Site Owner";

    @Test
    void onlyAdminsMintOwnersMoveTheirOwnAndEscrowComesBackWhole() throws Exception {
        var bankCredential = CertificateAuthority.create("/DC=org/CN=Test CA", Duration.ofDays(1))
                .issueHost("bank.example.org", Duration.ofDays(1));
        try (Database db = Database.open(TestDatabases.settingsFor(TestDatabases.embedded().url()),
                TestDatabases.freshName("agora_bank"))) {
            db.migrate("market", "classpath:db/migration/market");
            try (SessionFactory sessions = db.sessionFactory(HibernateLedger.ENTITIES)) {
                HibernateLedger ledger = new HibernateLedger(sessions, Clock.systemUTC());
                Bank bank = new Bank(ledger, Set.of(ADMIN.dn()), new Receipts(bankCredential));

                BankException notAdmin = assertThrows(BankException.class,
                        () -> bank.mint(JANE, "m-0", JANE.dn(), Credits.ofWhole(1_000_000)));
                assertEquals(BankException.Reason.NOT_AUTHORIZED, notAdmin.reason());
                // The refusal names the setting that would let the caller in, as the admin spells it.
                assertTrue(notAdmin.getMessage().contains("agora.bank.admins"), notAdmin.getMessage());
                Bank.Receipt minted = bank.mint(ADMIN, "m-1", JANE.dn(), Credits.ofWhole(100));
                assertEquals("m-1", Receipts.verify(minted.signed(), bankCredential.certificate()).transferId());
                assertEquals(Credits.ofWhole(100), bank.balance(JANE));

                bank.escrow(JANE, "e-1", "bid-7", Credits.parse("40"));
                assertEquals(Credits.parse("60"), bank.balance(JANE));
                // Part of the bid is earned by the host's owner, the rest returns when the bid ends early.
                bank.settle("c-1", "bid-7", Bank.accountOf(HOST_OWNER), AccountKind.HOST, HOST_OWNER,
                        Credits.parse("12.5"), "charge", "/CN=market");
                bank.settle("r-1", "bid-7", Bank.accountOf(JANE.dn()), AccountKind.USER, JANE.dn(),
                        Credits.parse("27.5"), "refund", "/CN=market");
                assertEquals(Credits.parse("87.5"), bank.balance(JANE));
                assertEquals(Credits.ZERO, ledger.balance(Bank.escrowOf("bid-7")));
                assertEquals(Credits.parse("12.5"), ledger.balance(Bank.accountOf(HOST_OWNER)));
                assertEquals(Credits.ZERO, ledger.sumOfBalances());
                assertTrue(bank.statement(JANE, java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(5))
                        .size() == 3, "mint, escrow, refund");
            }
        }
    }
}

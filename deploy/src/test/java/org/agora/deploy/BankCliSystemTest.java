package org.agora.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bank over HTTPS, driven as a user would with the agora command. */
class BankCliSystemTest {
    private static final String USER = "/DC=org/DC=agora-demo/CN=Demo User";

    @TempDir
    Path dir;

    @Test
    void mintTransferRetryStatementAndOfflineReceiptCheck() throws Exception {
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(),
                FreePorts.next(), "test:///default", null, TestDatabases.freshName("agora_bank"))
                .withServerSetting("agora.bank.admins", USER))) {
            AgoraCli cli = new AgoraCli(site, dir.resolve("home"));

            AgoraCli.Run minted = cli.run("bank", "mint", "--to", USER, "--amount", "100", "--id", "grant-1");
            assertEquals(0, minted.exit(), minted.err());
            AgoraCli.Run sent = cli.run("bank", "transfer", "--to", "/DC=org/CN=Bob", "--amount", "30.5", "--id", "pay-1");
            assertEquals(0, sent.exit(), sent.err());
            AgoraCli.Run resent = cli.run("bank", "transfer", "--to", "/DC=org/CN=Bob", "--amount", "30.5", "--id", "pay-1");
            assertEquals(0, resent.exit(), "a retry with the same id is answered, not refused: " + resent.err());
            AgoraCli.Run balance = cli.run("bank", "balance");
            assertTrue(balance.out().startsWith("69.5 credits"), "the money moved once: " + balance.out());

            AgoraCli.Run poor = cli.run("bank", "transfer", "--to", "/DC=org/CN=Bob", "--amount", "1000");
            assertEquals(1, poor.exit());
            assertTrue(poor.err().contains("holds 69.5 credits"), poor.err());

            AgoraCli.Run statement = cli.run("bank", "statement");
            assertEquals(0, statement.exit(), statement.err());
            assertTrue(statement.out().contains("grant-1") && statement.out().contains("pay-1"), statement.out());

            Path receipt = dir.resolve("home/.agora/receipts/pay-1.receipt");
            Path hostCert = site.credentials().hostCert();
            AgoraCli.Run verified = cli.run("bank", "verify-receipt", receipt.toString(), "--bank-cert", hostCert.toString());
            assertEquals(0, verified.exit(), verified.err());
            assertTrue(verified.out().contains("amount        30.5"), verified.out());

            String text = Files.readString(receipt);
            int at = text.indexOf('\n') + 120;
            Path altered = dir.resolve("altered.receipt");
            Files.writeString(altered, text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1));
            AgoraCli.Run refused = cli.run("bank", "verify-receipt", altered.toString(), "--bank-cert", hostCert.toString());
            assertEquals(1, refused.exit());
            assertTrue(refused.err().contains("NOT verified"), refused.err());
        }
    }
}

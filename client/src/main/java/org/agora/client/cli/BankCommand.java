package org.agora.client.cli;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.agora.client.bank.BankClient;
import org.agora.contract.bank.ReceiptType;
import org.agora.transport.client.SameIdRetry;
import org.agora.transport.client.ServiceCallException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code agora bank}: balance, transfer, mint, statement and offline receipt verification. */
@Command(name = "bank", mixinStandardHelpOptions = true,
        description = "Your credits at the site's bank. Every transfer answers with a receipt signed by the bank, "
                + "saved under ~/.agora/receipts and checkable offline with 'agora bank verify-receipt'.")
@Subcommands({BankCommand.Balance.class, BankCommand.Send.class, BankCommand.Mint.class,
        BankCommand.Statement.class, BankCommand.VerifyReceipt.class})
final class BankCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    AgoraCommand root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to do: balance, transfer, mint, statement or verify-receipt (see 'agora bank --help')");
    }

    Path receipts() {
        CliEnvironment env = root.environment;
        String home = env.env().get("AGORA_HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : env.home().resolve(".agora");
        return base.resolve("receipts");
    }

    /** Saves the signed receipt and prints where. */
    void keep(ReceiptType r, CliEnvironment env) throws Exception {
        Path dir = Files.createDirectories(receipts());
        Path file = dir.resolve(r.getTransferId().replaceAll("[^A-Za-z0-9._-]", "_") + ".receipt");
        Files.writeString(file, r.getSignedReceipt(), StandardCharsets.US_ASCII);
        env.out().printf("%s  %s credits  %s -> %s  at %s%nreceipt: %s%n", r.getTransferId(),
                r.getAmount().stripTrailingZeros().toPlainString(), r.getFrom(), r.getTo(),
                WorkspaceCommand.time(r.getAppliedAt()), file);
    }

    static BigDecimal amount(String text) throws CliException {
        try {
            BigDecimal a = new BigDecimal(text);
            if (a.signum() <= 0) {
                throw new NumberFormatException();
            }
            return a;
        } catch (NumberFormatException e) {
            throw new CliException("'" + text + "' is not a positive amount of credits, e.g. 12.5");
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true, description = "Show your account's balance.")
    static final class Balance implements Callable<Integer> {
        @ParentCommand
        BankCommand bank;
        @Mixin
        ConnectionOptions connection;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = bank.root.environment;
            try (BankClient client = connection.connectBank(env)) {
                var b = client.balance();
                env.out().printf("%s credits  (%s, account %s)%n", b.getBalance().stripTrailingZeros().toPlainString(),
                        b.getOwner(), b.getAccount());
            } catch (ServiceCallException e) {
                throw new CliException(e.getMessage(), e);
            }
            return 0;
        }
    }

    /** A command that moves credits and keeps the receipt: transfer and mint. */
    abstract static class Movement implements Callable<Integer> {
        @ParentCommand
        BankCommand bank;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--to", required = true, paramLabel = "DN", description = "The receiving identity, slash DN.")
        String to;
        @Option(names = "--amount", required = true, paramLabel = "CREDITS", description = "How much, e.g. 12.5.")
        String amount;
        @Option(names = "--id", paramLabel = "ID",
                description = "Transfer id (default: a new random one); the same id again moves nothing more.")
        String id;
        @Spec
        CommandSpec spec;

        abstract ReceiptType move(BankClient client, String transferId, BigDecimal credits)
                throws ServiceCallException;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = bank.root.environment;
            BigDecimal credits = amount(amount);
            // Chosen once: every attempt of this command sends the same id, so the money moves once.
            String transferId = id != null ? id : UUID.randomUUID().toString();
            try (BankClient client = connection.connectBank(env)) {
                bank.keep(ResentById.send(env, spec, SameIdRetry.DEFAULT, "transfer", transferId, id != null,
                        ServiceCallException.class, ServiceCallException::worthRetrying,
                        () -> move(client, transferId, credits)), env);
            }
            return 0;
        }
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true,
            description = "Send credits from your account to another grid identity. When no answer comes, the "
                    + "transfer is sent again with the same id (the money moves once); if none ever comes, the "
                    + "command prints the transfer's id and the command that retries it safely.")
    static final class Send extends Movement {
        @Option(names = "--memo", paramLabel = "TEXT", description = "A note kept with the transfer.")
        String memo;

        @Override
        ReceiptType move(BankClient client, String transferId, BigDecimal credits) throws ServiceCallException {
            return client.transfer(transferId, to, credits, memo);
        }
    }

    @Command(name = "mint", mixinStandardHelpOptions = true,
            description = "Create credits in an identity's account (bank administrators only).")
    static final class Mint extends Movement {
        @Override
        ReceiptType move(BankClient client, String transferId, BigDecimal credits) throws ServiceCallException {
            return client.mint(transferId, to, credits);
        }
    }

    @Command(name = "statement", mixinStandardHelpOptions = true, description = "Your account's transfers in a period.")
    static final class Statement implements Callable<Integer> {
        @ParentCommand
        BankCommand bank;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--days", defaultValue = "30", paramLabel = "N", description = "The last N days (default ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = bank.root.environment;
            Instant to = Instant.now().plusSeconds(1);
            try (BankClient client = connection.connectBank(env)) {
                var s = client.statement(to.minus(days, ChronoUnit.DAYS), to);
                env.out().printf("account %s, last %d days%n", s.getAccount(), days);
                for (var line : s.getLine()) {
                    env.out().printf("%s  %12s  balance %12s  %s%s%n", WorkspaceCommand.time(line.getAppliedAt()),
                            line.getChange().stripTrailingZeros().toPlainString(),
                            line.getBalanceAfter().stripTrailingZeros().toPlainString(), line.getTransferId(),
                            line.getMemo() == null ? "" : "  " + line.getMemo());
                }
            } catch (ServiceCallException e) {
                throw new CliException(e.getMessage(), e);
            }
            return 0;
        }
    }

    @Command(name = "verify-receipt", mixinStandardHelpOptions = true,
            description = "Check a receipt offline against the bank's certificate: was it signed by the bank, and is "
                    + "it unaltered? Exit 0 and its content if so, 1 and why not otherwise.")
    static final class VerifyReceipt implements Callable<Integer> {
        @ParentCommand
        BankCommand bank;
        @Parameters(paramLabel = "FILE", description = "The receipt file.")
        Path file;
        @Option(names = "--bank-cert", required = true, paramLabel = "PEM",
                description = "The bank's certificate (the site's host certificate).")
        Path bankCert;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = bank.root.environment;
            X509Certificate cert;
            try {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(bankCert)));
            } catch (CertificateException | java.io.IOException e) {
                throw new CliException("cannot read the bank certificate " + bankCert + ": " + e.getMessage());
            }
            String receipt;
            try {
                receipt = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (java.io.IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
            try {
                var fields = org.agora.security.cms.SignedFields.verify(receipt, cert);
                env.out().println("receipt verified: signed by " + cert.getSubjectX500Principal().getName());
                fields.forEach((k, v) -> env.out().printf("  %-13s %s%n", k, v));
                return 0;
            } catch (org.agora.security.cms.SignedFields.ReceiptException e) {
                throw new CliException("receipt NOT verified: " + e.getMessage());
            }
        }
    }
}

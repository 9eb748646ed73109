package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer whose answer is lost after the bank applied it: the agora command sends it again with
 * the same id and the money moves once; when the service stays away, the command prints the id and
 * the command that retries it, which, run later, moves the money once.
 */
class LostAnswerRetryCliSystemTest {
    private static final String USER = "/DC=org/DC=agora-demo/CN=Demo User";

    @TempDir
    static Path dir;
    static AllInOne site;
    static AgoraCli direct;
    static int adapterPort;

    @BeforeAll
    static void startSite() throws Exception {
        adapterPort = FreePorts.next();
        site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), adapterPort,
                "test:///default", database(), TestDatabases.freshName("agora_lostanswer"))
                .withServerSetting("agora.bank.admins", USER)
                .withServerSetting("agora.market.interval", "1s"));
        direct = new AgoraCli(site, dir.resolve("home"));
        AgoraCli.Run minted = direct.run("bank", "mint", "--to", USER, "--amount", "100");
        assertEquals(0, minted.exit(), minted.err());
    }

    /** The MariaDB server on 127.0.0.1:3306 when one answers, else the tests' shared embedded one. */
    private static String database() {
        return TestDatabases.serverUrls().reduce((embedded, server) -> server).orElseThrow();
    }

    @AfterAll
    static void stopSite() {
        if (site != null) {
            site.close();
        }
    }

    private static AgoraCli through(AnswerSwallowingRelay relay) {
        return new AgoraCli(Map.of("AGORA_SERVICE", "https://localhost:" + relay.port() + "/agora",
                "X509_USER_PROXY", site.credentials().userProxy().toString(),
                "X509_CERT_DIR", site.credentials().certificatesDir().toString()), dir.resolve("home"));
    }

    private static double balance() {
        String out = direct.run("bank", "balance").out();
        return Double.parseDouble(out.substring(0, out.indexOf(' ')));
    }

    private static int servicePort() {
        return URI.create(site.server().baseUrl()).getPort();
    }

    @Test
    void aTransferWhoseAnswersAreLostIsSentAgainWithItsIdAndMovesOnce() throws Exception {
        double before = balance();
        try (AnswerSwallowingRelay relay = new AnswerSwallowingRelay(servicePort(), 2)) {
            CompletableFuture<AgoraCli.Run> transfer = CompletableFuture.supplyAsync(() -> through(relay)
                    .run("bank", "transfer", "--to", "/DC=org/CN=Bob", "--amount", "7"));
            await().atMost(Duration.ofSeconds(60)).until(() -> balance() == before - 7);
            relay.cut();
            // A second attempt (the JDK's own single resend of a POST, or the command's) is lost as well.
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.accepted() >= 2);
            relay.cut();
            AgoraCli.Run run = transfer.get();
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.err().contains("sending transfer ") && run.err().contains(" again in "), run.err());
            assertTrue(run.out().contains("7 credits"), run.out());
        }
        assertEquals(before - 7, balance(), 1e-9, "the money moved once");
    }

    @Test
    void aBidWhoseAnswersAreLostIsSentAgainWithItsIdAndEscrowsOnce() throws Exception {
        String node = "localhost:" + adapterPort;
        await().atMost(Duration.ofSeconds(60)).until(() -> direct.run("hosts", "--site", "local").out().contains(node));
        double before = balance();
        try (AnswerSwallowingRelay relay = new AnswerSwallowingRelay(servicePort(), 2)) {
            CompletableFuture<AgoraCli.Run> bid = CompletableFuture.supplyAsync(() -> through(relay)
                    .run("bid", "place", "--host", node, "--amount", "3", "--hours", "1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> balance() == before - 3);
            relay.cut();
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.accepted() >= 2);
            relay.cut();
            AgoraCli.Run run = bid.get();
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.err().contains("sending bid bid-") && run.err().contains(" again in "), run.err());
        }
        assertEquals(before - 3, balance(), 1e-9, "the credits were escrowed once");
    }

    @Test
    void whenTheServiceStaysAwayThePrintedCommandRetriesTheTransferSafely() throws Exception {
        double before = balance();
        int relayPort;
        AgoraCli.Run run;
        try (AnswerSwallowingRelay relay = new AnswerSwallowingRelay(servicePort(), 1)) {
            relayPort = relay.port();
            AgoraCli user = through(relay);
            CompletableFuture<AgoraCli.Run> transfer = CompletableFuture.supplyAsync(() -> user.run("bank", "transfer",
                    "--to", "/DC=org/CN=Carol Smith", "--amount", "5", "--memo", "it's for lunch"));
            await().atMost(Duration.ofSeconds(60)).until(() -> balance() == before - 5);
            relay.stayAway();
            run = transfer.get();
            assertEquals(1, relay.accepted(), "no attempt after the first reached the service");
        }
        assertEquals(1, run.exit(), run.err());
        Matcher printed = Pattern.compile("at most once: (agora bank transfer .*--id [0-9a-f-]{36})$", Pattern.MULTILINE)
                .matcher(run.err());
        assertTrue(printed.find(), "the id and the command that retries it: " + run.err());
        assertEquals(before - 5, balance(), 1e-9);

        List<String> words = shellWords(printed.group(1));
        try (AnswerSwallowingRelay back = new AnswerSwallowingRelay(relayPort, servicePort(), 0)) {
            AgoraCli.Run again = through(back).run(words.subList(1, words.size()).toArray(String[]::new));
            assertEquals(0, again.exit(), again.err());
            String id = words.get(words.size() - 1);
            assertTrue(again.out().startsWith(id + "  5 credits"), "the receipt of the first attempt: " + again.out());
        }
        assertEquals(before - 5, balance(), 1e-9, "run later, the printed command moved nothing more");
    }

    /** Splits a command line as sh does for plain words and single quotes ('\'' included). */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}

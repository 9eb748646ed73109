package org.agora.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocket;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.endpoint.RefusedRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * What an outside tester sent, sent again over HTTPS as raw bytes (not through the generated
 * client, which would refuse to write most of it) to a running server: numbers that wrapped
 * around, values the parser described in its own words, huge names that came back in faults
 * twice, bodies and idle connections nothing bounded. Each answer must be a soap:Client fault
 * naming the field, quoting a short prefix of what was sent and saying what is allowed; the log
 * must hold one line per refusal and no stack trace; and the server must still serve.
 */
class HostileInputSystemTest {
    private static final int MAX_KIB = 256;
    private static final String WS = "http://agora-grid.org/namespaces/2026/11/workspace";
    /** A fault that quotes a bounded prefix is well under this, whatever the request carried. */
    private static final int SHORT_FAULT = 4096;

    @TempDir
    static Path dir;
    private static AllInOne site;
    private static TlsMaterial tls;
    private static ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void start() throws Exception {
        String server = TestDatabases.serverUrls().findFirst().orElse(null);
        AllInOne.Options options = new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", server, TestDatabases.freshName("agora_it"))
                .withServerSetting("agora.server.request.max.kib", Integer.toString(MAX_KIB))
                .withServerSetting("agora.server.idle.timeout", "PT2S")
                .droppingDatabaseOnClose();
        site = AllInOne.start(options);
        tls = new TlsMaterial(GridCredential.fromProxyFile(site.credentials().userProxy()),
                TrustAnchors.fromDirectory(site.credentials().certificatesDir()));
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (site != null) {
            site.close();
        }
    }

    @BeforeEach
    void clearLog() {
        log.list.clear();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "Vcpus, 4294967298, ResourceAllocation/Vcpus",
        "Vcpus, 99999999999, ResourceAllocation/Vcpus",
        "MemoryMiB, 4294967808, ResourceAllocation/MemoryMiB",
        "DiskMiB, 4294968320, ResourceAllocation/DiskMiB",
        "Vcpus, abc, ResourceAllocation/Vcpus",
        "CpuWeight, 1 2, ResourceAllocation/CpuWeight",
    })
    void aNumberOutsideItsTypeIsRefusedQuotingWhatWasSent(String element, String sent, String field) throws Exception {
        Answer a = post("/WorkspaceFactory", create(allocation(element, sent), "PT1H", "debian-12"));
        a.assertClientFault(field, "'" + sent + "'");
        assertTrue(a.body.contains("a whole number from -2147483648 to 2147483647"), a.body);
        assertOneQuietLine(field);
    }

    @Test
    void aDurationThatIsNoDurationNamesTheFieldNotTheParser() throws Exception {
        Answer a = post("/WorkspaceFactory", create(allocation("Vcpus", "1"), "forever", "debian-12"));
        a.assertClientFault("DeploymentRequest/Duration", "'forever'");
        assertTrue(a.body.contains("a duration such as PT2H"), a.body);
        assertFalse(a.body.contains("Unmarshalling Error"), a.body);
        assertOneQuietLine("DeploymentRequest/Duration");
    }

    @Test
    void aDurationOfBillionsOfDaysDoesNotWrapIntoAFewDays() throws Exception {
        Answer a = post("/WorkspaceFactory", create(allocation("Vcpus", "1"), "P4294967298D", "debian-12"));
        a.assertClientFault("DeploymentRequest/Duration", "'P4294967298D'");
    }

    @Test
    void aCharacterXmlForbidsIsRefusedWithoutNamingAParserClass() throws Exception {
        Answer a = post("/WorkspaceFactory", create(allocation("Vcpus", "1"), "PT1H", "debian&#0;12"));
        a.assertClientFault("Metadata/Image", null);
        assertFalse(a.body.contains("Wstx") || a.body.contains("com.ctc") || a.body.contains("Exception"), a.body);
        assertOneQuietLine("Metadata/Image");
    }

    @Test
    void aHugeImageNameComesBackAsAShortQuote() throws Exception {
        String huge = "x".repeat(200_000);
        Answer a = post("/WorkspaceFactory", create(allocation("Vcpus", "1"), "PT1H", huge));
        a.assertClientFault("Metadata/Image", "'xxxxxxxxxx");
        assertTrue(a.body.contains("xxx…&apos; (200000 characters)") || a.body.contains("xxx…' (200000 characters)"),
                "quoted once, with the length sent: " + a.body);
        assertOneQuietLine("Metadata/Image");
    }

    @Test
    void aHugeKeyOrElementNameIsNeitherEchoedNorLoggedInFull() throws Exception {
        String key = "k".repeat(10_240);
        Answer unknown = post("/Workspace", envelope("<ws:WorkspaceKey xmlns:ws=\"" + WS + "\">" + key
                + "</ws:WorkspaceKey>", "<rp:GetResourcePropertyDocument xmlns:rp=\"http://docs.oasis-open.org/wsrf/rp-2\"/>"));
        unknown.assertClientFault(null, null);
        assertTrue(unknown.body.contains("ResourceUnknown"), unknown.body);

        String name = "E".repeat(100_000);
        Answer element = post("/WorkspaceFactory", envelope("", "<ws:" + name + " xmlns:ws=\"" + WS + "\"/>"));
        element.assertClientFault(null, "EEEEEEEEEE");
        assertTrue(element.body.contains("Create"), "says which operations there are: " + element.body);
        for (ILoggingEvent e : log.list) {
            assertTrue(e.getFormattedMessage().length() < 1024, "a bounded log line: " + e.getFormattedMessage().length());
            assertEquals(null, e.getThrowableProxy(), "no stack trace for a caller's mistake: " + e.getFormattedMessage());
        }
    }

    @Test
    void theMarketAndTheBankReadTheirNumbersInFullRangeToo() throws Exception {
        Answer market = post("/Market", envelope("", "<mkt:RegisterHost xmlns:mkt=\"http://agora-grid.org/namespaces/2026/11/market\">"
                + "<mkt:Host>h1</mkt:Host><mkt:Site>s</mkt:Site><mkt:Vcpus>4294967298</mkt:Vcpus>"
                + "<mkt:MemoryMiB>1024</mkt:MemoryMiB><mkt:Hypervisor>kvm</mkt:Hypervisor><mkt:Arch>x86_64</mkt:Arch>"
                + "</mkt:RegisterHost>"));
        market.assertClientFault("Vcpus", "'4294967298'");
        assertTrue(market.body.contains("MarketFault"), market.body);

        Answer bank = post("/Bank", envelope("", "<bank:Transfer xmlns:bank=\"http://agora-grid.org/namespaces/2026/11/bank\">"
                + "<bank:TransferId>t1</bank:TransferId><bank:To>/CN=x</bank:To><bank:Amount>1E999999999</bank:Amount>"
                + "</bank:Transfer>"));
        bank.assertClientFault("Amount", "'1E999999999'");
        assertTrue(bank.body.contains("BankFault") && bank.body.contains("InvalidRequest"), bank.body);
    }

    @Test
    void aBodyOverTheLimitIsAnswered413AnnouncedOrChunked() throws Exception {
        byte[] big = create(allocation("Vcpus", "1"), "PT1H", "x".repeat(MAX_KIB * 1024 + 1))
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(413, send("/WorkspaceFactory", big, false).status, "with Content-Length");
        assertEquals(413, send("/WorkspaceFactory", big, true).status, "chunked");
        assertStillServes();
    }

    @Test
    void idleConnectionsAreClosedByTheServer() throws Exception {
        URI base = URI.create(site.server().baseUrl());
        List<SSLSocket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SSLSocket s = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(base.getHost(), base.getPort());
                s.startHandshake();
                idle.add(s);
            }
            for (SSLSocket s : idle) {
                // Bounded wait, not a measurement: the server's timeout is 2 s, so this only fails if it never closes.
                s.setSoTimeout(60_000);
                assertTrue(closedByPeer(s), "the server closed an idle connection");
            }
        } finally {
            for (SSLSocket s : idle) {
                s.close();
            }
        }
        assertStillServes();
    }

    private static boolean closedByPeer(SSLSocket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException closed) {
            return true;
        }
    }

    private static void assertStillServes() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer list = post("/WorkspaceStatus", envelope("", "<ws:ListWorkspaces xmlns:ws=\"" + WS + "\"/>"));
            assertEquals(200, list.status, list.body);
        });
    }

    /** Exactly one line for the refusal, at INFO, without a stack trace; nothing else logged a trace. */
    private static void assertOneQuietLine(String field) {
        List<ILoggingEvent> refusals = log.list.stream()
                .filter(e -> e.getLoggerName().equals(RefusedRequests.class.getName())).toList();
        assertEquals(1, refusals.size(), "one line per refusal: " + refusals);
        ILoggingEvent line = refusals.get(0);
        assertEquals("INFO", line.getLevel().toString(), line.getFormattedMessage());
        assertTrue(line.getFormattedMessage().contains(field), line.getFormattedMessage());
        assertTrue(line.getFormattedMessage().length() < 1024, line.getFormattedMessage());
        assertTrue(log.list.stream().allMatch(e -> e.getThrowableProxy() == null),
                "no stack trace anywhere in the log: " + log.list);
        assertTrue(log.list.stream().noneMatch(e -> e.getLoggerName().startsWith("org.apache.cxf")),
                "the refusal is not told again by CXF: " + log.list);
    }

    private static String allocation(String element, String value) {
        StringBuilder a = new StringBuilder("<ws:ResourceAllocation>");
        a.append("<ws:Vcpus>").append(element.equals("Vcpus") ? value : "1").append("</ws:Vcpus>");
        a.append("<ws:MemoryMiB>").append(element.equals("MemoryMiB") ? value : "64").append("</ws:MemoryMiB>");
        if (element.equals("DiskMiB")) {
            a.append("<ws:DiskMiB>").append(value).append("</ws:DiskMiB>");
        }
        if (element.equals("CpuWeight")) {
            a.append("<ws:CpuWeight>").append(value).append("</ws:CpuWeight>");
        }
        return a.append("</ws:ResourceAllocation>").toString();
    }

    private static String create(String allocation, String duration, String image) {
        return envelope("", "<ws:Create xmlns:ws=\"" + WS + "\"><ws:Metadata><ws:Image>" + image + "</ws:Image></ws:Metadata>"
                + allocation + "<ws:DeploymentRequest><ws:Duration>" + duration + "</ws:Duration></ws:DeploymentRequest>"
                + "</ws:Create>");
    }

    private static String envelope(String header, String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header>" + header
                + "</soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static Answer post(String port, String xml) throws IOException {
        return send(port, xml.getBytes(StandardCharsets.UTF_8), false);
    }

    private static Answer send(String port, byte[] body, boolean chunked) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create(site.server().baseUrl() + port).toURL().openConnection();
        c.setSSLSocketFactory(tls.sslContext().getSocketFactory());
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
        c.setRequestProperty("SOAPAction", "\"\"");
        if (chunked) {
            c.setChunkedStreamingMode(8192);
        } else {
            c.setFixedLengthStreamingMode(body.length);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        } catch (IOException refusedWhileSending) {
            // The server may answer and close before the whole body is sent; its answer is still read below.
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(status, text);
    }

    private record Answer(int status, String body) {
        /** A soap:Client fault, short, naming {@code field} and quoting {@code quoted} when given. */
        void assertClientFault(String field, String quoted) {
            assertEquals(500, status, body);
            assertTrue(body.contains("<faultcode>soap:Client</faultcode>") || body.matches("(?s).*<faultcode>\\w+:Client</faultcode>.*"),
                    "soap:Client: " + body);
            assertTrue(body.length() < SHORT_FAULT, "a short fault, not an echo: " + body.length() + " characters: "
                    + body.replaceAll("(.)\\1{99,}", "$1…"));
            if (field != null) {
                assertTrue(body.contains(field), "names " + field + ": " + body);
            }
            if (quoted != null) {
                assertTrue(body.contains(quoted.replace("'", "&apos;")) || body.contains(quoted),
                        "quotes " + quoted + ": " + body);
            }
            assertFalse(body.contains("Unmarshalling Error") || body.contains("Not a number"),
                    "in the service's words, not the parser's: " + body);
        }
    }
}

package org.agora.deploy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agora.adapter.AdapterSettings;
import org.agora.config.ConfigurationException;
import org.agora.config.Settings;
import org.agora.deploy.Databases;
import org.agora.deploy.adapter.AdapterProcess;
import org.agora.deploy.check.Finding;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.GridCredential;
import org.agora.testing.FreePorts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agora-server --check-config} against real credentials, a real MariaDB and a real adapter
 * (libvirt's test driver): each problem is one line naming its setting, and the exit status says
 * whether the file is usable.
 */
class ServerCheckTest {
    @TempDir
    Path dir;
    private DemoCredentials credentials;
    private String hostDn;

    @BeforeEach
    void credentials() throws Exception {
        credentials = DemoCredentials.ensure(dir.resolve("credentials"));
        hostDn = GridCredential.fromCertificateAndKey(credentials.hostCert(), credentials.hostKey()).identity().dn();
    }

    private Map<String, String> usable() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ServerSettings.HOST_CERT.key(), credentials.hostCert().toString());
        values.put(ServerSettings.HOST_KEY.key(), credentials.hostKey().toString());
        values.put(ServerSettings.CERTIFICATES_DIR.key(), credentials.certificatesDir().toString());
        values.put(ServerSettings.DATA_DIR.key(), dir.resolve("data").toString());
        values.put(ServerSettings.DB_URL.key(), Databases.quickest());
        values.put(ServerSettings.DB_USER.key(), "root");
        return values;
    }

    private static String report(Map<String, String> values, int expectedStatus) throws Exception {
        Settings settings = ServerSettings.SCHEMA.fromMap("agora-server.properties", values);
        List<Finding> findings = new ServerCheck(settings).run();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ServerCheck.report(findings, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, text);
        return text;
    }

    private static String line(String status, String topic) {
        return String.format("%-4s %-12s ", status, topic);
    }

    private AdapterProcess adapter(String allowedDn) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(AdapterSettings.LIBVIRT_URI.key(), "test:///default");
        values.put(AdapterSettings.LISTEN_HOST.key(), "localhost");
        values.put(AdapterSettings.PORT.key(), Integer.toString(FreePorts.next()));
        values.put(AdapterSettings.STORAGE_DIR.key(), dir.resolve("storage").toString());
        values.put(AdapterSettings.HOST_CERT.key(), credentials.hostCert().toString());
        values.put(AdapterSettings.HOST_KEY.key(), credentials.hostKey().toString());
        values.put(AdapterSettings.CERTIFICATES_DIR.key(), credentials.certificatesDir().toString());
        values.put(AdapterSettings.SERVICE_DNS.key(), allowedDn);
        return AdapterProcess.start(AdapterSettings.SCHEMA.fromMap("agora-adapter.properties", values));
    }

    @Test
    void aUsableSiteIsDescribedLineByLineAndSaysWhichEndpointsTakeUnsignedCalls() throws Exception {
        try (AdapterProcess node = adapter(hostDn)) {
            Map<String, String> values = usable();
            values.put(ServerSettings.NODES.key(), node.url());
            values.put(ServerSettings.SIGNED_ENDPOINTS.key(), "WorkspaceFactory,Workspace,WorkspaceStatus");
            String text = report(values, 0);
            assertTrue(text.contains(line("ok", "credential") + "host identity " + hostDn), text);
            assertTrue(text.contains(line("ok", "trust") + "1 CA certificate(s) in " + credentials.certificatesDir()),
                    text);
            assertTrue(text.contains(line("ok", "database") + values.get(ServerSettings.DB_URL.key())
                    + " as 'root': MariaDB "), text);
            assertTrue(text.contains(line("ok", "node") + node.url() + ": "), text);
            assertTrue(text.contains(line("ok", "signing") + "[WorkspaceFactory, Workspace, WorkspaceStatus] demand "
                    + "signed messages; [WorkspaceGroup, SubscriptionManager, Bank, Market] take unsigned ones"), text);
            assertTrue(text.endsWith("agora-server: the configuration is usable\n"), text);

            assertTrue(text.contains(line("ok", "trusted-ce") + "no compute element acts for users"), text);

            values.put(ServerSettings.SIGNED_ENDPOINTS.key(), "all");
            values.put(ServerSettings.TRUSTED_CE.key(), "/DC=org/DC=example/CN=host/ce.example.org");
            text = report(values, 0);
            assertTrue(text.contains(line("ok", "signing") + "every endpoint demands signed messages"), text);
            assertTrue(text.contains(line("ok", "trusted-ce") + "[/DC=org/DC=example/CN=host/ce.example.org] may relay "
                    + "calls their users sign with a delegated proxy"), text);
        }
    }

    @Test
    void anUnreadableCredentialAMissingTrustDirectoryAndAnUnreachableDatabaseAreEachNamed() throws Exception {
        Map<String, String> values = usable();
        Path garbage = Files.writeString(dir.resolve("hostcert.pem"), "not a certificate\n");
        values.put(ServerSettings.HOST_CERT.key(), garbage.toString());
        values.put(ServerSettings.CERTIFICATES_DIR.key(), dir.resolve("no-such-certificates").toString());
        String closed = "jdbc:mariadb://127.0.0.1:" + FreePorts.next() + "/";
        values.put(ServerSettings.DB_URL.key(), closed);
        values.put(ServerSettings.NODES.key(), "https://localhost:" + FreePorts.next() + AdapterProcess.PATH);
        String text = report(values, 2);
        assertTrue(text.contains(line("FAIL", "credential") + "agora.server.host.cert/agora.server.host.key: "), text);
        assertTrue(text.contains(line("FAIL", "trust") + "agora.server.certificates.dir = "
                + dir.resolve("no-such-certificates")), text);
        assertTrue(text.contains(line("FAIL", "database") + "agora.db.url = " + closed + " as 'root'"), text);
        assertTrue(text.contains(line("FAIL", "node") + values.get(ServerSettings.NODES.key())
                + " cannot be tried without a usable host credential"), text);
        assertTrue(text.contains("4 problem(s) above"), text);
    }

    @Test
    void aNodeThatDoesNotAnswerAndOneThatRefusesThisServerAreEachNamed() throws Exception {
        try (AdapterProcess stranger = adapter("/DC=org/DC=agora-demo/CN=host/other.example.org")) {
            String silent = "https://localhost:" + FreePorts.next() + AdapterProcess.PATH;
            Map<String, String> values = usable();
            values.put(ServerSettings.NODES.key(), silent + "," + stranger.url());
            String text = report(values, 2);
            assertTrue(text.contains(line("FAIL", "node") + silent + " (agora.nodes) does not answer: "), text);
            assertTrue(text.contains(line("FAIL", "node") + stranger.url() + " (agora.nodes) refuses this server: "
                    + hostDn + " may not call this node"), text);
            assertTrue(text.contains("list this server's host DN in the node's agora.adapter.service.dns"), text);
        }
    }

    @Test
    void signedEndpointsAcceptAllOrTheirNamesAndNothingElseNamingTheLine() throws Exception {
        Path file = dir.resolve("agora-server.properties");
        Files.writeString(file, "# a site demanding signed messages\nagora.server.signed.endpoints = all\n");
        assertEquals(ServerSettings.ENDPOINTS, ServerSettings.signedEndpoints(ServerSettings.SCHEMA.load(file)));
        Files.writeString(file, "agora.server.signed.endpoints = Market, Bank\n");
        assertEquals(List.of("Bank", "Market"), ServerSettings.signedEndpoints(ServerSettings.SCHEMA.load(file)));
        Files.writeString(file, "# a site demanding signed messages\nagora.server.signed.endpoints = WorkspaceGroup,Bnak\n");
        ConfigurationException misspelt = assertThrows(ConfigurationException.class,
                () -> ServerSettings.SCHEMA.load(file));
        assertTrue(misspelt.getMessage().contains("line 2: agora.server.signed.endpoints = 'WorkspaceGroup,Bnak' is "
                + "not valid") && misspelt.getMessage().contains("('Bnak' is not 'all' or one of WorkspaceFactory, "
                + "Workspace, WorkspaceGroup, WorkspaceStatus, SubscriptionManager, Bank, Market)"),
                misspelt.getMessage());
    }

    @Test
    void checkConfigRefusesAMisspeltEndpointAtOnceAndStartsNothing() throws Exception {
        Map<String, String> values = usable();
        values.remove(ServerSettings.DB_URL.key());
        values.put(ServerSettings.SIGNED_ENDPOINTS.key(), "WorkspaceFactory,Markt");
        Path file = dir.resolve("agora-server.properties");
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(file, text);

        Command check = Command.run(file, "--check-config");
        assertEquals(1, check.status(), check.output());
        assertTrue(check.output().contains("agora-server: " + file + ": line 6: agora.server.signed.endpoints = "
                + "'WorkspaceFactory,Markt' is not valid"), check.output());
        assertFalse(check.output().contains("configuration is usable"), check.output());
        Command start = Command.run(file);
        assertEquals(1, start.status(), start.output());
        assertTrue(start.output().contains("'Markt' is not 'all' or one of"), start.output());
        assertFalse(Files.exists(dir.resolve("data").resolve("mariadb")), "no database was started");

        Files.writeString(file, text.toString().replace("Markt", "Market")
                .replace(credentials.hostKey().toString(), dir.resolve("missing-hostkey.pem").toString()));
        Command fixed = Command.run(file, "--check-config");
        assertEquals(2, fixed.status(), fixed.output());
        assertTrue(fixed.output().contains(line("FAIL", "credential") + "agora.server.host.cert/agora.server.host.key"),
                fixed.output());
    }

    /** {@code agora-server} as its own process, as an admin runs it. */
    private record Command(int status, String output) {
        static Command run(Path config, String... more) throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ServerCommand.class.getName(),
                    "--config", config.toString()));
            command.addAll(List.of(more));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
            return new Command(p.exitValue(), output);
        }
    }
}

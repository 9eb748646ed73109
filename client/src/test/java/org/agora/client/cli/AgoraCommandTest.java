package org.agora.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.agora.security.ca.CertificateAuthority;
import org.agora.security.credential.GridCredential;
import org.agora.security.identity.ProxyType;
import org.agora.security.proxy.ProxyFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgoraCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int agora(Map<String, String> env, String... args) {
        return AgoraCommand.run(new CliEnvironment(env, dir.resolve("home"), 4242, new PrintWriter(out),
                new PrintWriter(err)), args);
    }

    @Test
    void helpListsTheWorkspaceCommands() {
        assertEquals(0, agora(Map.of(), "workspace", "--help"));
        for (String sub : new String[] {"create", "status", "list", "destroy"}) {
            assertTrue(out.toString().contains(sub), out.toString());
        }
        assertEquals(0, agora(Map.of(), "workspace", "create", "--help"));
        assertTrue(out.toString().contains("--memory=MB"), out.toString());
    }

    @Test
    void everyLevelOfHelpListsTheCommandsBelowIt() {
        assertEquals(0, agora(Map.of(), "--help"));
        for (String command : new String[] {"workspace", "bank", "hosts", "bid", "usage", "market", "proxy-init",
            "proxy-info", "help"}) {
            assertTrue(out.toString().contains("  " + command + " "), out.toString());
        }
        out.getBuffer().setLength(0);
        assertEquals(0, agora(Map.of(), "help", "workspace"));
        assertTrue(out.toString().contains("  group ") && out.toString().contains("  destroy "), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, agora(Map.of(), "--debug", "workspace", "group", "--help"));
        assertTrue(out.toString().contains("Usage: agora workspace group") && out.toString().contains("  shutdown "),
                out.toString());
    }

    @Test
    void aCommandWithoutItsSubcommandShowsItsUsageAndAMisspeltOneASuggestion() {
        assertEquals(2, agora(Map.of(), "bank"));
        assertTrue(err.toString().contains("say what to do") && err.toString().contains("Usage: agora bank")
                && err.toString().contains("  verify-receipt "), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, agora(Map.of(), "workspace", "stauts", "ws-001"));
        assertTrue(err.toString().contains("Did you mean: workspace start or workspace status"), err.toString());
    }

    @Test
    void aMissingOptionIsAUsageErrorNamingIt() {
        assertEquals(2, agora(Map.of(), "workspace", "create", "--memory", "512", "--hours", "1"));
        assertTrue(err.toString().contains("--image"), err.toString());
    }

    @Test
    void anUnknownHandleFailsWithWhatToDo() {
        assertEquals(1, agora(Map.of(), "workspace", "status", "ws-404"));
        assertTrue(err.toString().startsWith("agora: no workspace handle ws-404"), err.toString());
        assertTrue(err.toString().contains("agora workspace list"), err.toString());
    }

    @Test
    void hostsRefuseASortTheMarketCannotDoAndFiltersItDoesNotKnowSayingWhatTo() {
        assertEquals(1, agora(Map.of(), "hosts", "--sort", "memory"));
        assertTrue(err.toString().contains("ranks hosts by price only") && err.toString().contains("--filter"),
                err.toString());
        assertEquals(1, agora(Map.of(), "hosts", "--filter", "colour=blue"));
        assertTrue(err.toString().contains("the filters are hypervisor, arch, min-memory and site"), err.toString());
        assertEquals(1, agora(Map.of(), "hosts", "--filter", "min-memory=lots"));
        assertTrue(err.toString().contains("give megabytes"), err.toString());
        assertEquals(1, agora(Map.of(), "hosts", "--arch", "x86_64", "--filter", "arch=aarch64"));
        assertTrue(err.toString().contains("disagree"), err.toString());
    }

    @Test
    void errorsAreOneLineAndDebugAnywhereAddsTheStackTrace() {
        assertEquals(1, agora(Map.of(), "workspace", "status", "ws-404"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, agora(Map.of(), "--debug", "workspace", "status", "ws-404"));
        assertTrue(err.toString().contains("\tat org.agora.client"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, agora(Map.of(), "workspace", "status", "ws-404", "--debug"));
        assertTrue(err.toString().contains("\tat org.agora.client"), err.toString());
    }

    @Test
    void userDataThatCannotBeSentIsRefusedBeforeAnyCallNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-script");
        assertEquals(1, agora(Map.of(), "workspace", "create", "--image", "tiny", "--memory", "128", "--hours", "1",
                "--user-data", missing.toString()));
        assertTrue(err.toString().contains("--user-data " + missing + " cannot be read"), err.toString());

        err.getBuffer().setLength(0);
        Path binary = java.nio.file.Files.write(dir.resolve("latin1.sh"), new byte[] {'#', '!', (byte) 0xE9, '\n'});
        assertEquals(1, agora(Map.of(), "workspace", "create", "--image", "tiny", "--memory", "128", "--hours", "1",
                "--user-data", binary.toString()));
        assertTrue(err.toString().contains("--user-data " + binary + " is not UTF-8 text"), err.toString());
    }

    @Test
    void noCredentialSaysHowToMakeOne() {
        assertEquals(1, agora(Map.of(), "workspace", "list"));
        assertTrue(err.toString().contains("grid-proxy-init"), err.toString());
    }

    @Test
    void aServiceThatIsNotRunningIsNamed() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("/DC=org/DC=agora-test/CN=Test CA", Duration.ofDays(1));
        ca.installInto(dir.resolve("certificates"));
        GridCredential user = ca.issueUser("Jane Doe", Duration.ofDays(1));
        Path proxy = dir.resolve("proxy.pem");
        ProxyFactory.createProxy(user, Duration.ofHours(1), ProxyType.RFC3820_IMPERSONATION, 2048).writeProxyFile(proxy);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("X509_USER_PROXY", proxy.toString());
        env.put("X509_CERT_DIR", dir.resolve("certificates").toString());
        env.put("AGORA_SERVICE", "https://localhost:" + port + "/agora");
        assertEquals(1, agora(env, "workspace", "create", "--image", "debian-12", "--memory", "512", "--hours", "1"));
        assertTrue(err.toString().contains("nothing answers at https://localhost:" + port), err.toString());
    }
}

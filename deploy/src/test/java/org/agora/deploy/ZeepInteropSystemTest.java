package org.agora.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.database.testing.TestDatabases;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign client built from nothing but our WSDL, Python's zeep (Debian's python3-zeep), creates,
 * reads, lists and destroys a workspace over mutual TLS and gets a typed fault for a bad request.
 */
class ZeepInteropSystemTest {
    @TempDir
    Path dir;

    private static boolean zeepInstalled() {
        try {
            return new ProcessBuilder("/usr/bin/python3", "-c", "import zeep").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void pythonZeepSpeaksTheContract() throws Exception {
        RealPeer.require("python3-zeep for /usr/bin/python3", zeepInstalled(), "Debian package python3-zeep");
        Path script = dir.resolve("zeep_workspace.py");
        try (var in = getClass().getResourceAsStream("/interop/zeep_workspace.py")) {
            Files.copy(in, script);
        }
        Path wsdl = Path.of("..", "wsdl", "src", "main", "resources", "wsdl", "workspace.wsdl").toAbsolutePath()
                .normalize();
        String server = TestDatabases.serverUrls().findFirst().orElseThrow();
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(),
                FreePorts.next(), "test:///default", server, TestDatabases.freshName("agora_it")))) {
            var c = site.credentials();
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), wsdl.toString(),
                    site.server().baseUrl(), c.userCert().toString(), c.userKey().toString(),
                    c.certificatesDir().resolveSibling("ca/cacert.pem").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            List<String> lines = out.lines().toList();
            assertTrue(lines.get(0).matches("created [0-9a-f-]{36} Unpropagated"), out);
            assertTrue(lines.get(1).matches("state State (Unpropagated|Running)"), out);
            assertEquals("listed 1", lines.get(2), out);
            assertTrue(lines.get(3).startsWith("fault InvalidWorkspaceRequestFault ")
                    && lines.get(3).contains("ResourceAllocation/MemoryMiB"), out);
            assertTrue(lines.get(4).startsWith("destroyed "), out);
            assertEquals("listed 0", lines.get(5), out);
        }
    }
}

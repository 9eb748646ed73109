package org.agora.deploy.distribution;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.agora.client.cli.AgoraCommand;
import org.agora.client.cli.CliEnvironment;
import org.agora.client.handles.HandleStore;
import org.agora.client.workspace.EndpointReferences;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.CredentialLocator;

/**
 * The workload {@code bin/agora-class-archive} runs with {@code -XX:ArchiveClassesAtExit}: the
 * {@code agora} command's common calls, with throwaway credentials, against a port where nothing
 * listens. Each call loads what a real one loads up to the connection (the command line, the proxy and
 * CA directory, the CXF bus, the contract's WSDL, the JAXB contexts, the TLS set-up), which is most
 * of the command's start-up; the archive spares later runs parsing and verifying those classes.
 */
public final class ClassArchiveTraining {
    private static final String[][] COMMANDS = {
        {"workspace", "create", "--image", "debian-12", "--vcpus", "1", "--memory", "512", "--hours", "1"},
        {"workspace", "status", "ws-001"},
        {"workspace", "list"},
        {"workspace", "destroy", "ws-001"},
        {"workspace", "--help"},
    };

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("agora-class-archive");
        try {
            DemoCredentials credentials = DemoCredentials.ensure(dir.resolve("credentials"));
            String service = "https://localhost:" + closedPort() + "/agora";
            Path home = dir.resolve("home");
            Map<String, String> env = Map.of("X509_USER_PROXY", credentials.userProxy().toString(),
                    "X509_CERT_DIR", credentials.certificatesDir().toString(), "AGORA_SERVICE", service);
            HandleStore.forUser(env, home).remember(EndpointReferences.of(service + "/Workspace"));
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            CliEnvironment environment = new CliEnvironment(env, home, CredentialLocator.currentUid(), discard, discard);
            for (String[] command : COMMANDS) {
                AgoraCommand.run(environment, command);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(ClassArchiveTraining::delete);
            }
        }
    }

    /** A port that was free a moment ago, so each call fails at its connection and nothing is sent. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            System.err.println("agora-class-archive: cannot remove " + p + ": " + e.getMessage());
        }
    }
}

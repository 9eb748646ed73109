package org.agora.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.agora.adapter.AdapterSettings;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.deploy.adapter.AdapterProcess;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Peak resident memory of an {@code agora-server} process with many workspaces stored and some
 * live: the server runs as its own process (embedded MariaDB: its mariadbd is a process of its own
 * and not counted) with the JVM options its launcher uses; one adapter on the test driver runs in
 * this process; the workspaces are made through the service in groups, most of them then destroyed,
 * the rest left running. Then the caller's ListWorkspaces and a status of each live workspace are
 * asked, and the server's VmHWM read from /proc (what /usr/bin/time -v reports).
 */
@Command(name = "server-memory", mixinStandardHelpOptions = true)
public final class ServerMemory implements Callable<Integer> {
    @Option(names = "--stored", defaultValue = "10000", description = "Workspaces made in all (default: ${DEFAULT-VALUE}).")
    int stored;

    @Option(names = "--live", defaultValue = "1000", description = "Of which left live (default: ${DEFAULT-VALUE}).")
    int live;

    @Option(names = "--jvm-options", defaultValue = ServerLauncher.OPTIONS,
            description = "JVM options of the server process (default: the launcher's: ${DEFAULT-VALUE}).")
    String jvmOptions;

    /** The JVM options deploy/src/main/sh/agora-server sets. */
    static final class ServerLauncher {
        static final String OPTIONS = "-Xmx256m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m "
                + "-XX:ReservedCodeCacheSize=96m";
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMemory()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("agora-server-memory");
        DemoCredentials c = DemoCredentials.ensure(dir);
        int adapterPort = FreePorts.next();
        int serverPort = FreePorts.next();
        String hostDn = GridCredential.fromCertificateAndKey(c.hostCert(), c.hostKey()).identity().dn();
        AdapterProcess adapter = AdapterProcess.start(AdapterSettings.SCHEMA.fromMap("bench", Map.ofEntries(
                Map.entry(AdapterSettings.LIBVIRT_URI.key(), "test:///default"),
                Map.entry(AdapterSettings.LISTEN_HOST.key(), "localhost"),
                Map.entry(AdapterSettings.PORT.key(), Integer.toString(adapterPort)),
                Map.entry(AdapterSettings.STORAGE_DIR.key(), dir.resolve("storage").toString()),
                Map.entry(AdapterSettings.HOST_CERT.key(), c.hostCert().toString()),
                Map.entry(AdapterSettings.HOST_KEY.key(), c.hostKey().toString()),
                Map.entry(AdapterSettings.CERTIFICATES_DIR.key(), c.certificatesDir().toString()),
                Map.entry(AdapterSettings.SERVICE_DNS.key(), hostDn),
                Map.entry(AdapterSettings.CAPACITY_VCPUS.key(), Integer.toString(live + 256)),
                Map.entry(AdapterSettings.CAPACITY_MEMORY.key(), Integer.toString((live + 256) * 16)),
                Map.entry(AdapterSettings.CAPACITY_DISK.key(), Integer.toString((live + 256) * 2)))));
        Path config = dir.resolve("agora-server.properties");
        Files.writeString(config, String.join("\n",
                "agora.server.listen.host = localhost",
                "agora.server.port = " + serverPort,
                "agora.server.public.url = https://localhost:" + serverPort + "/agora",
                "agora.server.host.cert = " + c.hostCert(),
                "agora.server.host.key = " + c.hostKey(),
                "agora.server.certificates.dir = " + c.certificatesDir(),
                "agora.data.dir = " + dir.resolve("server"),
                "agora.nodes = https://localhost:" + adapterPort + "/agora-node/Node", ""));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", ChildProcesses.classpath(), "org.agora.deploy.server.ServerCommand", "--config",
                config.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
        URI base = URI.create("https://localhost:" + serverPort + "/agora");
        TlsMaterial tls = new TlsMaterial(GridCredential.fromProxyFile(c.userProxy()),
                TrustAnchors.fromDirectory(c.certificatesDir()));
        long started = System.nanoTime();
        try (WorkspaceClient client = new WorkspaceClient(base, tls)) {
            ChildProcesses.awaitAnswer(server, java.time.Duration.ofSeconds(180), client::list, "the server");
            for (int done = 0; done < stored; ) {
                int n = Math.min(250, stored - done);
                boolean keep = done >= stored - live;
                var group = client.createGroup(new WorkspaceRequestBuilder().image("debian-12").vcpus(1).memoryMiB(16)
                        .diskMiB(1).duration(Duration.ofHours(2)).buildGroup(n));
                while (client.groupStatus(group.getGroupReference()).getMember().stream()
                        .filter(m -> m.getState() == WorkspaceStateType.RUNNING).count() < n) {
                    Thread.sleep(200); // the group deploys on the node meanwhile
                }
                if (!keep) {
                    client.destroyGroup(group.getGroupReference());
                }
                done += n;
            }
            var listed = client.list();
            for (var w : listed) {
                client.status(w.getWorkspaceReference());
            }
                        System.out.printf("server-memory: %d workspaces made, %d live (listed %d), in %.0f s; server JVM options: %s%n",
                    stored, live, listed.size(), (System.nanoTime() - started) / 1e9, jvmOptions);
            System.out.printf("server-memory: %s, %s%n", ChildProcesses.statusLine(server, "VmHWM"),
                    ChildProcesses.statusLine(server, "VmRSS"));
        } finally {
            server.destroy();
            server.waitFor();
            adapter.close();
        }
        return 0;
    }

}

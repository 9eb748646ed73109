package org.agora.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DescribeNode;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.Node;
import org.agora.contract.node.NodeService;
import org.agora.deploy.demo.DemoCredentials;
import org.agora.security.credential.GridCredential;
import org.agora.security.tls.TlsMaterial;
import org.agora.security.trust.TrustAnchors;
import org.agora.testing.FreePorts;
import org.agora.transport.endpoint.SecureBus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Peak resident memory of an {@code agora-adapter} process holding many domains: the adapter runs
 * as its own process with the JVM options its launcher uses, this program deploys the domains
 * over mutual TLS as the workspace service would, asks DescribeNode (every domain, its weight)
 * ten times, and reads the process's peak RSS (VmHWM in /proc, what /usr/bin/time -v reports as
 * its maximum resident set size). The test driver's domains live inside the adapter process, so
 * their libvirt state is counted too.
 */
@Command(name = "adapter-memory", mixinStandardHelpOptions = true)
public final class AdapterMemory implements Callable<Integer> {
    @Option(names = "--domains", defaultValue = "100", description = "Domains to deploy (default: ${DEFAULT-VALUE}).")
    int domains;

    @Option(names = "--jvm-options", defaultValue = "-Xmx96m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m "
            + "-XX:ReservedCodeCacheSize=48m -XX:TieredStopAtLevel=1",
            description = "JVM options of the adapter process (default: the launcher's: ${DEFAULT-VALUE}).")
    String jvmOptions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AdapterMemory()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("agora-adapter-memory");
        DemoCredentials c = DemoCredentials.ensure(dir);
        int port = FreePorts.next();
        String hostDn = GridCredential.fromCertificateAndKey(c.hostCert(), c.hostKey()).identity().dn();
        Path config = dir.resolve("agora-adapter.properties");
        Files.writeString(config, String.join("\n",
                "agora.adapter.libvirt.uri = test:///default",
                "agora.adapter.listen.host = localhost",
                "agora.adapter.port = " + port,
                "agora.adapter.storage.dir = " + dir.resolve("storage"),
                "agora.adapter.host.cert = " + c.hostCert(),
                "agora.adapter.host.key = " + c.hostKey(),
                "agora.adapter.certificates.dir = " + c.certificatesDir(),
                "agora.adapter.service.dns = " + hostDn, ""));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", ChildProcesses.classpath(),
                "org.agora.deploy.adapter.AdapterCommand", "--config", config.toString()));
        Process adapter = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("adapter.log").toFile()).start();
        try (SecureBus bus = new SecureBus(new TlsMaterial(GridCredential.fromCertificateAndKey(c.hostCert(),
                c.hostKey()), TrustAnchors.fromDirectory(c.certificatesDir())))) {
            Node node = bus.secureClient(new NodeService().getNodePort(), "https://localhost:" + port
                    + "/agora-node/Node");
            ChildProcesses.awaitAnswer(adapter, java.time.Duration.ofSeconds(60),
                    () -> node.describeNode(new DescribeNode()), "the adapter");
            long started = System.nanoTime();
            for (int i = 0; i < domains; i++) {
                DomainSpecType spec = new DomainSpecType();
                spec.setWorkspaceId(UUID.randomUUID().toString());
                spec.setName("memory-" + i);
                spec.setOwner("/DC=org/CN=Bench");
                spec.setImage("blank");
                spec.setVcpus(1);
                spec.setMemoryMiB(128);
                spec.setDiskMiB(16);
                DeployWorkspace d = new DeployWorkspace();
                d.setSpec(spec);
                node.deployWorkspace(d);
            }
            for (int i = 0; i < 10; i++) {
                node.describeNode(new DescribeNode());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
                        System.out.printf("adapter-memory: %d domains deployed in %d ms; adapter JVM options: %s%n", domains,
                    millis, jvmOptions);
            System.out.printf("adapter-memory: %s, %s%n", ChildProcesses.statusLine(adapter, "VmHWM"),
                    ChildProcesses.statusLine(adapter, "VmRSS"));
        } finally {
            adapter.destroy();
            adapter.waitFor();
        }
        return 0;
    }
}

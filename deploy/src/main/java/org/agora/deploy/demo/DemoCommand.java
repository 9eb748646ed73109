package org.agora.deploy.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.agora.deploy.ProcessSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora-demo}: the whole site in one process, on embedded defaults. */
@Command(name = "agora-demo", mixinStandardHelpOptions = true, version = "agora-demo 0.1.0",
        description = {"Starts the workspace service on an embedded MariaDB and one site adapter on libvirt's",
                "test driver, with a development CA and credentials under the data directory."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/demo",
            description = "Where credentials, configuration, the database and storage go (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8443", description = "Service HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--adapter-port", defaultValue = "8444",
            description = "Adapter HTTPS port (default: ${DEFAULT-VALUE}).")
    int adapterPort;

    @Option(names = "--libvirt-uri", defaultValue = "test:///default",
            description = "libvirt connection of the demo's adapter (default: ${DEFAULT-VALUE}); "
                    + "qemu:///system boots real guests where libvirtd runs.")
    String libvirtUri;

    @Override
    public Integer call() throws Exception {
        AllInOne.Options options = new AllInOne.Options(dataDir, port, adapterPort, libvirtUri, null,
                org.agora.deploy.server.AgoraServer.DATABASE_NAME);
        AllInOne site = AllInOne.start(options);
        DemoCredentials c = site.credentials();
        Path bin = distributionBin();
        System.out.println();
        System.out.println("Agora demo is running at " + site.server().baseUrl() + " (Ctrl-C stops it).");
        System.out.println("In another shell, paste these two lines, then try: agora workspace create --image debian-12 "
                + "--vcpus 1 --memory 512 --hours 2");
        System.out.println();
        System.out.println("export PATH=\"" + bin + ":$PATH\"");
        System.out.println("export X509_USER_PROXY=" + c.userProxy() + " X509_CERT_DIR=" + c.certificatesDir()
                + " AGORA_SERVICE=" + site.server().baseUrl());
        System.out.println();
        ProcessSupport.awaitShutdown(site);
        return 0;
    }

    /** The distribution's bin directory: the launchers sit next to the lib directory this jar is in. */
    private static Path distributionBin() {
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().resolveSibling("bin").toAbsolutePath().normalize();
        } catch (Exception e) {
            return Path.of("deploy/target/agora/bin").toAbsolutePath();
        }
    }

    public static void main(String[] args) {
        System.exit(ProcessSupport.run(new DemoCommand(), args));
    }
}

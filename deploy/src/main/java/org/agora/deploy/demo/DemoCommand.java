package org.agora.deploy.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.agora.deploy.ProcessSupport;
import org.agora.deploy.server.ServerSettings;
import org.agora.security.credential.GridCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora-demo}: the whole site in one process, on embedded defaults. */
@Command(name = "agora-demo", mixinStandardHelpOptions = true, version = "agora-demo 0.1.0",
        description = {"Starts the workspace service on an embedded MariaDB and one site adapter on libvirt's",
                "test driver (or, with --libvirt-uri qemu:///system, on real QEMU guests), with a development CA",
                "and credentials under the data directory."})
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
        boolean realGuests = !libvirtUri.startsWith("test:");
        if (realGuests) {
            // No libvirt network is assumed on a demo machine: QEMU's user-mode networking needs none.
            options = options.withAdapterSetting("agora.adapter.networks",
                    org.agora.adapter.hypervisor.DomainDefinition.NetworkInterface.USER_MODE);
        }
        // The demo's one user is its bank's administrator too, so the market can be tried at once
        // (mint, bid) on a development CA that nobody else trusts.
        DemoCredentials credentials = DemoCredentials.ensure(dataDir.toAbsolutePath());
        String user = GridCredential.fromCertificateAndKey(credentials.userCert(), credentials.userKey()).identity().dn();
        options = options.withServerSetting(ServerSettings.BANK_ADMINS.key(), user);
        AllInOne site = AllInOne.start(options);
        String tryThis = "agora workspace create --image debian-12 --vcpus 1 --memory 512 --hours 2";
        if (realGuests) {
            installTinyGuest(dataDir.resolve("adapter/storage/images"), dataDir);
            tryThis = "agora workspace create --image tiny --memory 128 --disk 16 --hours 1 --kernel tiny-kernel "
                    + "--initrd tiny-initrd --kernel-args console=ttyS0 --wait, then agora workspace console ws-001";
        }
        DemoCredentials c = site.credentials();
        Path bin = distributionBin();
        System.out.println();
        System.out.println("Agora demo is running at " + site.server().baseUrl() + " (Ctrl-C stops it).");
        System.out.println("In another shell, paste these two lines, then try: " + tryThis);
        System.out.println();
        System.out.println("export PATH=\"" + bin + ":$PATH\"");
        System.out.println("export X509_USER_PROXY=" + c.userProxy() + " X509_CERT_DIR=" + c.certificatesDir()
                + " AGORA_SERVICE=" + site.server().baseUrl());
        System.out.println("The market: agora bank mint --to \"" + user + "\" --amount 100, then agora hosts and "
                + "agora bid place --host localhost:" + adapterPort + " --amount 5 --hours 1");
        System.out.println();
        ProcessSupport.awaitShutdown(site);
        return 0;
    }

    /**
     * Puts the tiny guest (Debian's cloud kernel and a busybox initramfs built now) into the adapter's
     * image repository, so that a real VM boots in seconds and prints to its console.
     */
    private static void installTinyGuest(Path images, Path dataDir) throws Exception {
        java.util.Optional<String> missing = TinyGuest.missing();
        if (missing.isPresent()) {
            System.out.println("agora-demo: no tiny guest for real boots: " + missing.get());
            return;
        }
        java.nio.file.Files.createDirectories(images);
        java.nio.file.Files.copy(TinyGuest.kernel().orElseThrow(), images.resolve("tiny-kernel"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TinyGuest.writeInitramfs(images.resolve("tiny-initrd"));
        TinyGuest.letQemuIn(images, dataDir);
        System.out.println("agora-demo: tiny guest (kernel tiny-kernel, initrd tiny-initrd) ready in " + images);
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

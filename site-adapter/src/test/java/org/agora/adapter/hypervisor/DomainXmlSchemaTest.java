package org.agora.adapter.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agora.adapter.storage.Disk;
import org.agora.testing.RealPeer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The domain XML the adapter writes is valid against libvirt's own schema (virt-xml-validate). */
class DomainXmlSchemaTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"qemu:///system, kvm", "qemu:///system, qemu", "xen:///system, xen", "test:///default, test"})
    void generatedDomainsValidateAgainstLibvirtsSchema(String uri, String domainType) throws Exception {
        Path validator = Path.of("/usr/bin/virt-xml-validate");
        RealPeer.require("virt-xml-validate", Files.isExecutable(validator), "Debian package libvirt-clients");
        RealPeer.require("xmllint, which virt-xml-validate runs", Files.isExecutable(Path.of("/usr/bin/xmllint")),
                "Debian package libxml2-utils");
        List<DomainDefinition> definitions = List.of(
                new DomainDefinition("0b9a4c1e-8a3f-4d2b-9c7e-1f2e3d4c5b6a", "/DC=org/CN=Jane O'Neil & Co", "debian-12",
                        2, 512, Path.of("/var/lib/agora/storage/a.img"), 1024, false),
                new DomainDefinition("ws-pv", "/CN=Jane", "debian-12", 1, 256,
                        List.of(Disk.rawRoot(Path.of("/var/lib/agora/storage/b.img"))), false, "x86_64", Path.of("/var/lib/agora/images/vmlinuz"),
                        Path.of("/var/lib/agora/images/initrd.img"), "console=hvc0 root=/dev/xvda",
                        List.of(new DomainDefinition.NetworkInterface("lab", "52:54:00:aa:bb:01"),
                                new DomainDefinition.NetworkInterface("default", null)), 1024, false),
                new DomainDefinition("ws-disks", "/CN=Jane", "debian-12", 1, 256, List.of(
                        new Disk(Path.of("/var/lib/agora/storage/workspaces/ws-disks/root.qcow2"), Disk.Format.QCOW2,
                                "vda", Disk.Role.ROOT, false),
                        new Disk(Path.of("/var/lib/agora/storage/workspaces/ws-disks/swap.img"), Disk.Format.RAW, "vdb",
                                Disk.Role.SWAP, false),
                        new Disk(Path.of("/dev/agora/agora-ws-disks+scratch"), Disk.Format.RAW, "vdc",
                                Disk.Role.SCRATCH, true)),
                        false, null, null, null, null, List.of(), 256, false),
                new DomainDefinition("ws-pv-disks", "/CN=Jane", "debian-12", 1, 256, List.of(
                        new Disk(Path.of("/dev/agora/agora-ws-pv-disks"), Disk.Format.RAW, "vda", Disk.Role.ROOT, true),
                        new Disk(Path.of("/var/lib/agora/storage/workspaces/ws-pv-disks/swap.img"), Disk.Format.RAW,
                                "vdb", Disk.Role.SWAP, false)),
                        false, "x86_64", Path.of("/var/lib/agora/images/vmlinuz"), null, "root=/dev/xvda", List.of(),
                        256, false),
                // A direct kernel boot with its serial console logged to a file, user-mode networking and
                // a read-only NoCloud seed.
                new DomainDefinition("ws-console", "/CN=Jane", "tiny", 1, 128,
                        List.of(Disk.rawRoot(Path.of("/var/lib/agora/storage/workspaces/ws-console/root.img")),
                                new Disk(Path.of("/var/lib/agora/storage/workspaces/ws-console/seed.iso"),
                                        Disk.Format.RAW, "vdb", Disk.Role.SEED, false)), false,
                        null, Path.of("/var/lib/agora/storage/images/tiny-kernel"),
                        Path.of("/var/lib/agora/storage/images/tiny-initrd"), "console=ttyS0",
                        List.of(new DomainDefinition.NetworkInterface(DomainDefinition.NetworkInterface.USER_MODE,
                                "52:54:00:12:34:56")), 256, false,
                        Path.of("/var/lib/agora/storage/workspaces/ws-console/console.log")));
        for (DomainDefinition d : definitions) {
            Path file = dir.resolve(d.workspaceId() + ".xml");
            Files.writeString(file, DomainXml.build(d, new DomainType(domainType, "chosen by the test"), "x86_64",
                    DomainXml.xenFlavoured(uri)), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(validator.toString(), file.toString(), "domain").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), uri + " " + domainType + " " + d.workspaceId() + ": " + out + "\n" + Files.readString(file));
        }
    }
}

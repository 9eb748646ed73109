package org.agora.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainXml;
import org.agora.adapter.storage.Disk;
import org.agora.deploy.demo.TinyGuest;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;

/**
 * The tiny guest started the way a bare libvirt-java program would: a sparse 16 MiB root disk file
 * made by hand, the domain XML the adapter builds for the same request, define, start. It is the
 * baseline the adapter and the whole service are timed against, so it does no more than that.
 * Closing it destroys and undefines the domain and deletes its files.
 */
final class RawTinyGuest implements AutoCloseable {
    /** What the request asks for, on both paths: 1 vCPU, 128 MiB, a 16 MiB blank root disk. */
    static final int VCPUS = 1;
    static final int MEMORY_MIB = 128;
    static final int DISK_MIB = 16;
    static final String KERNEL_ARGS = "console=ttyS0 quiet";

    private final String id;
    private final Path dir;
    private final Domain domain;

    private RawTinyGuest(String id, Path dir, Domain domain) {
        this.id = id;
        this.dir = dir;
        this.domain = domain;
    }

    /**
     * Makes the disk, defines and starts the domain; returns once libvirt has started it. A domain
     * defined but not started is undefined again before the failure is thrown.
     *
     * @param under a directory QEMU can traverse; the guest's own directory is made in it
     */
    static RawTinyGuest start(Connect libvirt, String arch, Path under, Path kernel, Path initrd, String owner)
            throws IOException, LibvirtException {
        String id = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(under.resolve(id));
        TinyGuest.letQemuIn(dir, under);
        Path disk = dir.resolve("root.img");
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength((long) DISK_MIB << 20);
        }
        String xml = DomainXml.build(new DomainDefinition(id, owner, "tiny", VCPUS, MEMORY_MIB,
                List.of(new Disk(disk, Disk.Format.RAW, "vda", Disk.Role.ROOT, false)), false, null, kernel, initrd,
                KERNEL_ARGS,
                List.of(new DomainDefinition.NetworkInterface(DomainDefinition.NetworkInterface.USER_MODE, null)),
                256, false, dir.resolve("console.log")), "qemu:///system", arch);
        Domain domain = libvirt.domainDefineXML(xml);
        try {
            domain.create();
        } catch (LibvirtException e) {
            domain.undefine();
            deleteTree(dir);
            throw e;
        }
        return new RawTinyGuest(id, dir, domain);
    }

    String workspaceId() {
        return id;
    }

    Path console() {
        return dir.resolve("console.log");
    }

    boolean running() throws LibvirtException {
        return domain.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_RUNNING;
    }

    /** The domain's persistent XML as libvirt keeps it (not the live one: no pty paths or aliases). */
    String definedXml() throws LibvirtException {
        return domain.getXMLDesc(2); // VIR_DOMAIN_XML_INACTIVE
    }

    @Override
    public void close() throws LibvirtException, IOException {
        try {
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            domain.undefine();
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

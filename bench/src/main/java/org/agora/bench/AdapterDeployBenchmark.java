package org.agora.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainXml;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.storage.Disk;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.NodeFault;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One workspace's domain made and removed on libvirt's test driver: through the adapter's node
 * endpoint (spec checks, network plan, a blank raw root disk prepared and released, domain XML,
 * define + start, destroy + undefine, the liveness bookkeeping), against raw libvirt-java doing
 * define + start + destroy + undefine of the same XML in the same run. The difference is the
 * adapter's own cost per workspace; SOAP and TLS are measured by the service benches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdapterDeployBenchmark {
    private Path dir;
    private SiteAdapter adapter;
    private Connect raw;
    private String rawXmlTemplate;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("agora-adapter-bench");
        adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"), new RawCopyStorage(dir),
                new Capacity(0, 0, 1_000_000));
        raw = new Connect("test:///default", false);
        String id = "00000000-0000-0000-0000-000000000000";
        Path disk = dir.resolve("raw-root.img");
        Files.createFile(disk);
        rawXmlTemplate = DomainXml.build(new DomainDefinition(id, "/DC=org/CN=Bench", "blank", 1, 128,
                List.of(new Disk(disk, Disk.Format.RAW, "vda", Disk.Role.ROOT, false)), false, null, null, null, null,
                List.of(), 256, false), "test:///default", raw.nodeInfo().model);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        adapter.close();
        raw.close();
    }

    @Benchmark
    public Object adapterDeployAndDestroy() throws NodeFault {
        String id = UUID.randomUUID().toString();
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("bench");
        spec.setOwner("/DC=org/CN=Bench");
        spec.setImage("blank");
        spec.setVcpus(1);
        spec.setMemoryMiB(128);
        spec.setDiskMiB(16);
        DeployWorkspace deploy = new DeployWorkspace();
        deploy.setSpec(spec);
        Object started = adapter.endpoint().deployWorkspace(deploy);
        DestroyWorkspace destroy = new DestroyWorkspace();
        destroy.setWorkspaceId(id);
        adapter.endpoint().destroyWorkspace(destroy);
        return started;
    }

    /** The least any deployment does besides libvirt: make the guest's sparse disk file, and delete it after. */
    @Benchmark
    public Object rawLibvirtWithASparseDiskFile() throws LibvirtException, java.io.IOException {
        String id = UUID.randomUUID().toString();
        Path disk = dir.resolve(id + ".img");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        Domain d = raw.domainDefineXML(rawXmlTemplate.replace("00000000-0000-0000-0000-000000000000", id)
                .replace(dir.resolve("raw-root.img").toString(), disk.toString()));
        d.create();
        d.destroy();
        d.undefine();
        Files.delete(disk);
        return d;
    }

    @Benchmark
    public Object rawLibvirtDefineStartDestroy() throws LibvirtException {
        String id = UUID.randomUUID().toString();
        Domain d = raw.domainDefineXML(rawXmlTemplate.replace("00000000-0000-0000-0000-000000000000", id));
        d.create();
        d.destroy();
        d.undefine();
        return d;
    }
}

package org.agora.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agora.adapter.hypervisor.DomainDefinition;
import org.agora.adapter.hypervisor.DomainXml;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.storage.Disk;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the adapter's liveness check costs to list a node's Agora domains (it runs on every libvirt
 * lifecycle event and every poll interval), against raw libvirt-java listing the same domains with
 * their states, in the same run, on libvirt's test driver holding {@code domains} running guests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LivenessListingBenchmark {
    @Param("100")
    int domains;

    private LibvirtHypervisor hypervisor;
    private Connect raw;

    @Setup(Level.Trial)
    public void open() throws Exception {
        hypervisor = LibvirtHypervisor.connect("test:///default");
        // test:///default is one node per process: both connections see the same guests.
        raw = new Connect("test:///default", false);
        Path disk = Files.createTempFile("agora-liveness-bench", ".img");
        for (int i = 0; i < domains; i++) {
            String id = UUID.randomUUID().toString();
            String xml = DomainXml.build(new DomainDefinition(id, "/DC=org/CN=Bench", "blank", 1, 128,
                    List.of(new Disk(disk, Disk.Format.RAW, "vda", Disk.Role.ROOT, false)), false, null, null, null,
                    null, List.of(), 256, false), "test:///default", raw.nodeInfo().model);
            raw.domainDefineXML(xml).create();
        }
        if (hypervisor.agoraDomains().size() < domains) {
            throw new IllegalStateException("the adapter's connection does not see the bench's guests");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        hypervisor.close();
        raw.close();
    }

    @Benchmark
    public Object agoraDomains() throws Exception {
        return hypervisor.agoraDomains();
    }

    /** The floor: every domain looked up and its state read, nothing identified. */
    @Benchmark
    public Object rawListWithStates() throws LibvirtException {
        int n = 0;
        for (int id : raw.listDomains()) {
            Domain d = raw.domainLookupByID(id);
            n += d.getInfo().state.ordinal();
        }
        return n;
    }
}

package org.agora.workspace.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {
    private final RequestLimits limits = new RequestLimits(8, 16_384, 100_000, 2048, Duration.ofDays(2));

    private static WorkspaceRequest request(int vcpus, int memory, int disk, Duration duration) {
        return new WorkspaceRequest(null, "debian-12", null, vcpus, memory, disk, duration, null);
    }

    @Test
    void defaultsAreFilledIn() throws Exception {
        WorkspaceRequest checked = limits.check(request(2, 1024, 0, Duration.ofHours(3)));
        assertEquals(2048, checked.diskMiB());
        assertEquals("debian-12", checked.name());
        assertEquals(WorkspaceState.RUNNING, checked.initialState());
    }

    @Test
    void eachOutOfRangeFieldIsNamedWithTheAllowedRange() {
        InvalidRequestException memory = assertThrows(InvalidRequestException.class,
                () -> limits.check(request(1, 0, 0, Duration.ofHours(1))));
        assertEquals("ResourceAllocation/MemoryMiB", memory.field());
        assertTrue(memory.getMessage().contains("from 16 to 16384"), memory.getMessage());

        InvalidRequestException vcpus = assertThrows(InvalidRequestException.class,
                () -> limits.check(request(9, 512, 0, Duration.ofHours(1))));
        assertEquals("ResourceAllocation/Vcpus", vcpus.field());

        InvalidRequestException duration = assertThrows(InvalidRequestException.class,
                () -> limits.check(request(1, 512, 0, Duration.ofDays(3))));
        assertEquals("DeploymentRequest/Duration", duration.field());
        assertTrue(duration.getMessage().contains("maximum"), duration.getMessage());
    }

    @Test
    void imageReferencesAreChecked() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> limits.check(
                new WorkspaceRequest(null, "bad image;rm", null, 1, 512, 0, Duration.ofHours(1), null)));
        assertEquals("Metadata/Image", e.field());
        InvalidRequestException sha = assertThrows(InvalidRequestException.class, () -> limits.check(
                new WorkspaceRequest(null, "debian-12", "abc", 1, 512, 0, Duration.ofHours(1), null)));
        assertEquals("Metadata/ImageSha256", sha.field());
    }

    private static WorkspaceRequest withPlatform(Platform platform, java.util.List<Nic> nics, int weight) {
        return new WorkspaceRequest(null, "debian-12", null, 1, 512, 0, Duration.ofHours(1), null, platform, nics,
                weight, null);
    }

    @Test
    void nicsArchAndWeightAreCheckedFieldByField() {
        InvalidRequestException mac = assertThrows(InvalidRequestException.class, () -> limits.check(withPlatform(null,
                java.util.List.of(new Nic("default", null, null), new Nic("lab", "01:00:5e:00:00:01", null)), 0)));
        assertEquals("Metadata/Nic[2]/Mac", mac.field());
        InvalidRequestException ip = assertThrows(InvalidRequestException.class, () -> limits.check(withPlatform(null,
                java.util.List.of(new Nic("lab", null, "10.0.0.256")), 0)));
        assertEquals("Metadata/Nic[1]/Ip", ip.field());
        InvalidRequestException arch = assertThrows(InvalidRequestException.class, () -> limits.check(withPlatform(
                new Platform(null, "sparc", null, null, null), java.util.List.of(), 0)));
        assertEquals("Metadata/Arch", arch.field());
        InvalidRequestException initrd = assertThrows(InvalidRequestException.class, () -> limits.check(withPlatform(
                new Platform(Platform.Hypervisor.XEN, null, null, "initrd.img", null), java.util.List.of(), 0)));
        assertEquals("Metadata/Initrd", initrd.field());
        InvalidRequestException weight = assertThrows(InvalidRequestException.class,
                () -> limits.check(withPlatform(null, java.util.List.of(), 70_000)));
        assertEquals("ResourceAllocation/CpuWeight", weight.field());
    }

    @Test
    void platformDefaultsAndCompatibility() throws Exception {
        WorkspaceRequest checked = limits.check(withPlatform(null, java.util.List.of(), 0));
        assertEquals(RequestLimits.DEFAULT_CPU_WEIGHT, checked.cpuWeight());
        assertEquals(ShutdownMechanism.NORMAL, checked.shutdown());
        assertEquals(null, checked.platform().arch(), "no arch asked: the node's own");
        Platform xen32 = new Platform(Platform.Hypervisor.XEN, "i686", null, null, null);
        assertTrue(xen32.runsOn("xen", "x86_64"), "a 64-bit Xen host runs 32-bit guests");
        assertFalse(xen32.runsOn("kvm", "x86_64"));
        assertFalse(new Platform(null, "x86_64", null, null, null).runsOn("kvm", "i686"));
        assertTrue(Platform.ANY.runsOn("xen", "aarch64"));
    }

    private static WorkspaceRequest contextualized(String userData, String gridJobId) {
        return new WorkspaceRequest(null, "debian-12", null, 1, 512, 0, Duration.ofHours(1), null, null, null, 0, null,
                null, userData, gridJobId);
    }

    @Test
    void userDataIsKeptAsSentUpTo64KiBInUtf8() throws Exception {
        String script = "#!/bin/sh\necho CONTEXT-SEEN $((6*7))\n";
        assertEquals(script, limits.check(contextualized(script, null)).userData());
        assertEquals(null, limits.check(contextualized("", null)).userData(), "empty user-data is none");
        String full = "é".repeat(RequestLimits.MAX_USER_DATA_BYTES / 2);
        assertEquals(full, limits.check(contextualized(full, null)).userData(), "65536 bytes fit");

        InvalidRequestException tooLarge = assertThrows(InvalidRequestException.class,
                () -> limits.check(contextualized(full + "x", null)));
        assertEquals("Metadata/UserData", tooLarge.field());
        assertEquals("at most 65536 bytes in UTF-8", tooLarge.allowed());
        assertTrue(tooLarge.getMessage().startsWith("Metadata/UserData 'éééé"), tooLarge.getMessage());
        assertTrue(tooLarge.getMessage().contains("is 65537 bytes in UTF-8; at most 65536"), tooLarge.getMessage());
        assertTrue(tooLarge.getMessage().length() < 300, "a quote, not the text");
    }

    @Test
    void gridJobIdIsOneLineOfPrintableAsciiUpTo512Characters() throws Exception {
        String contact = "https://ce.example.org:2119/16001/1700000000/";
        assertEquals(contact, limits.check(contextualized(null, " " + contact + "\n")).gridJobId(), "stripped");
        assertEquals(null, limits.check(contextualized(null, "  ")).gridJobId());
        assertEquals(512, limits.check(contextualized(null, "j".repeat(512))).gridJobId().length());

        for (String bad : new String[] {"j".repeat(513), "job\n2", "jöb"}) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> limits.check(contextualized(null, bad)));
            assertEquals("Metadata/GridJobId", refused.field());
            assertEquals("one line of at most 512 printable ASCII characters", refused.allowed());
            assertTrue(refused.getMessage().startsWith("Metadata/GridJobId 'j"), refused.getMessage());
        }
    }
}

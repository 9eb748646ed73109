package org.agora.adapter.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.agora.adapter.SiteAdapter;
import org.agora.adapter.hypervisor.LibvirtHypervisor;
import org.agora.adapter.image.ImageCache;
import org.agora.adapter.service.Capacity;
import org.agora.adapter.service.DiskPolicy;
import org.agora.adapter.service.Networks;
import org.agora.adapter.storage.RawCopyStorage;
import org.agora.contract.node.DeployWorkspace;
import org.agora.contract.node.DestroyWorkspace;
import org.agora.contract.node.DomainSpecType;
import org.agora.contract.node.NodeFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspaces booting images fetched by URI through the node's image cache. */
class ImageDeployTest {
    @TempDir
    Path dir;

    private static DeployWorkspace deploy(String id, String image, String sha256) {
        DomainSpecType spec = new DomainSpecType();
        spec.setWorkspaceId(id);
        spec.setName("web");
        spec.setOwner("/DC=org/CN=Jane");
        spec.setImage(image);
        spec.setImageSha256(sha256);
        spec.setVcpus(1);
        spec.setMemoryMiB(128);
        spec.setDiskMiB(4);
        DeployWorkspace d = new DeployWorkspace();
        d.setSpec(spec);
        return d;
    }

    @Test
    void anImageUriIsFetchedVerifiedBootedAndReleasedWithTheWorkspace() throws Exception {
        byte[] image = new byte[1 << 20];
        Arrays.fill(image, 0, 512, (byte) 0x55);
        Path source = dir.resolve("published/vo-image.img");
        Files.createDirectories(source.getParent());
        Files.write(source, image);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        ImageCache cache = new ImageCache(dir.resolve("cache"), 100L << 20);
        RawCopyStorage storage = new RawCopyStorage(dir.resolve("storage"));
        try (SiteAdapter adapter = new SiteAdapter(LibvirtHypervisor.connect("test:///default"), storage,
                new Capacity(0, 0, 10_000), DiskPolicy.ROOT_ONLY, Networks.DEFAULT,
                Duration.ofSeconds(2), cache)) {
            String id = UUID.randomUUID().toString();
            adapter.endpoint().deployWorkspace(deploy(id, source.toUri().toString(), sha));
            Path root = dir.resolve("storage/workspaces").resolve(id).resolve("root.img");
            assertArrayEquals(Arrays.copyOf(image, 512), Arrays.copyOf(Files.readAllBytes(root), 512),
                    "the root disk starts as the fetched image");
            assertTrue(cache.entries().get(0).pinned(), "held while the workspace lives");

            DestroyWorkspace destroy = new DestroyWorkspace();
            destroy.setWorkspaceId(id);
            adapter.endpoint().destroyWorkspace(destroy);
            assertFalse(cache.entries().get(0).pinned(), "released with it, kept for the next workspace");

            String other = UUID.randomUUID().toString();
            NodeFault wrong = assertThrows(NodeFault.class, () -> adapter.endpoint().deployWorkspace(
                    deploy(other, source.toUri().toString(), "0".repeat(64))));
            assertTrue(wrong.getMessage().contains("does not match its sha256"), wrong.getMessage());
            assertFalse(storage.leftovers().contains(other), "nothing was prepared for it");
            NodeFault noDigest = assertThrows(NodeFault.class, () -> adapter.endpoint().deployWorkspace(
                    deploy(other, "https://images.example.org/x.img", null)));
            assertTrue(noDigest.getMessage().contains("needs its sha256"), noDigest.getMessage());
            assertEquals(1, cache.entries().size());
        }
    }
}

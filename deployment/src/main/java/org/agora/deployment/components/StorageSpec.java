package org.agora.deployment.components;

import java.util.LinkedHashMap;
import java.util.Map;
import org.agora.deployment.kind.ComponentSpec;

/**
 * How a domain is installed on its node: the storage back-end, disk and swap sizes, and whether the
 * image is decompressed at boot and the disk compressed when the domain terminates.
 */
public record StorageSpec(Backend backend, long diskMiB, long swapMiB, boolean decompressAtBoot,
                          boolean compressAtTermination) implements ComponentSpec {

    /** The adapter's storage back-ends. */
    public enum Backend { OVERLAY, COPY, LOOPBACK, LVM }

    @Override
    public Map<String, Long> quantities() {
        Map<String, Long> quantities = new LinkedHashMap<>();
        quantities.put(StorageKind.DISK, diskMiB);
        quantities.put(StorageKind.SWAP, swapMiB);
        return quantities;
    }
}

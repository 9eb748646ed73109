package org.agora.deployment.components;

import java.util.Set;
import org.agora.deployment.description.ProblemCode;
import org.agora.deployment.kind.ComponentAttributes;
import org.agora.deployment.kind.ComponentKind;
import org.agora.deployment.kind.ComponentSpec;

/** {@code kind = storage}: the disk of the domain that holds it; prepared before and released after that domain. */
public final class StorageKind implements ComponentKind {

    public static final String NAME = "storage";
    static final String BACKEND = "backend";
    static final String DISK = "disk";
    static final String SWAP = "swap";
    static final String DECOMPRESS = "decompress-at-boot";
    static final String COMPRESS = "compress-at-termination";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> attributes() {
        return Set.of(BACKEND, DISK, SWAP, DECOMPRESS, COMPRESS);
    }

    @Override
    public ComponentSpec read(ComponentAttributes attributes) {
        StorageSpec.Backend backend = attributes.choice(BACKEND, StorageSpec.Backend.class, StorageSpec.Backend.OVERLAY);
        long disk = attributes.mebibytes(DISK, 0);
        if (!attributes.has(DISK)) {
            attributes.problem(ProblemCode.MISSING_ATTRIBUTE, DISK, "required, as a size such as 8G");
        }
        long swap = attributes.mebibytes(SWAP, 0);
        boolean decompress = attributes.flag(DECOMPRESS, false);
        boolean compress = attributes.flag(COMPRESS, false);
        if (backend == StorageSpec.Backend.OVERLAY && compress) {
            attributes.problem(ProblemCode.BAD_VALUE, COMPRESS,
                    "an overlay is discarded at termination; compressing it needs backend copy, loopback or lvm");
        }
        return new StorageSpec(backend, disk, swap, decompress, compress);
    }
}

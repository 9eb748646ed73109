package org.agora.adapter.hypervisor;

import java.nio.file.Path;

/** Everything the domain XML is built from, already checked by the node endpoint. */
public record DomainDefinition(String workspaceId, String owner, String image, int vcpus, int memoryMiB,
                               Path diskPath, long diskMiB, boolean startPaused) {
}

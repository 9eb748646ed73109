package org.agora.adapter.hypervisor;

/** What the hypervisor says about the node it runs on. */
public record NodeFacts(String hostName, String libvirtUri, String hypervisorType, String arch, int vcpus,
                        long memoryMiB) {
}

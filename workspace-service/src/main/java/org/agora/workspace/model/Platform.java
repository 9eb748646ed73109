package org.agora.workspace.model;

/**
 * What a guest needs of the node's virtualisation: the hypervisor (null: any), the architecture
 * (null: the node's own),
 * and for Xen paravirtual guests the kernel, initrd and kernel arguments (null when the image
 * boots itself).
 */
public record Platform(Hypervisor hypervisor, String arch, String kernel, String initrd, String kernelArgs) {
    /** Guests of the node's own architecture on any hypervisor, booting from their own disk. */
    public static final Platform ANY = new Platform(null, null, null, null, null);

    /** The hypervisors Agora drives. */
    public enum Hypervisor {
        KVM, XEN;

        public String contractName() {
            return name().toLowerCase();
        }

        public static Hypervisor fromContract(String value) {
            return value == null ? null : valueOf(value.toUpperCase());
        }
    }

    /** Whether a node running {@code nodeHypervisor} on {@code nodeArch} can host this guest. */
    public boolean runsOn(String nodeHypervisor, String nodeArch) {
        boolean hypervisorOk = hypervisor == null || hypervisor.contractName().equalsIgnoreCase(nodeHypervisor);
        return hypervisorOk && (arch == null || nodeArch == null || arch.equalsIgnoreCase(nodeArch)
                || ("i686".equals(arch) && "x86_64".equalsIgnoreCase(nodeArch)));
    }
}

package org.agora.adapter.hypervisor;

/**
 * The libvirt domain type ({@code <domain type=…>}) a node's guests get, with the reason, which
 * {@code --check-config} and the adapter's start-up log repeat so that a site admin can see why a
 * KVM node runs its guests in software emulation, or does not.
 */
public record DomainType(String name, String reason) {

    /** Thrown when the site forces {@code kvm} on a node whose libvirt offers none for the architecture. */
    public static final class Unavailable extends HypervisorException {
        public Unavailable(String message) {
            super(message, null);
        }
    }

    /**
     * Chooses for guests of {@code arch} on a connection: libvirt's test driver only runs {@code test}
     * domains and a Xen connection {@code xen} ones, whatever the choice; on KVM/QEMU the choice
     * decides, {@code auto} from what the capabilities list.
     */
    public static DomainType choose(DomainTypeChoice choice, String libvirtUri, GuestCapabilities capabilities,
                                    String arch) throws Unavailable {
        if (libvirtUri.startsWith("test:")) {
            return new DomainType("test", "libvirt's test driver runs every guest as a test domain"
                    + (choice == DomainTypeChoice.AUTO ? "" : "; the choice " + choice.value() + " does not apply"));
        }
        if (libvirtUri.startsWith("xen")) {
            return new DomainType("xen", "a Xen connection runs Xen domains"
                    + (choice == DomainTypeChoice.AUTO ? "" : "; the choice " + choice.value() + " does not apply"));
        }
        boolean kvmOffered = capabilities.offers(arch, "kvm");
        return switch (choice) {
            case QEMU -> new DomainType("qemu", "qemu forced by the site: software emulation"
                    + (kvmOffered ? ", although libvirt offers kvm for " + arch : ""));
            case KVM -> {
                if (!kvmOffered) {
                    throw new Unavailable("kvm is forced, but libvirt at " + libvirtUri + " offers no kvm domain for "
                            + arch + " guests (it offers " + offered(capabilities, arch) + "); check that /dev/kvm "
                            + "exists and the CPU's virtualisation is enabled, or choose auto or qemu");
                }
                yield new DomainType("kvm", "kvm forced by the site; libvirt offers it for " + arch);
            }
            case AUTO -> kvmOffered
                    ? new DomainType("kvm", "libvirt offers a kvm domain for " + arch + " guests: hardware acceleration")
                    : new DomainType("qemu", "libvirt offers no kvm domain for " + arch + " guests (it offers "
                            + offered(capabilities, arch) + "): software emulation");
        };
    }

    private static String offered(GuestCapabilities capabilities, String arch) {
        var types = capabilities.domainTypes(arch);
        return types.isEmpty() ? "none" : String.join(", ", types);
    }
}

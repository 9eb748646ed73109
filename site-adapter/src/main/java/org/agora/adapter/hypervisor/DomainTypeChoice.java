package org.agora.adapter.hypervisor;

/**
 * What the site asks of a KVM/QEMU node's domain type: {@code auto} takes {@code kvm} where libvirt
 * offers it for the guest's architecture, else {@code qemu}; {@code kvm} and {@code qemu} force one.
 * Forcing {@code qemu} is for hosts where KVM is listed but unusable (nested KVM that hangs guests).
 */
public enum DomainTypeChoice {
    AUTO, KVM, QEMU;

    /** The setting's spelling (auto, kvm, qemu). */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DomainTypeChoice of(String value) {
        return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    }
}

package org.agora.adapter;

import java.nio.file.Path;
import java.util.List;
import org.agora.config.Setting;
import org.agora.config.SettingsSchema;

/** Every key of the {@code agora-adapter} configuration file. */
public final class AdapterSettings {
    private AdapterSettings() {
    }

    public static final Setting<String> LISTEN_HOST = Setting.text("agora.adapter.listen.host", "0.0.0.0",
            "Address the node service listens on.");
    public static final Setting<Integer> PORT = Setting.integer("agora.adapter.port", 8444, 1, 65535,
            "HTTPS port of the node service.");
    public static final Setting<Path> HOST_CERT = Setting.path("agora.adapter.host.cert",
            Path.of("/etc/grid-security/hostcert.pem"), "This node's host certificate (PEM).");
    public static final Setting<Path> HOST_KEY = Setting.path("agora.adapter.host.key",
            Path.of("/etc/grid-security/hostkey.pem"),
            "The host certificate's private key (PEM, unencrypted, readable only by the adapter's user).");
    public static final Setting<Path> CERTIFICATES_DIR = Setting.path("agora.adapter.certificates.dir",
            Path.of("/etc/grid-security/certificates"), "Grid CA directory (<hash>.0 files) the adapter trusts.");
    public static final Setting<String> SERVICE_DNS = Setting.text("agora.adapter.service.dns", null,
            "Host DNs (slash form) of the workspace services allowed to call, separated by semicolons. "
                    + "Empty: any host certificate from a trusted CA (not for production).");
    public static final Setting<String> LIBVIRT_URI = Setting.text("agora.adapter.libvirt.uri", "qemu:///system",
            "libvirt connection URI: qemu:///system for KVM/QEMU, xen:///system for Xen, test:///default to try "
                    + "Agora without a hypervisor.");
    public static final Setting<Path> STORAGE_DIR = Setting.path("agora.adapter.storage.dir",
            Path.of("/var/lib/agora/storage"), "Where workspaces' disks are made; emptied of a workspace when it ends.");
    public static final Setting<Integer> CAPACITY_VCPUS = Setting.integer("agora.adapter.capacity.vcpus", 0, 0,
            65536, "Virtual CPUs to offer to workspaces; 0: the node's CPU count as libvirt reports it.");
    public static final Setting<Integer> CAPACITY_MEMORY = Setting.integer("agora.adapter.capacity.memory.mib", 0, 0,
            Integer.MAX_VALUE, "Memory (MiB) to offer to workspaces; 0: the node's memory as libvirt reports it.");
    public static final Setting<Integer> CAPACITY_DISK = Setting.integer("agora.adapter.capacity.disk.mib", 0, 0,
            Integer.MAX_VALUE, "Disk (MiB) to offer to workspaces; 0: the free space of the storage directory.");

    public static final SettingsSchema SCHEMA = new SettingsSchema("agora-adapter", List.of(
            LISTEN_HOST, PORT, HOST_CERT, HOST_KEY, CERTIFICATES_DIR, SERVICE_DNS, LIBVIRT_URI, STORAGE_DIR,
            CAPACITY_VCPUS, CAPACITY_MEMORY, CAPACITY_DISK));
}

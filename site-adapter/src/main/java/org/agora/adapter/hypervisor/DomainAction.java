package org.agora.adapter.hypervisor;

/** What can be done to a running or defined domain besides booting and destroying it. */
public enum DomainAction {
    /** Start a defined domain that is not running. */
    START,
    /** Ask the guest to shut down (ACPI); the domain stays defined. */
    SHUTDOWN,
    PAUSE,
    RESUME,
    REBOOT
}

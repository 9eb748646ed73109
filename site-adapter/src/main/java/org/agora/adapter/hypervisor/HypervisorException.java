package org.agora.adapter.hypervisor;

/** libvirt refused or failed an operation; the message names the workspace and the operation. */
public class HypervisorException extends Exception {
    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}

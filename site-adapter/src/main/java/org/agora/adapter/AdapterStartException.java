package org.agora.adapter;

/** The adapter cannot start: libvirt or storage is not usable as configured. */
public class AdapterStartException extends Exception {
    public AdapterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

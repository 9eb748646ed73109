package org.agora.workspace.lifecycle;

/** No registered node can hold the request now. */
public class NoCapacityException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoCapacityException(String message) {
        super(message);
    }
}

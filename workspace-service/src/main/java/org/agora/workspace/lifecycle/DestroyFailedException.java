package org.agora.workspace.lifecycle;

/** A workspace could not be removed from its node; the message says what is left where. */
public class DestroyFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public DestroyFailedException(String message) {
        super(message);
    }
}

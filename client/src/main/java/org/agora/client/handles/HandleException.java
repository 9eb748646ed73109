package org.agora.client.handles;

/** A handle cannot be stored or found; the message says what to do. */
public class HandleException extends Exception {
    public HandleException(String message) {
        super(message);
    }
}

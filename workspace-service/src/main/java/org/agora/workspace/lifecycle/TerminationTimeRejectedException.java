package org.agora.workspace.lifecycle;

/** A requested termination time is not acceptable; the message says what is. */
public class TerminationTimeRejectedException extends Exception {
    public TerminationTimeRejectedException(String message) {
        super(message);
    }
}

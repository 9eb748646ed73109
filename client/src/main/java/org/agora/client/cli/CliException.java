package org.agora.client.cli;

/** A user-facing failure whose message already says what to do. */
class CliException extends Exception {
    CliException(String message) {
        super(message);
    }
}

package org.agora.client.cli;

/** A user-facing failure whose message already says what to do. */
class CliException extends Exception {
    CliException(String message) {
        super(message);
    }

    /** @param cause kept for {@code --debug} and {@code -v}; the message alone is what the user reads */
    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}

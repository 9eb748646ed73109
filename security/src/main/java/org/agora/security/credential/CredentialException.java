package org.agora.security.credential;

/** A credential could not be found, read, trusted or made; the message says which file and what to do. */
public class CredentialException extends Exception {
    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.agora.security.authz;

/** The caller is not admitted at this site; the message says why and whom to ask. */
public class AccessDeniedException extends Exception {
    public AccessDeniedException(String message) {
        super(message);
    }
}

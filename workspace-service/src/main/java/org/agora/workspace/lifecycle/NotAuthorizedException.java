package org.agora.workspace.lifecycle;

/** The caller may not do this to this workspace. */
public class NotAuthorizedException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotAuthorizedException(String message) {
        super(message);
    }
}

package org.agora.gram.protocol;

/** A request the daemon does not carry out, with the code and text the client is answered. */
public final class ProtocolException extends Exception {
    private final String code;

    public ProtocolException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** One of the codes in the package description (bad-request, too-large, unknown-job...). */
    public String code() {
        return code;
    }
}

package org.agora.workspace.model;

/**
 * A request refused before anything was stored: names the offending field (as the path of the
 * element on the wire, e.g. {@code ResourceAllocation/MemoryMiB}) and what would be accepted.
 */
public class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String allowed;

    public InvalidRequestException(String field, String allowed, String message) {
        super(message);
        this.field = field;
        this.allowed = allowed;
    }

    public String field() {
        return field;
    }

    public String allowed() {
        return allowed;
    }
}

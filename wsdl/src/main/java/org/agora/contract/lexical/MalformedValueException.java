package org.agora.contract.lexical;

/**
 * A value on the wire that is not a valid instance of its schema type. Carries what was sent,
 * already shortened and escaped by {@link Quote}, and what the type allows; the element it was
 * in is known only to the reader of the whole message, which adds it to the fault.
 */
public final class MalformedValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String sent;
    private final String allowed;

    public MalformedValueException(String value, String allowed) {
        super(Quote.of(value) + " is not " + allowed);
        this.sent = Quote.of(value);
        this.allowed = allowed;
    }

    /** What was sent, as a short, escaped, quoted prefix. */
    public String sent() {
        return sent;
    }

    /** What the schema type allows, in words, e.g. "a whole number from -2147483648 to 2147483647". */
    public String allowed() {
        return allowed;
    }
}

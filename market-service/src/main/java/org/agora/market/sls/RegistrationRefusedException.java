package org.agora.market.sls;

/** The SLS would not store or remove a registration; the message says why and what would be accepted. */
public final class RegistrationRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, in the words the Market contract's fault Reason uses. */
    public enum Kind {
        /** A field is missing or out of range; {@link #field()} names it. */
        INVALID,
        /** The caller may not register hosts here at all, or not this one. */
        NOT_AUTHORIZED,
        /** The host name belongs to another registrant. */
        HOST_TAKEN,
        /** No entry with that host name. */
        UNKNOWN_HOST
    }

    private final Kind kind;
    private final String field;

    RegistrationRefusedException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    static RegistrationRefusedException invalid(String field, String message) {
        return new RegistrationRefusedException(Kind.INVALID, field, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The refused field (e.g. {@code Vcpus}), or null when the refusal is not about one field. */
    public String field() {
        return field;
    }
}

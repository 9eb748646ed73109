package org.agora.market.bank;

/** A request the bank refused; the message says why and what would be accepted. */
public class BankException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, stable for programs: the fault's ErrorCode on the wire. */
    public enum Reason { INSUFFICIENT_FUNDS, UNKNOWN_ACCOUNT, INVALID_AMOUNT, TRANSFER_ID_REUSED, NOT_AUTHORIZED }

    private final Reason reason;

    public BankException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

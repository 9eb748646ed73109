package org.agora.gram.seg;

/** The GRAM job states a bridge job passes through, with their protocol numbers. */
public enum GramState {
    PENDING(1), ACTIVE(2), FAILED(4), DONE(8);

    private final int number;

    GramState(int number) {
        this.number = number;
    }

    /** The number GRAM's protocol and the SEG log use. */
    public int number() {
        return number;
    }

    /** Whether the job has ended. */
    public boolean terminal() {
        return this == FAILED || this == DONE;
    }
}

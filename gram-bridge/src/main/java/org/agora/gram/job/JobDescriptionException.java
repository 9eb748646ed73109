package org.agora.gram.job;

/**
 * A job description Agora cannot accept. The message names the attribute, quotes (shortened) what was
 * sent and says what is allowed, so the submitter can correct the job from the message alone.
 */
public class JobDescriptionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Longest part of the submitted text quoted in a message; job descriptions may be large. */
    static final int QUOTE_LIMIT = 60;

    private final String attribute;

    public JobDescriptionException(String attribute, String sent, String allowed) {
        super(attribute + ": " + quote(sent) + " is not accepted; " + allowed);
        this.attribute = attribute;
    }

    public JobDescriptionException(String attribute, String sent, String allowed, Throwable cause) {
        this(attribute, sent, allowed);
        initCause(cause);
    }

    /** The attribute (RSL attribute name or JSDL element) the refusal is about. */
    public String attribute() {
        return attribute;
    }

    /** {@code sent} in double quotes, cut to {@value #QUOTE_LIMIT} characters with an ellipsis. */
    public static String quote(String sent) {
        if (sent == null) {
            return "nothing";
        }
        String flat = sent.replaceAll("\\s+", " ");
        if (flat.length() > QUOTE_LIMIT) {
            flat = flat.substring(0, QUOTE_LIMIT - 3) + "...";
        }
        return "\"" + flat + "\"";
    }
}

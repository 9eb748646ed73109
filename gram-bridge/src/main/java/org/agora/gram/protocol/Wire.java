package org.agora.gram.protocol;

/** The protocol's name and bounds, shared by both ends. */
public final class Wire {
    private Wire() {
    }

    /** The greeting a client opens with; the daemon answers it followed by " READY". */
    public static final String VERSION = "AGORA-GRAM/1";
    /** Longest line, LF included. */
    public static final int MAX_LINE = 4096;
    /** Raw bytes per field line: 3000 bytes are 4000 base64 characters, within a line with its name. */
    public static final int CHUNK = 3000;
    /** Largest request, all lines together: a job's fields, 1 MiB of stdin and its proxy, encoded. */
    public static final int MAX_REQUEST = 2 * 1024 * 1024;
    /** Most field lines in one request. */
    public static final int MAX_FIELDS = 4096;
}

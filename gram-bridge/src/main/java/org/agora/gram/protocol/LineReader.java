package org.agora.gram.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads protocol lines, refusing any longer than {@link Wire#MAX_LINE} or outside printable ASCII. */
public final class LineReader {
    private final InputStream in;
    private final byte[] line = new byte[Wire.MAX_LINE];
    private long read;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its LF; null at the end of the stream before any byte of a line. */
    public String next() throws IOException, ProtocolException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0) {
                    return null;
                }
                throw new ProtocolException("bad-request", "the connection ended inside a line");
            }
            read++;
            if (b == '\n') {
                return new String(line, 0, length, StandardCharsets.US_ASCII);
            }
            if (length == Wire.MAX_LINE - 1) {
                throw new ProtocolException("too-large", "a line longer than " + Wire.MAX_LINE + " bytes");
            }
            if (b < 0x20 || b > 0x7e) {
                throw new ProtocolException("bad-request", "a byte outside printable ASCII (" + b + ") in a line");
            }
            line[length++] = (byte) b;
        }
    }

    /** Bytes read so far, for the request size bound. */
    public long bytesRead() {
        return read;
    }
}

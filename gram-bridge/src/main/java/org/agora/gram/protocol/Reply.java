package org.agora.gram.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One answer, built and then written in one piece. */
public final class Reply {
    private final StringBuilder text = new StringBuilder();

    private Reply(String status) {
        text.append(status).append('\n');
    }

    public static Reply ok() {
        return new Reply("OK");
    }

    public static Reply error(String code, String message) {
        String bounded = message.length() <= 1000 ? message : message.substring(0, 1000) + "...";
        return new Reply("ERR " + code + " " + encode(bounded.getBytes(StandardCharsets.UTF_8)));
    }

    public Reply field(String name, String value) {
        return field(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds {@code value} under {@code name}, over several lines when it is long. */
    public Reply field(String name, byte[] value) {
        int offset = 0;
        do {
            int end = Math.min(value.length, offset + Wire.CHUNK);
            byte[] part = java.util.Arrays.copyOfRange(value, offset, end);
            text.append(name).append(end < value.length ? "+ " : " ").append(encode(part)).append('\n');
            offset = end;
        } while (offset < value.length);
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(text.append("END\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package org.agora.adapter.service;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end of a serial console log: at most {@code maxBytes} from its end, decoded as UTF-8 (a
 * character cut at the start becomes U+FFFD), with whether earlier output was left out and how big
 * the log is, so a follower can ask again from there.
 */
public record ConsoleTail(String text, boolean truncated, long size) {
    public static final ConsoleTail EMPTY = new ConsoleTail("", false, 0);

    public static ConsoleTail read(Path log, int maxBytes) throws IOException {
        if (!Files.exists(log)) {
            return EMPTY;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long size = f.length();
            long from = Math.max(0, size - maxBytes);
            byte[] bytes = new byte[(int) (size - from)];
            f.seek(from);
            f.readFully(bytes);
            return new ConsoleTail(new String(bytes, StandardCharsets.UTF_8), from > 0, size);
        }
    }
}

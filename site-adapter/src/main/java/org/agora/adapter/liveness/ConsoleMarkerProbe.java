package org.agora.adapter.liveness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.adapter.storage.StorageBackend;

/** Ready once the site's marker line appears on the guest's serial console log. */
public final class ConsoleMarkerProbe implements ReadinessProbe {
    /** Consoles of booting guests are small; one that floods past this before the marker is read from its end. */
    private static final long TAIL_BYTES = 4L << 20;

    private final StorageBackend storage;
    private final String marker;

    public ConsoleMarkerProbe(StorageBackend storage, String marker) {
        if (marker == null || marker.isEmpty()) {
            throw new IllegalArgumentException("a console readiness probe needs a marker to look for");
        }
        this.storage = storage;
        this.marker = marker;
    }

    @Override
    public boolean ready(String workspaceId) {
        Path console = storage.consoleLog(workspaceId);
        try {
            long size = Files.exists(console) ? Files.size(console) : 0;
            if (size == 0) {
                return false;
            }
            try (RandomAccessFile f = new RandomAccessFile(console.toFile(), "r")) {
                long from = Math.max(0, size - TAIL_BYTES);
                byte[] tail = new byte[(int) (size - from)];
                f.seek(from);
                f.readFully(tail);
                return new String(tail, StandardCharsets.UTF_8).contains(marker);
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "'" + marker + "' appeared on the console";
    }
}

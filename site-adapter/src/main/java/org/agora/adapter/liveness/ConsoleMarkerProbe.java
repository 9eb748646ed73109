package org.agora.adapter.liveness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agora.adapter.storage.StorageBackend;

/**
 * Ready once a marker line the site's images print when their services are up appears on the
 * guest's serial console, as logged beside its disks. Needs no network path from the node to the
 * guest, so it also serves guests on QEMU's user-mode networking.
 */
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
    public Verdict probe(String workspaceId) {
        Path console = storage.consoleLog(workspaceId);
        try {
            long size = Files.exists(console) ? Files.size(console) : 0;
            if (size == 0) {
                return Verdict.notYet("nothing on the console yet (" + console + ")");
            }
            try (RandomAccessFile f = new RandomAccessFile(console.toFile(), "r")) {
                long from = Math.max(0, size - TAIL_BYTES);
                byte[] tail = new byte[(int) (size - from)];
                f.seek(from);
                f.readFully(tail);
                return new String(tail, StandardCharsets.UTF_8).contains(marker)
                        ? Verdict.ready("'" + marker + "' appeared on the console")
                        : Verdict.notYet("'" + marker + "' has not appeared on the console yet");
            }
        } catch (IOException e) {
            return Verdict.notYet("the console " + console + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "console marker '" + marker + "'";
    }
}

package org.agora.gram.seg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Appends job events to the SEG log. Each event is one whole line written with one append, so a
 * reader never meets half a line (the job manager's reader stalls for good on a malformed one).
 * The day's file and the next are made ahead of time: a job manager started on a day whose file is
 * missing re-checks only every 30 seconds.
 */
public final class SegLog {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** What a job id in a SEG line may hold: ';' and line ends would break the line. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private final Path directory;
    private final Clock clock;

    /** @param clock its zone is the job managers' local time, which names the day files */
    public SegLog(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Makes today's and tomorrow's files if missing (call at start and at least hourly). */
    public synchronized void prepareDays() throws IOException {
        LocalDate today = LocalDate.now(clock);
        create(today);
        create(today.plusDays(1));
    }

    /** Logs that {@code jobId} reached {@code state} now; {@code exitCode} is the job's, or a GRAM failure code. */
    public synchronized void log(String jobId, GramState state, int exitCode) throws IOException {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id the SEG log can carry: " + jobId);
        }
        Instant now = clock.instant();
        String line = "001;" + now.getEpochSecond() + ";" + jobId + ";" + state.number() + ";" + exitCode + "\n";
        Path file = create(LocalDate.ofInstant(now, clock.getZone()));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            int written = channel.write(bytes);
            if (written != bytes.limit()) {
                throw new IOException("the SEG log " + file + " took " + written + " of " + bytes.limit() + " bytes");
            }
        }
    }

    /** The file of {@code day}. */
    public Path file(LocalDate day) {
        return directory.resolve(DAY.format(day));
    }

    private Path create(LocalDate day) throws IOException {
        Path file = file(day);
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile: as good
            }
        }
        return file;
    }
}

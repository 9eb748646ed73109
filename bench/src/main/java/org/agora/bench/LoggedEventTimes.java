package org.agora.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * When an in-process site logged an event of a workspace ({@code event=NAME workspace=ID …}), on
 * this JVM's {@link System#nanoTime()} clock: how the bench sees inside one create without timers
 * in the product's code. Logging is synchronous, so an event's time is when its line was written,
 * right after the step it reports. The chosen loggers are raised to INFO for this and no longer
 * write to the console; their warnings and errors are still printed, so failures stay visible.
 */
final class LoggedEventTimes extends AppenderBase<ILoggingEvent> {
    private static final Pattern EVENT = Pattern.compile("event=(\\S+) workspace=(\\S+)");
    private static final Pattern MILLIS = Pattern.compile("\\bmillis=(\\d+)");

    /** One logged event: when it was written, and the duration it reports itself, or -1. */
    record Mark(long nanos, long millis) {
    }

    private final Map<String, Mark> marks = new ConcurrentHashMap<>();

    static LoggedEventTimes attach(Class<?>... sources) {
        LoggedEventTimes times = new LoggedEventTimes();
        Logger any = (Logger) LoggerFactory.getLogger(sources[0]);
        times.setContext(any.getLoggerContext());
        times.setName("bench-event-times");
        times.start();
        for (Class<?> source : sources) {
            Logger logger = (Logger) LoggerFactory.getLogger(source);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(times);
        }
        return times;
    }

    @Override
    protected void append(ILoggingEvent e) {
        long now = System.nanoTime();
        String message = e.getFormattedMessage();
        if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
            System.err.println(e.getLevel() + " " + e.getLoggerName() + " " + message);
        }
        Matcher m = EVENT.matcher(message);
        if (m.find()) {
            Matcher millis = MILLIS.matcher(message);
            marks.put(key(m.group(2), m.group(1)),
                    new Mark(now, millis.find() ? Long.parseLong(millis.group(1)) : -1));
        }
    }

    Optional<Mark> of(String workspaceId, String event) {
        return Optional.ofNullable(marks.get(key(workspaceId, event)));
    }

    /** Drops a workspace's marks once read, so that a long run does not keep them all. */
    void forget(String workspaceId) {
        marks.keySet().removeIf(k -> k.startsWith(workspaceId + " "));
    }

    private static String key(String workspaceId, String event) {
        return workspaceId + " " + event;
    }
}

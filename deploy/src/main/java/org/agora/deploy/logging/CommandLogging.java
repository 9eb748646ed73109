package org.agora.deploy.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.agora.client.cli.AgoraCommand;
import org.slf4j.Logger;

/**
 * The {@code agora} command's logging, configured in code: what the distribution's
 * {@code logback.xml} says, without the 0.1–0.2 s of CPU that reading that file costs a call
 * (docs/performance.md). Logback finds this class as a service before it looks for the file; it
 * acts only in the command's JVM ({@link AgoraCommand#LOGGING}) and only when the site has not named
 * a file of its own ({@code -Dlogback.configurationFile}): otherwise logback goes on to that file
 * or to {@code logback.xml}. Keep the two in step; {@code CommandLoggingTest} compares them.
 */
public final class CommandLogging extends ContextAwareBase implements Configurator {
    /** The pattern of logback.xml's STDERR appender. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level %logger{0} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!AgoraCommand.LOGGING_VALUE.equals(System.getProperty(AgoraCommand.LOGGING))
                || System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("org.agora").setLevel(level("AGORA_LOG_LEVEL", Level.INFO));
        context.getLogger("org.apache.cxf.phase.PhaseInterceptorChain").setLevel(Level.OFF);
        context.getLogger("org.apache.cxf.ws.addressing.ContextUtils").setLevel(Level.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(AgoraCommand.LIBRARY_LOG_LEVEL, Level.WARN));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As logback.xml's {@code ${NAME:-DEFAULT}}: a system property, else the environment variable. */
    private static Level level(String name, Level otherwise) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return Level.toLevel(value, otherwise);
    }
}

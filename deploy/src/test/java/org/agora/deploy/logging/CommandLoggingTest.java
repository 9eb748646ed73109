package org.agora.deploy.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agora.client.cli.AgoraCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The agora command's logging made in code says what the distribution's logback.xml says. */
class CommandLoggingTest {
    private static final List<String> LOGGERS = List.of(Logger.ROOT_LOGGER_NAME, "org.agora",
            "org.apache.cxf.phase.PhaseInterceptorChain", "org.apache.cxf.ws.addressing.ContextUtils");

    @AfterEach
    void clearProperties() {
        System.clearProperty(AgoraCommand.LOGGING);
        System.clearProperty("AGORA_LOG_LEVEL");
        System.clearProperty(AgoraCommand.LIBRARY_LOG_LEVEL);
        System.clearProperty("logback.configurationFile");
    }

    @Test
    void setsTheLevelsAndTheLineOfLogbackXml() throws Exception {
        for (Map<String, String> levels : List.of(Map.<String, String>of(),
                Map.of("AGORA_LOG_LEVEL", "WARN", AgoraCommand.LIBRARY_LOG_LEVEL, "OFF"),
                Map.of("AGORA_LOG_LEVEL", "DEBUG", AgoraCommand.LIBRARY_LOG_LEVEL, "WARN"))) {
            levels.forEach(System::setProperty);
            LoggerContext fromXml = new LoggerContext();
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(fromXml);
            joran.doConfigure(CommandLogging.class.getResource("/logback.xml"));
            LoggerContext inCode = new LoggerContext();
            System.setProperty(AgoraCommand.LOGGING, AgoraCommand.LOGGING_VALUE);
            assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure(inCode));
            assertEquals(describe(fromXml), describe(inCode), "with " + levels);
            clearProperties();
        }
    }

    @Test
    void leavesEveryOtherProcessToLogbackXml() {
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure(new LoggerContext()));
    }

    @Test
    void leavesTheCommandToASitesOwnFile() {
        System.setProperty(AgoraCommand.LOGGING, AgoraCommand.LOGGING_VALUE);
        System.setProperty("logback.configurationFile", "/etc/agora/logback.xml");
        LoggerContext context = new LoggerContext();
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure(context));
        assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }

    private static ExecutionStatus configure(LoggerContext context) {
        CommandLogging logging = new CommandLogging();
        logging.setContext(context);
        return logging.configure(context);
    }

    /** Each logger's own level, and the root's appender: where it writes and in which pattern. */
    private static List<String> describe(LoggerContext context) {
        List<String> lines = new ArrayList<>();
        for (String name : LOGGERS) {
            Level level = context.getLogger(name).getLevel();
            lines.add(name + "=" + level);
        }
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        lines.add(stderr.getTarget() + " " + ((PatternLayoutEncoder) stderr.getEncoder()).getPattern());
        return lines;
    }
}

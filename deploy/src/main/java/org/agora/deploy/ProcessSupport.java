package org.agora.deploy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** What every Agora process does the same way: logging set-up, signals, error reporting. */
public final class ProcessSupport {
    private ProcessSupport() {
    }

    /**
     * Runs a picocli command: usage errors exit 2, failures print one line that names the cause
     * (the stack trace goes to the log at debug level only) and exit 1.
     */
    public static int run(Object command, String... args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine cli = new CommandLine(command);
        String name = cli.getCommandName();
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            org.slf4j.LoggerFactory.getLogger(command.getClass()).debug("failure", e);
            line.getErr().println(name + ": " + describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * Blocks until SIGTERM / SIGINT, then closes {@code running} on this thread and returns, so the
     * process ends with status 0 as after any normal stop (a JVM that ends on the signal's own shutdown
     * exits 143, which init systems count as a failure). Any other way out (SIGHUP, an exit called
     * elsewhere) still closes it first: the shutdown hook waits for the close (up to a minute) so the
     * JVM does not end halfway through it.
     */
    public static void awaitShutdown(AutoCloseable running) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        stop.await();
        try {
            running.close();
        } finally {
            closed.countDown();
        }
    }

    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !out.toString().contains(c.getMessage())) {
                out.append(": ").append(c.getMessage());
            }
        }
        return out.toString();
    }
}

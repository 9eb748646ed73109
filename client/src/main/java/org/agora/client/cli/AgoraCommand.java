package org.agora.client.cli;

import org.agora.client.handles.HandleException;
import org.agora.security.credential.CredentialException;
import org.agora.transport.client.ServiceCallException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora}: the grid user's command for Agora sites. */
@Command(name = "agora", mixinStandardHelpOptions = true, version = "agora 0.1.0",
        description = "Virtual machines (workspaces) on grid sites, requested with your grid proxy.")
@Subcommands({WorkspaceCommand.class, BankCommand.class, HostsCommand.class, BidCommand.class,
        AccountingCommand.class, MarketAutoCommand.class, ProxyInitCommand.class, ProxyInfoCommand.class,
        CommandLine.HelpCommand.class})
public final class AgoraCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The level of libraries' logging (CXF's above all), read by the distribution's logback.xml.
     * CXF logs a failed call with its whole stack trace; the command reports every failure itself,
     * in one line, so library logging is off unless {@code --debug} or this variable asks for it.
     */
    public static final String LIBRARY_LOG_LEVEL = "AGORA_LIBRARY_LOG_LEVEL";

    /**
     * The system property that tells the distribution's logging set-up it runs in this command's
     * JVM ({@value #LOGGING_VALUE}), where it configures logback in code rather than from
     * logback.xml (org.agora.deploy.logging.CommandLogging).
     */
    public static final String LOGGING = "agora.logging";
    public static final String LOGGING_VALUE = "agora-command";

    final CliEnvironment environment;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print its stack trace and the libraries' warnings too (for a report to "
                    + "your site's support).")
    boolean debug;

    public AgoraCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do, e.g. 'agora workspace list'");
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 misused. */
    public static int run(CliEnvironment environment, String... args) {
        CommandLine line = CommandTree.of(new AgoraCommand(environment), args);
        line.setOut(environment.out());
        line.setErr(environment.err());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            environment.err().println("agora: " + oneLine(describe(e)));
            if (matched(parsed, "--debug")) {
                e.printStackTrace(environment.err());
            } else if (matched(parsed, "--verbose")) {
                for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                    environment.err().println("  cause: " + cause.getClass().getName() + ": "
                            + oneLine(String.valueOf(cause.getMessage())));
                }
            }
            environment.err().flush();
            return 1;
        });
        int code = line.execute(args);
        environment.out().flush();
        environment.err().flush();
        return code;
    }

    private static String describe(Exception e) {
        if (e instanceof CliException || e instanceof CredentialException || e instanceof HandleException
                || e instanceof ServiceCallException) {
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; run again with --debug and "
                + "report the output to your site's support";
    }

    private static String oneLine(String text) {
        return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean matched(CommandLine.ParseResult parsed, String option) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        libraryLogging(java.util.Arrays.asList(args).contains("--debug"));
        System.exit(run(CliEnvironment.system(), args));
    }

    /** Before any logger exists: logback reads the level once, when it configures itself. */
    private static void libraryLogging(boolean debug) {
        System.setProperty(LOGGING, LOGGING_VALUE);
        if (debug) {
            System.setProperty(LIBRARY_LOG_LEVEL, "WARN");
        } else if (System.getProperty(LIBRARY_LOG_LEVEL) == null && System.getenv(LIBRARY_LOG_LEVEL) == null) {
            System.setProperty(LIBRARY_LOG_LEVEL, "OFF");
        }
    }
}

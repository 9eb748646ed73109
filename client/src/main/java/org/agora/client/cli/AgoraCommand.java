package org.agora.client.cli;

import org.agora.client.handles.HandleException;
import org.agora.client.workspace.WorkspaceServiceException;
import org.agora.security.credential.CredentialException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code agora}: the grid user's command for Agora sites. */
@Command(name = "agora", mixinStandardHelpOptions = true, version = "agora 0.1.0",
        description = "Virtual machines (workspaces) on grid sites, requested with your grid proxy.",
        subcommands = {WorkspaceCommand.class, BankCommand.class, HostsCommand.class, BidCommand.class,
            AccountingCommand.class, MarketAutoCommand.class, ProxyInitCommand.class, ProxyInfoCommand.class,
            CommandLine.HelpCommand.class})
public final class AgoraCommand implements Runnable {
    final CliEnvironment environment;

    public AgoraCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "say what to do, e.g. 'agora workspace list'");
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 misused. */
    public static int run(CliEnvironment environment, String... args) {
        CommandLine line = new CommandLine(new AgoraCommand(environment));
        line.setOut(environment.out());
        line.setErr(environment.err());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            environment.err().println("agora: " + describe(e));
            if (verbose(parsed)) {
                e.printStackTrace(environment.err());
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
                || e instanceof WorkspaceServiceException) {
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; run again with -v and "
                + "report the output to your site's support";
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        System.exit(run(CliEnvironment.system(), args));
    }
}

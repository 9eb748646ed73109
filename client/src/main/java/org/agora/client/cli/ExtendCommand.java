package org.agora.client.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "extend", mixinStandardHelpOptions = true,
        description = "Move a workspace's termination time: later with a positive --hours, earlier with a negative "
                + "one, within the site's maximum lifetime.")
final class ExtendCommand implements Callable<Integer> {
    @ParentCommand
    WorkspaceCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "HANDLE", description = "A handle (ws-001), a workspace id, or an EPR file.")
    String handle;

    @Option(names = "--hours", required = true, paramLabel = "H",
            description = "Hours to add to the current termination time (negative to shorten; fractions allowed).")
    double hours;

    @Override
    public Integer call() throws Exception {
        var epr = parent.handles().resolve(handle);
        CliEnvironment env = parent.environment();
        try (WorkspaceClient client = connection.connect(env)) {
            Instant current = client.status(epr).getTerminationTime().getValue().toGregorianCalendar().toInstant();
            Instant set = client.setTerminationTime(epr, current.plus(Duration.ofSeconds(Math.round(hours * 3600))));
            env.out().printf("%s now terminates %s (was %s)%n", handle, WorkspaceCommand.time(set),
                    WorkspaceCommand.time(current));
            return 0;
        }
    }
}

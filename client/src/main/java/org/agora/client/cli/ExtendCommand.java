package org.agora.client.cli;

import java.time.Duration;
import java.time.Instant;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "extend", mixinStandardHelpOptions = true,
        description = "Move a workspace's termination time: later with a positive --hours, earlier with a negative "
                + "one, within the site's maximum lifetime.")
final class ExtendCommand extends HandleCommand {
    @Option(names = "--hours", required = true, paramLabel = "H",
            description = "Hours to add to the current termination time (negative to shorten; fractions allowed).")
    double hours;

    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        Instant current = client.status(epr).getTerminationTime().getValue().toGregorianCalendar().toInstant();
        Instant set = client.setTerminationTime(epr, current.plus(Duration.ofSeconds(Math.round(hours * 3600))));
        env.out().printf("%s now terminates %s (was %s)%n", handle, WorkspaceCommand.time(set),
                WorkspaceCommand.time(current));
    }
}

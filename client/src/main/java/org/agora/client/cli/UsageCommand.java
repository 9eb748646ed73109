package org.agora.client.cli;

import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Your usage at this site: minutes used by your workspaces so far, and minutes reserved by "
                + "the live ones until their termination.")
final class UsageCommand implements Callable<Integer> {
    @ParentCommand
    WorkspaceCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = parent.environment();
        try (WorkspaceClient client = connection.connect(env)) {
            var usage = client.usage();
            env.out().printf("used      %d min%n", usage.getUsedMinutes());
            env.out().printf("reserved  %d min%n", usage.getReservedMinutes());
            env.out().printf("workspaces %d (%d live)%n", usage.getWorkspaces(), usage.getLiveWorkspaces());
            return 0;
        }
    }
}

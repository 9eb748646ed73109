package org.agora.client.cli;

import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.workspace.WorkspaceProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a workspace's state and resource properties.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    WorkspaceCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "HANDLE", description = "A handle (ws-001), a workspace id, or an EPR file.")
    String handle;

    @Override
    public Integer call() throws Exception {
        var epr = parent.handles().resolve(handle);
        CliEnvironment env = parent.environment();
        try (WorkspaceClient client = connection.connect(env)) {
            WorkspaceProperties p = client.status(epr);
            env.out().printf("workspace   %s (%s)%n", handle, p.getWorkspaceId());
            env.out().printf("state       %s%s%n", p.getState().value(),
                    p.getStateCause() == null ? "" : "  (" + p.getStateCause() + ")");
            env.out().printf("owner       %s%n", p.getOwner());
            env.out().printf("image       %s%n", p.getImage());
            env.out().printf("resources   %d vcpu, %d MiB memory, %d MiB disk%n", p.getVcpus(), p.getMemoryMiB(),
                    p.getDiskMiB());
            env.out().printf("node        %s%n", p.getNode() == null ? "-" : p.getNode());
            env.out().printf("created     %s%n", WorkspaceCommand.time(p.getCreationTime()));
            env.out().printf("terminates  %s%n", p.getTerminationTime() == null ? "-"
                    : WorkspaceCommand.time(p.getTerminationTime().getValue()));
            return 0;
        }
    }
}

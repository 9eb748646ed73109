package org.agora.client.cli;

import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.WorkspaceProperties;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a workspace's state and resource properties.")
final class StatusCommand extends HandleCommand {
    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        WorkspaceProperties p = client.status(epr);
        env.out().printf("workspace   %s (%s)%n", handle, p.getWorkspaceId());
        env.out().printf("state       %s%s%n", p.getState().value(),
                p.getStateCause() == null ? "" : "  (" + p.getStateCause() + ")");
        env.out().printf("owner       %s%n", p.getOwner());
        env.out().printf("image       %s%n", p.getImage());
        env.out().printf("resources   %d vcpu, %d MiB memory, %d MiB disk%n", p.getVcpus(), p.getMemoryMiB(),
                p.getDiskMiB());
        env.out().printf("node        %s%n", p.getNode() == null ? "-" : p.getNode());
        if (p.getGridJobId() != null) {
            env.out().printf("grid job    %s%n", p.getGridJobId());
        }
        env.out().printf("created     %s%n", WorkspaceCommand.time(p.getCreationTime()));
        env.out().printf("terminates  %s%n", p.getTerminationTime() == null ? "-"
                : WorkspaceCommand.time(p.getTerminationTime().getValue()));
    }
}

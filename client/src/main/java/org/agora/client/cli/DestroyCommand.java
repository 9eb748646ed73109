package org.agora.client.cli;

import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import picocli.CommandLine.Command;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Destroy a workspace now: its virtual machine is stopped and its storage removed.")
final class DestroyCommand extends HandleCommand {
    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        client.destroy(epr);
        var id = org.agora.client.workspace.EndpointReferences.workspaceId(epr);
        if (id.isPresent()) {
            for (var stored : parent.handles().handleOf(id.get()).stream().toList()) {
                parent.handles().forget(stored);
            }
        }
        env.out().println("destroyed " + handle);
    }
}

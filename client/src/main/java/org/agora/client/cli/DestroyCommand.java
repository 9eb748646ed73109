package org.agora.client.cli;

import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Destroy a workspace now: its virtual machine is stopped and its storage removed.")
final class DestroyCommand implements Callable<Integer> {
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
            client.destroy(epr);
        }
        var id = org.agora.client.workspace.EndpointReferences.workspaceId(epr);
        if (id.isPresent()) {
            for (var stored : parent.handles().handleOf(id.get()).stream().toList()) {
                parent.handles().forget(stored);
            }
        }
        env.out().println("destroyed " + handle);
        return 0;
    }
}

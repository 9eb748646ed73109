package org.agora.client.cli;

import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A command on one workspace named by handle: resolves it, connects, and lets the subclass act. */
abstract class HandleCommand implements Callable<Integer> {
    @ParentCommand
    WorkspaceCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "HANDLE", description = "A handle (ws-001), a workspace id, or an EPR file.")
    String handle;

    abstract void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception;

    @Override
    public Integer call() throws Exception {
        var epr = parent.handles().resolve(handle);
        CliEnvironment env = parent.environment();
        try (WorkspaceClient client = connection.connect(env)) {
            act(client, epr, env);
        }
        return 0;
    }
}

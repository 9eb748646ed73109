package org.agora.client.cli;

import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.WorkspaceStateType;
import org.agora.transport.client.ServiceCallException;
import picocli.CommandLine.Command;

/** The workspace lifecycle commands: one class each, sharing how they call and what they print. */
abstract class LifecycleCommand extends HandleCommand {
    abstract WorkspaceStateType apply(WorkspaceClient client, EndpointReferenceType epr)
            throws ServiceCallException;

    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        env.out().printf("%s %s%n", handle, apply(client, epr).value());
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a running workspace.")
    static final class Pause extends LifecycleCommand {
        @Override
        WorkspaceStateType apply(WorkspaceClient client, EndpointReferenceType epr) throws ServiceCallException {
            return client.pause(epr);
        }
    }

    @Command(name = "resume", aliases = "start", mixinStandardHelpOptions = true,
            description = "Resume a paused workspace, or start one that is shut down.")
    static final class Resume extends LifecycleCommand {
        @Override
        WorkspaceStateType apply(WorkspaceClient client, EndpointReferenceType epr) throws ServiceCallException {
            return client.start(epr);
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Reboot a running workspace.")
    static final class Reboot extends LifecycleCommand {
        @Override
        WorkspaceStateType apply(WorkspaceClient client, EndpointReferenceType epr) throws ServiceCallException {
            return client.reboot(epr);
        }
    }

    @Command(name = "shutdown", mixinStandardHelpOptions = true,
            description = "Shut a workspace's guest down; it keeps its node and storage until destroyed or resumed.")
    static final class Shutdown extends LifecycleCommand {
        @Override
        WorkspaceStateType apply(WorkspaceClient client, EndpointReferenceType epr) throws ServiceCallException {
            return client.shutdown(epr);
        }
    }
}

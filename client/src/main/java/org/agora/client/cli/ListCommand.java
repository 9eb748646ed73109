package org.agora.client.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.agora.client.handles.HandleStore;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.workspace.WorkspaceSummaryType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List your live workspaces at the service, with the handles this account knows them by.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    WorkspaceCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = parent.environment();
        HandleStore handles = parent.handles();
        try (WorkspaceClient client = connection.connect(env)) {
            List<WorkspaceSummaryType> workspaces = client.list();
            if (workspaces.isEmpty()) {
                env.out().println("no live workspaces; 'agora workspace create --help' shows how to make one");
                return 0;
            }
            env.out().printf("%-8s %-36s %-13s %-20s %s%n", "HANDLE", "ID", "STATE", "IMAGE", "TERMINATES");
            for (WorkspaceSummaryType w : workspaces) {
                String handle = handles.handleOf(w.getWorkspaceId()).orElse("-");
                env.out().printf("%-8s %-36s %-13s %-20s %s%n", handle, w.getWorkspaceId(), w.getState().value(),
                        w.getImage(), WorkspaceCommand.time(w.getTerminationTime()));
            }
            return 0;
        }
    }
}

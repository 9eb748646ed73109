package org.agora.client.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.workspace.CreateResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Ask the site for a workspace. Answers at once with a handle; the workspace then moves from "
                + "Unpropagated to Running ('agora workspace status HANDLE' follows it).")
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    WorkspaceCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--image", required = true, paramLabel = "NAME", description = "Image to boot, e.g. debian-12.")
    String image;

    @Option(names = "--vcpus", defaultValue = "1", paramLabel = "N", description = "Virtual CPUs (default: ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--memory", required = true, paramLabel = "MB", description = "Memory in MiB.")
    int memory;

    @Option(names = "--hours", required = true, paramLabel = "H",
            description = "How long the workspace lives; it is destroyed after that. Fractions allowed (0.5).")
    double hours;

    @Option(names = "--disk", paramLabel = "MB", description = "Root disk in MiB (default: the site's).")
    Integer disk;

    @Option(names = "--name", paramLabel = "NAME", description = "A name for your own reference (default: the image).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (hours <= 0) {
            throw new CliException("--hours must be positive, e.g. --hours 2");
        }
        WorkspaceRequestBuilder request = new WorkspaceRequestBuilder().image(image).vcpus(vcpus).memoryMiB(memory)
                .duration(Duration.ofSeconds(Math.round(hours * 3600))).name(name);
        if (disk != null) {
            request.diskMiB(disk);
        }
        CliEnvironment env = parent.environment();
        try (WorkspaceClient client = connection.connect(env)) {
            CreateResponse created = client.create(request.build());
            String handle = parent.handles().remember(created.getWorkspaceReference());
            env.out().printf("%s  %s  %s  terminates %s%n", handle, created.getWorkspaceId(),
                    created.getState().value(), WorkspaceCommand.time(created.getTerminationTime()));
            return 0;
        }
    }
}

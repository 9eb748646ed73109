package org.agora.client.cli;

import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora workspace save HANDLE}: shut down and keep the disk as an image. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = "Shut the workspace's guest down and save its disk into the site's image repository "
                + "(shutdown-save). The workspace stays, Shutdown, until destroyed; the saved image can be booted "
                + "by name with 'agora workspace create --image NAME'.")
final class SaveCommand extends HandleCommand {
    @Option(names = "--as", paramLabel = "NAME",
            description = "Name for the saved image (default: the image's name and the workspace id).")
    String imageName;

    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        env.err().printf("%s: shutting down and saving the disk (this takes as long as the guest needs to stop)%n",
                handle);
        env.err().flush();
        String saved = client.shutdownSave(epr, imageName);
        env.out().printf("%s Shutdown  saved as image %s%n", handle, saved);
    }
}

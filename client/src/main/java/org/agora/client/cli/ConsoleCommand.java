package org.agora.client.cli;

import java.time.Duration;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.GetConsoleResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agora workspace console HANDLE}: the guest's serial console output. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Print the end of the workspace's serial console (boot messages, whatever the guest writes to "
                + "its first serial port). With --follow, keep printing new output until interrupted.")
final class ConsoleCommand extends HandleCommand {
    @Option(names = "--bytes", paramLabel = "N", defaultValue = "65536",
            description = "How much of the end to print (default: ${DEFAULT-VALUE}, at most 1048576).")
    int bytes;

    @Option(names = "--follow", description = "Keep printing new output as the guest writes it (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "1",
            description = "With --follow: how often to ask for new output (default: ${DEFAULT-VALUE}).")
    double everySeconds;

    @Override
    void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
        GetConsoleResponse first = client.console(epr, bytes);
        if (first.isTruncated()) {
            env.err().printf("%s: (earlier output left out; --bytes shows more)%n", handle);
        }
        env.out().print(first.getText());
        env.out().flush();
        long printed = first.getSize();
        while (follow) {
            // Polling the service: the console is a file on the node, not a notification topic.
            Thread.sleep(Duration.ofMillis((long) (everySeconds * 1000)).toMillis());
            GetConsoleResponse next = client.console(epr, bytes);
            long fresh = next.getSize() - printed;
            if (fresh > 0) {
                String text = next.getText();
                env.out().print(fresh >= text.length() ? text : text.substring((int) (text.length() - fresh)));
                env.out().flush();
                printed = next.getSize();
            }
        }
    }
}

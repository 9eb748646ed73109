package org.agora.client.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.agora.client.workspace.WorkspaceClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agora usage export}: usage records for accounting, as OGF UR 1.0 or APEL cloud records. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Accounting: usage records of your workspaces (a site admin's: everyone's).")
@Subcommands({AccountingCommand.Export.class})
final class AccountingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    AgoraCommand root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: export (see 'agora usage --help')");
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write usage records (identity, start and end, wall and CPU time, charge) of workspaces "
                    + "created in the last --days, as OGF Usage Record 1.0 XML or an APEL cloud message.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AccountingCommand parent;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--format", required = true, paramLabel = "ur|apel", description = "ur (OGF UR 1.0 XML) or apel.")
        String format;
        @Option(names = "--days", defaultValue = "30", paramLabel = "N", description = "The last N days (default ${DEFAULT-VALUE}).")
        int days;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path output;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = parent.root.environment;
            Instant to = Instant.now().plusSeconds(1);
            try (WorkspaceClient client = connection.connect(env)) {
                var records = client.usageRecords(format, to.minus(days, ChronoUnit.DAYS), to);
                if (output != null) {
                    Files.writeString(output, records.getRecords(), StandardCharsets.UTF_8);
                    env.err().printf("%d usage records written to %s%n", records.getCount(), output);
                } else {
                    env.out().print(records.getRecords());
                }
            }
            return 0;
        }
    }
}

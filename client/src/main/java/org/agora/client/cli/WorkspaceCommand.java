package org.agora.client.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.datatype.XMLGregorianCalendar;
import org.agora.client.handles.HandleStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code agora workspace}: create, inspect and destroy workspaces. */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = "Create, inspect and destroy workspaces (virtual machines). Workspaces you create are "
                + "remembered by handle (ws-001, ...) under ~/.agora/workspaces.")
@Subcommands({CreateCommand.class, StatusCommand.class, ListCommand.class, ExtendCommand.class,
        LifecycleCommand.Pause.class, LifecycleCommand.Resume.class, LifecycleCommand.Reboot.class,
        LifecycleCommand.Shutdown.class, SaveCommand.class, ConsoleCommand.class, SubscribeCommand.class, GroupCommand.class,
        UsageCommand.class, DestroyCommand.class})
final class WorkspaceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    AgoraCommand root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to do: create, status, list, extend, pause, resume, reboot, shutdown, save, subscribe, "
                        + "group, usage or destroy (see 'agora workspace --help')");
    }

    CliEnvironment environment() {
        return root.environment;
    }

    HandleStore handles() {
        return HandleStore.forUser(environment().env(), environment().home());
    }

    static String time(XMLGregorianCalendar c) {
        return c == null ? "-" : c.toGregorianCalendar().toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String time(Instant i) {
        return i == null ? "-" : i.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

package org.agora.client.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.agora.client.handles.HandleStore;
import org.agora.client.workspace.WorkspaceClient;
import org.agora.client.workspace.WorkspaceRequestBuilder;
import org.agora.contract.addressing.EndpointReferenceType;
import org.agora.contract.workspace.CreateGroupResponse;
import org.agora.contract.workspace.MemberOutcomeType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code agora workspace group}: N identical workspaces created all-or-nothing and driven together. */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Groups of identical workspaces (a testbed): created all-or-nothing, then driven together. "
                + "Groups are remembered by handle (grp-001, ...) under ~/.agora/groups.")
@Subcommands({GroupCommand.Create.class, GroupCommand.Status.class, GroupCommand.Action.Pause.class,
        GroupCommand.Action.Resume.class, GroupCommand.Action.Reboot.class, GroupCommand.Action.Shutdown.class,
        GroupCommand.Destroy.class})
final class GroupCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    WorkspaceCommand parent;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to do: create, status, pause, resume, reboot, shutdown or destroy (see 'agora workspace group --help')");
    }

    HandleStore groups() {
        CliEnvironment env = parent.environment();
        return HandleStore.groupsForUser(env.env(), env.home());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create COUNT identical workspaces. Either all are placed, or none is and the answer says "
                    + "how many would fit.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--count", required = true, paramLabel = "N", description = "How many workspaces.")
        int count;
        @Option(names = "--image", required = true, paramLabel = "NAME", description = "Image to boot, e.g. debian-12.")
        String image;
        @Option(names = "--vcpus", defaultValue = "1", paramLabel = "N", description = "Virtual CPUs each (default: ${DEFAULT-VALUE}).")
        int vcpus;
        @Option(names = "--memory", required = true, paramLabel = "MB", description = "Memory in MiB each.")
        int memory;
        @Option(names = "--hours", required = true, paramLabel = "H", description = "How long the group lives.")
        double hours;
        @Option(names = "--name", paramLabel = "NAME", description = "A name for the members.")
        String name;

        @Override
        public Integer call() throws Exception {
            if (hours <= 0) {
                throw new CliException("--hours must be positive, e.g. --hours 2");
            }
            CliEnvironment env = group.parent.environment();
            try (WorkspaceClient client = connection.connect(env)) {
                CreateGroupResponse created = client.createGroup(new WorkspaceRequestBuilder().image(image).vcpus(vcpus)
                        .memoryMiB(memory).name(name).duration(Duration.ofSeconds(Math.round(hours * 3600)))
                        .buildGroup(count));
                String handle = group.groups().remember(created.getGroupReference());
                env.out().printf("%s  %s  %d workspaces%n", handle, created.getGroupId(), created.getMember().size());
                for (var m : created.getMember()) {
                    String wsHandle = group.parent.handles().remember(m.getWorkspaceReference());
                    env.out().printf("  %s  %s  %s  %s%n", wsHandle, m.getWorkspaceId(), m.getState().value(),
                            m.getNode() == null ? "-" : m.getNode());
                }
            }
            return 0;
        }
    }

    /** A command on one group named by handle. */
    abstract static class OnGroup implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;
        @Mixin
        ConnectionOptions connection;
        @Parameters(paramLabel = "GROUP", description = "A group handle (grp-001) or an EPR file.")
        String handle;

        abstract void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception;

        @Override
        public Integer call() throws Exception {
            EndpointReferenceType epr = group.groups().resolve(handle);
            CliEnvironment env = group.parent.environment();
            try (WorkspaceClient client = connection.connect(env)) {
                act(client, epr, env);
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the group's members and their states.")
    static final class Status extends OnGroup {
        @Override
        void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
            var p = client.groupStatus(epr);
            env.out().printf("group      %s%nowner      %s%nsize       %d%nterminates %s%n", p.getGroupId(), p.getOwner(),
                    p.getSize(), WorkspaceCommand.time(p.getTerminationTime().getValue()));
            for (var m : p.getMember()) {
                env.out().printf("  %s  %-12s %s%n", m.getWorkspaceId(), m.getState().value(),
                        m.getNode() == null ? "-" : m.getNode());
            }
        }
    }

    /** Start, pause, reboot or shut down every member; prints each member's outcome. */
    abstract static class Action extends OnGroup {
        abstract String action();

        @Override
        void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
            List<MemberOutcomeType> outcomes = client.groupAction(epr, action());
            long refused = outcomes.stream().filter(o -> o.getProblem() != null).count();
            for (MemberOutcomeType o : outcomes) {
                env.out().printf("  %s  %-12s %s%n", o.getWorkspaceId(), o.getState().value(),
                        o.getProblem() == null ? "" : o.getProblem());
            }
            if (refused > 0) {
                throw new CliException(refused + " of " + outcomes.size() + " workspaces did not " + action()
                        + "; each says why above");
            }
        }

        @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause every running member.")
        static final class Pause extends Action {
            String action() {
                return "pause";
            }
        }

        @Command(name = "resume", aliases = "start", mixinStandardHelpOptions = true,
                description = "Resume paused members and start shut-down ones.")
        static final class Resume extends Action {
            String action() {
                return "start";
            }
        }

        @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Reboot every running member.")
        static final class Reboot extends Action {
            String action() {
                return "reboot";
            }
        }

        @Command(name = "shutdown", mixinStandardHelpOptions = true, description = "Shut every member's guest down.")
        static final class Shutdown extends Action {
            String action() {
                return "shutdown";
            }
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Destroy every member of the group.")
    static final class Destroy extends OnGroup {
        @Override
        void act(WorkspaceClient client, EndpointReferenceType epr, CliEnvironment env) throws Exception {
            client.destroyGroup(epr);
            group.groups().forget(handle);
            env.out().printf("%s destroyed%n", handle);
        }
    }
}

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

    @Option(names = "--image-sha256", paramLabel = "HEX",
            description = "With an image URI (https://…, http://…, file:…): the sha256 of its bytes; the node "
                    + "verifies the image against it before booting it.")
    String imageSha256;

    @Option(names = "--kernel", paramLabel = "NAME",
            description = "Boot this kernel from the site's image repository directly (Xen PV, or KVM direct boot) "
                    + "instead of the disk's boot loader.")
    String kernel;

    @Option(names = "--initrd", paramLabel = "NAME", description = "With --kernel: the initrd to boot with it.")
    String initrd;

    @Option(names = "--kernel-args", paramLabel = "ARGS",
            description = "With --kernel: its command line, e.g. \"console=ttyS0\" to see it with 'agora workspace "
                    + "console'.")
    String kernelArgs;

    @Option(names = "--user-data", paramLabel = "FILE",
            description = "Contextualization: the file's text (UTF-8, at most 64 KiB) reaches the guest as NoCloud "
                    + "user-data, on a read-only disk labelled cidata that cloud-init reads at boot; a file starting "
                    + "with #! is run once as a script.")
    java.nio.file.Path userData;

    @Option(names = "--grid-job-id", paramLabel = "ID",
            description = "The grid job this workspace runs (e.g. a GRAM job contact): shown by 'agora workspace "
                    + "status' and named in its usage record.")
    String gridJobId;

    @Option(names = "--nic", paramLabel = "NETWORK[,MAC[,IP]]",
            description = "An interface on one of the site's networks, optionally with its MAC and the address the "
                    + "guest will have (sites probing readiness over the network use it); repeat for more. "
                    + "Default: one on the site's first network.")
    java.util.List<String> nics = new java.util.ArrayList<>();

    @Option(names = "--shutdown", paramLabel = "HOW", defaultValue = "normal",
            description = "How it ends at its termination time: normal (the guest is asked to power off, and forced "
                    + "after the site's grace period), trash (removed at once), save (its disk is kept as an image "
                    + "first). Default: ${DEFAULT-VALUE}.")
    String shutdown;

    @Option(names = "--bid", paramLabel = "CREDITS",
            description = "Market mode: hold this many credits for the workspace's CPU share over its lifetime (the "
                    + "unspent rest comes back when it ends).")
    String bid;

    @Option(names = "--host", paramLabel = "HOST", description = "With --bid: the node to bid on (default: the cheapest that fits).")
    String host;

    @Option(names = "--wait", description = "Wait until the workspace runs (or fails), showing each state it passes.")
    boolean await;

    @Option(names = "--ready", description = "With --wait: wait further until the guest is ready (the site's "
            + "readiness marker has appeared on its console; without a marker, as soon as it runs).")
    boolean ready;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up waiting after this long (default ${DEFAULT-VALUE} s); the workspace lives on.")
    int waitTimeout;

    /** Polls until Running (exit 0), or a failure or the timeout (exit 1), printing each new state. */
    private int awaitRunning(WorkspaceClient client, CreateResponse created, String handle, CliEnvironment env)
            throws Exception {
        long deadline = System.nanoTime() + waitTimeout * 1_000_000_000L;
        var state = created.getState();
        long started = System.nanoTime();
        String cause = null;
        while (System.nanoTime() < deadline) {
            // The state alone while it stays; the whole document, for its cause, once it changes.
            var now = client.state(created.getWorkspaceReference());
            if (now != state) {
                var properties = client.status(created.getWorkspaceReference());
                state = properties.getState();
                cause = properties.getStateCause();
                env.err().printf("%s: %s after %.1f s%s%n", handle, state.value(), (System.nanoTime() - started) / 1e9,
                        cause == null ? "" : " (" + cause + ")");
                env.err().flush();
            }
            switch (state) {
                case RUNNING:
                    if (!ready) {
                        return 0;
                    }
                    if (client.ready(created.getWorkspaceReference())) {
                        env.err().printf("%s: ready after %.1f s%n", handle, (System.nanoTime() - started) / 1e9);
                        return 0;
                    }
                    Thread.sleep(250);
                    break;
                case CORRUPTED:
                case DESTROYED:
                case CANCELLED:
                    throw new CliException(handle + " ended as " + state.value() + " instead of running: "
                            + cause + "; 'agora workspace destroy " + handle + "' removes it");
                default:
                    Thread.sleep(250);
            }
        }
        throw new CliException(handle + " is still " + state.value() + " after " + waitTimeout + " s; it goes on "
                + "deploying: follow it with 'agora workspace status " + handle + "'");
    }

    /** The file's text; the service checks its size and says so naming UserData. */
    private static String readUserData(java.nio.file.Path file) throws CliException {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CliException("--user-data " + file + " is not UTF-8 text; user-data is sent as text");
        } catch (java.io.IOException e) {
            throw new CliException("--user-data " + file + " cannot be read: " + e.getMessage());
        }
    }

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
        if ((initrd != null || kernelArgs != null) && kernel == null) {
            throw new CliException("--initrd and --kernel-args go with --kernel: name the kernel to boot");
        }
        request.kernel(kernel).initrd(initrd).kernelArgs(kernelArgs).imageSha256(imageSha256)
                .userData(userData == null ? null : readUserData(userData)).gridJobId(gridJobId);
        for (String nic : nics) {
            String[] parts = nic.split(",", -1);
            if (parts.length > 3 || parts[0].isBlank()) {
                throw new CliException("--nic is '" + nic + "'; write NETWORK, NETWORK,MAC or NETWORK,MAC,IP "
                        + "(leave MAC empty for the site's: --nic lab,,10.1.0.7)");
            }
            request.nic(parts[0].strip(), parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null,
                    parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null);
        }
        switch (shutdown.toLowerCase()) {
            case "normal", "trash", "save" -> request.shutdownMechanism(
                    Character.toUpperCase(shutdown.charAt(0)) + shutdown.substring(1).toLowerCase());
            default -> throw new CliException("--shutdown is '" + shutdown + "'; use normal, trash or save");
        }
        if (bid != null) {
            request.bid(BankCommand.amount(bid), host);
        } else if (host != null) {
            throw new CliException("--host goes with --bid: name the node to bid on");
        }
        CliEnvironment env = parent.environment();
        try (WorkspaceClient client = connection.connect(env)) {
            CreateResponse created = client.create(request.build());
            String handle = parent.handles().remember(created.getWorkspaceReference());
            env.out().printf("%s  %s  %s  terminates %s%n", handle, created.getWorkspaceId(),
                    created.getState().value(), WorkspaceCommand.time(created.getTerminationTime()));
            if (ready && !await) {
                throw new CliException("--ready goes with --wait: add --wait to follow the workspace until it is ready");
            }
            return await ? awaitRunning(client, created, handle, env) : 0;
        }
    }
}

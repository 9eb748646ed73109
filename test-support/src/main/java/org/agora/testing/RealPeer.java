package org.agora.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A real peer a test cannot run without: a MariaDB server, libvirtd with QEMU, a grid tool. Where it
 * is missing, the test is skipped with the reason on a developer's machine, and fails where the
 * environment has {@code CI=true} ({@code .ci/run} exports it and installs every peer): a CI run that
 * skipped its real tests would be green having proved nothing. A test adopts this with one line in
 * place of its {@code assumeTrue}:
 * <pre>
 *     RealPeer.require("voms-proxy-init", RealPeer.commandInstalled("voms-proxy-init"), "Debian package voms-clients-java");
 * </pre>
 */
public final class RealPeer {
    /** The environment variable CI services set; {@code true} makes every missing peer a failure. */
    public static final String CI_VARIABLE = "CI";

    private static final List<Path> COMMAND_DIRS = commandDirs();

    private RealPeer() {
    }

    /** Whether a missing peer fails the test rather than skipping it: {@code CI=true} in the environment. */
    public static boolean requiredHere() {
        return "true".equalsIgnoreCase(System.getenv(CI_VARIABLE));
    }

    /**
     * Returns if {@code present}; else skips the test, or fails it under {@code CI=true}.
     *
     * @param peer     what is missing, as a person would look for it ("MariaDB server at 127.0.0.1:3306")
     * @param howToGet what gives it to this machine ("Debian package mariadb-server; .ci/run starts it")
     */
    public static void require(String peer, boolean present, String howToGet) {
        require(requiredHere(), peer, present, howToGet);
    }

    /** As {@link #require(String, boolean, String)}, with the reason worked out only when the peer is missing. */
    public static void require(String peer, boolean present, Supplier<String> howToGet) {
        if (!present) {
            require(requiredHere(), peer, false, howToGet.get());
        }
    }

    /** As {@link #require(String, boolean, String)}, with CI's rule given rather than read from the environment. */
    public static void require(boolean requiredHere, String peer, boolean present, String howToGet) {
        if (present) {
            return;
        }
        String why = "needs " + peer + ", which is missing here: " + howToGet;
        if (requiredHere) {
            throw new AssertionFailedError(why + " (" + CI_VARIABLE + "=true: on CI a missing real peer is a failure, "
                    + "not a skip)");
        }
        throw new TestAbortedException(why);
    }

    /** Whether a command is installed: an executable of that name in PATH, /usr/sbin or /sbin. */
    public static boolean commandInstalled(String command) {
        return COMMAND_DIRS.stream().anyMatch(dir -> Files.isExecutable(dir.resolve(command)));
    }

    private static List<Path> commandDirs() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        // Tools such as lvcreate live where a non-root PATH does not look.
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        return List.copyOf(dirs);
    }
}

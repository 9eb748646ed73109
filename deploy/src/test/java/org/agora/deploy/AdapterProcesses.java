package org.agora.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.agora.deploy.adapter.AdapterCommand;

/** An {@code agora-adapter} as its own process, for tests that kill it. */
public final class AdapterProcesses {
    private AdapterProcesses() {
    }

    /** Starts the adapter on {@code config}, its output appended to {@code log}. */
    public static Process start(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AdapterCommand.class.getName(),
                "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until something listens on the port (the adapter has published its endpoint). */
    public static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(port));
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The names in a directory; empty if it does not exist. */
    public static Set<String> entries(Path directory) throws IOException {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> s = Files.list(directory)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        return names;
    }
}

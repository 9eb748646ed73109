package org.agora.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.agora.client.cli.AgoraCommand;

/**
 * The agora command in its own JVM, as the {@code agora} launcher runs it: its main class, the
 * distribution's logback.xml (not the tests'), and {@code AGORA_LOG_LEVEL=WARN}. What a user sees
 * on standard output and standard error, libraries' logging included.
 */
public final class AgoraCliProcess {
    private final Map<String, String> env;

    /** @param env the user's environment: AGORA_SERVICE, X509_USER_PROXY, X509_CERT_DIR, HOME */
    public AgoraCliProcess(Map<String, String> env) {
        this.env = env;
    }

    public AgoraCli.Run run(String... args) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Without the test classes, and so without logback-test.xml: logback finds the distribution's file.
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", classpath, AgoraCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("AGORA_LOG_LEVEL", "WARN");
        builder.environment().putAll(env);
        Process p = builder.start();
        // Both streams are small; read them concurrently so neither pipe fills up.
        var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        String err = read(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("agora " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new AgoraCli.Run(p.exitValue(), out.join(), err);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

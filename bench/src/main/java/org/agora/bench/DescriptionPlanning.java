package org.agora.bench;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Path;
import java.util.Arrays;
import org.agora.deployment.Descriptions;
import org.agora.deployment.description.DescriptionException;
import org.agora.deployment.kind.KindRegistry;
import org.agora.deployment.limits.SiteLimits;

/**
 * How long reading a description to a plan takes (parse, references, kinds, limits, order), against
 * the baseline of Typesafe Config parsing and resolving the same file alone, in the same run: the
 * ratio is what Agora's own phases add to the library's.
 *
 * <p>Options: {@code --file F} (default docs/examples/glite-testbed.conf, from the repository root),
 * {@code --rounds N} (default 5000); others, such as the benches' shared {@code --seconds}, are ignored.
 */
public final class DescriptionPlanning {

    private DescriptionPlanning() {
    }

    public static void main(String[] args) throws DescriptionException {
        Path file = Path.of(option(args, "--file", "docs/examples/glite-testbed.conf"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5000"));
        long start = System.nanoTime();
        Descriptions descriptions = new Descriptions(KindRegistry.installed(), SiteLimits.none());
        descriptions.plan(file);
        double firstMs = (System.nanoTime() - start) / 1e6;
        long[] baseline = new long[rounds];
        long[] planning = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            ConfigFactory.parseFile(file.toFile()).resolve(ConfigResolveOptions.noSystem());
            long t1 = System.nanoTime();
            descriptions.plan(file);
            long t2 = System.nanoTime();
            baseline[i] = t1 - t0;
            planning[i] = t2 - t1;
        }
        double base = median(baseline);
        double plan = median(planning);
        System.out.printf("first plan in a fresh JVM (class loading included): %.0f ms%n", firstMs);
        System.out.printf("plan p50 %.3f ms | baseline (HOCON parse + resolve) p50 %.3f ms | ratio %.2f | %d rounds%n",
                plan, base, plan / base, rounds);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}

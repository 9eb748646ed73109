package org.agora.bench;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agora.client.market.BestResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Best response over many hosts, against the baseline of sorting as many doubles (the solver's own
 * floor: it sorts hosts by value per price once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BestResponseBenchmark {
    @Param({"10000"})
    int hosts;

    double[] others;
    double[] values;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        others = new double[hosts];
        values = new double[hosts];
        for (int j = 0; j < hosts; j++) {
            others[j] = 0.01 + random.nextDouble() * 10;
            values[j] = random.nextDouble();
        }
    }

    @Benchmark
    public double[] bestResponse() {
        return BestResponse.bids(100.0, others, values);
    }

    @Benchmark
    public double[] baselineSortOfAsManyDoubles() {
        double[] ratio = new double[hosts];
        for (int j = 0; j < hosts; j++) {
            ratio[j] = values[j] / others[j];
        }
        Arrays.sort(ratio);
        return ratio;
    }
}

package org.agora.bench;

import java.util.Arrays;

/** Latencies of one measured operation, in nanoseconds; thread-confined per worker, merged after. */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    void addAll(LatencyRecorder other) {
        for (int i = 0; i < other.count; i++) {
            record(other.samples[i]);
        }
    }

    int count() {
        return count;
    }

    /** Operations per second of busy time: the reciprocal of the mean latency. */
    double perSecond() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += samples[i];
        }
        return total == 0 ? Double.NaN : count / (total / 1e9);
    }

    /** The q-quantile (0..1) in milliseconds, nearest-rank. */
    double quantileMillis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
    }
}

package org.agora.market.auction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tycoon's allocation: on one host, workspace i gets {@code rate_i / Σ rate_j} of the CPU, where a
 * rate is a bid's amount per second of its window. Rates are micro-credits per second, exact.
 */
public final class ProportionalShare {
    private ProportionalShare() {
    }

    /** Each workspace's share of the host, summing to 1 (empty when nobody bids). */
    public static Map<String, Double> shares(Map<String, Long> rates) {
        long total = 0;
        for (long r : rates.values()) {
            if (r < 0) {
                throw new IllegalArgumentException("a bid rate cannot be negative: " + r);
            }
            total = Math.addExact(total, r);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : rates.entrySet()) {
            shares.put(e.getKey(), total == 0 ? 0.0 : (double) e.getValue() / total);
        }
        return shares;
    }

    /**
     * The host's price: the sum of its bid rates per unit of CPU capacity (e.g. per vCPU), what the
     * SLS ranks hosts by.
     */
    public static double price(Map<String, Long> rates, double capacity) {
        long total = rates.values().stream().mapToLong(Long::longValue).sum();
        return total / capacity;
    }
}

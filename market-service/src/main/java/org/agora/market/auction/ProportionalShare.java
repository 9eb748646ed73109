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
        return shares(rates, 0);
    }

    /**
     * Each workspace's share of a host whose owner sells no CPU below a reserve price: {@code rate_i
     * / max(Σ rate_j, reserveTotal)}, where {@code reserveTotal} is the reserve per unit of capacity
     * times the capacity. While the bids pay at least the reserve this is {@code rate_i / Σ rate_j};
     * below it, each workspace gets what its rate buys at the reserve and the rest is not sold, so the
     * shares sum to less than 1. Either way a share is its rate over the host's price times its
     * capacity, the price the SLS lists ({@code max(Σ rates / capacity, reserve)}).
     */
    public static Map<String, Double> shares(Map<String, Long> rates, long reserveTotal) {
        if (reserveTotal < 0) {
            throw new IllegalArgumentException("a reserve cannot be negative: " + reserveTotal);
        }
        long total = 0;
        for (long r : rates.values()) {
            if (r < 0) {
                throw new IllegalArgumentException("a bid rate cannot be negative: " + r);
            }
            total = Math.addExact(total, r);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : rates.entrySet()) {
            long sold = Math.max(total, reserveTotal);
            shares.put(e.getKey(), sold == 0 ? 0.0 : (double) e.getValue() / sold);
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

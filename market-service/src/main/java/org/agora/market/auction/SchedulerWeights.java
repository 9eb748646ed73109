package org.agora.market.auction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bid rates as scheduler weights, keeping their ratios as closely as the hypervisor's range allows:
 * Xen's credit scheduler takes weights 1..65535, QEMU/KVM's cgroup cpu.shares 2..262144. The
 * largest rate maps to the top of the range and the others in proportion, rounded, never below the
 * minimum (a bid too small to express gets the least weight rather than none).
 */
public final class SchedulerWeights {
    public static final int XEN_MIN = 1;
    public static final int XEN_MAX = 65_535;
    public static final int KVM_MIN = 2;
    public static final int KVM_MAX = 262_144;

    private SchedulerWeights() {
    }

    public static Map<String, Integer> xen(Map<String, Long> rates) {
        return scaled(rates, XEN_MIN, XEN_MAX);
    }

    public static Map<String, Integer> kvm(Map<String, Long> rates) {
        return scaled(rates, KVM_MIN, KVM_MAX);
    }

    /**
     * Hard caps from the same rates, for sites that sell CPU as a ceiling rather than a weight: each
     * workspace may use its proportional share of the host's {@code vcpus}, in percent of one CPU
     * (the unit of Xen's cap and of Agora's QEMU quota), at least 1 %. Unlike weights, caps leave CPU
     * idle that nobody paid for.
     */
    public static Map<String, Integer> caps(Map<String, Long> rates, int vcpus) {
        return caps(rates, vcpus, 0);
    }

    /**
     * Caps on a host with a reserve price ({@code reservePerVcpu}, in the rates' unit per vCPU): what
     * the bids do not pay for at the reserve stays idle (see {@link ProportionalShare#shares(Map, long)}).
     */
    public static Map<String, Integer> caps(Map<String, Long> rates, int vcpus, long reservePerVcpu) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("a host has at least one vCPU, not " + vcpus);
        }
        Map<String, Double> shares = ProportionalShare.shares(rates, Math.multiplyExact(reservePerVcpu, (long) vcpus));
        Map<String, Integer> caps = new LinkedHashMap<>();
        shares.forEach((id, share) -> caps.put(id, (int) Math.max(1, Math.round(share * vcpus * 100))));
        return caps;
    }

    static Map<String, Integer> scaled(Map<String, Long> rates, int min, int max) {
        long top = rates.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : rates.entrySet()) {
            long weight = top == 0 ? min : Math.round((double) e.getValue() * max / top);
            weights.put(e.getKey(), (int) Math.max(min, Math.min(max, weight)));
        }
        return weights;
    }
}

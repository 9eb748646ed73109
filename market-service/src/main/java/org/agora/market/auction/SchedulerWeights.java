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

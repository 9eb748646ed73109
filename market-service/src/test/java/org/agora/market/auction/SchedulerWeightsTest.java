package org.agora.market.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchedulerWeightsTest {
    @Test
    void sharesAreRatesOverTheirSum() {
        Map<String, Double> s = ProportionalShare.shares(Map.of("a", 1_000L, "b", 3_000L));
        assertEquals(0.25, s.get("a"), 1e-12);
        assertEquals(0.75, s.get("b"), 1e-12);
        assertEquals(4_000 / 2.0, ProportionalShare.price(Map.of("a", 1_000L, "b", 3_000L), 2.0), 1e-9);
    }

    @Test
    void weightsKeepTheRatesRatiosWithinRounding() {
        Random random = new Random(5);
        for (int trial = 0; trial < 500; trial++) {
            Map<String, Long> rates = new LinkedHashMap<>();
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
                rates.put("w" + i, 1_000L + random.nextInt(10_000_000));
            }
            Map<String, Double> shares = ProportionalShare.shares(rates);
            for (Map<String, Integer> weights : java.util.List.of(SchedulerWeights.xen(rates), SchedulerWeights.kvm(rates))) {
                long total = weights.values().stream().mapToLong(Integer::longValue).sum();
                for (String w : rates.keySet()) {
                    double fromWeights = (double) weights.get(w) / total;
                    // One weight unit of rounding on a top weight of 65535 is < 0.01 % of the range.
                    assertEquals(shares.get(w), fromWeights, 1e-3, w + " in trial " + trial);
                }
            }
        }
    }

    @Test
    void theRangesAreRespected() {
        Map<String, Integer> xen = SchedulerWeights.xen(Map.of("rich", 10_000_000_000L, "poor", 1L));
        assertEquals(SchedulerWeights.XEN_MAX, xen.get("rich"));
        assertEquals(SchedulerWeights.XEN_MIN, xen.get("poor"), "a tiny bid still gets the least weight, not none");
        Map<String, Integer> kvm = SchedulerWeights.kvm(Map.of("a", 1L, "b", 3L));
        assertEquals(SchedulerWeights.KVM_MAX, kvm.get("b"));
        assertTrue(Math.abs(kvm.get("a") - SchedulerWeights.KVM_MAX / 3) <= 1);
    }

    @Test
    void belowTheReserveABidGetsWhatItsRatePaysForAndTheRestIsNotSold() {
        // Rates 1,000 and 3,000 on 2 vCPUs with a reserve of 4,000 per vCPU: the host sells for at
        // least 8,000, so the bids buy an eighth and three eighths, and half the host stays unsold.
        Map<String, Double> below = ProportionalShare.shares(Map.of("a", 1_000L, "b", 3_000L), 8_000L);
        assertEquals(0.125, below.get("a"), 1e-12);
        assertEquals(0.375, below.get("b"), 1e-12);
        // A reserve the bids exceed changes nothing.
        Map<String, Double> above = ProportionalShare.shares(Map.of("a", 1_000L, "b", 3_000L), 2_000L);
        assertEquals(0.25, above.get("a"), 1e-12);
        assertEquals(0.75, above.get("b"), 1e-12);
        // As caps: 25 % and 75 % of one CPU instead of 50 % and 150 %.
        assertEquals(Map.of("a", 25, "b", 75), SchedulerWeights.caps(Map.of("a", 1_000L, "b", 3_000L), 2, 4_000L));
    }

    @Test
    void capsAreEachSharesPartOfTheHostsCpusInPercentOfOne() {
        // Bids 1:3 on a 2-vCPU host: a quarter and three quarters of 200 %.
        assertEquals(java.util.Map.of("a", 50, "b", 150), SchedulerWeights.caps(java.util.Map.of("a", 1_000L,
                "b", 3_000L), 2));
        // A bid too small to express still gets 1 %, not a cap of 0 (which would lift the cap).
        assertEquals(1, SchedulerWeights.caps(java.util.Map.of("tiny", 1L, "huge", 10_000_000L), 1).get("tiny"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SchedulerWeights.caps(java.util.Map.of("a", 1L), 0));
    }
}

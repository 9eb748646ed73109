package org.agora.client.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BestResponseTest {
    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }

    @Test
    void bidsSatisfyTheOptimalityConditionsOnRandomInstances() {
        Random random = new Random(7);
        for (int instance = 0; instance < 200; instance++) {
            int n = 1 + random.nextInt(40);
            double[] y = new double[n];
            double[] w = new double[n];
            for (int j = 0; j < n; j++) {
                y[j] = 0.01 + random.nextDouble() * 10;
                w[j] = random.nextDouble() < 0.1 ? 0 : random.nextDouble() * 5;
            }
            double budget = 0.1 + random.nextDouble() * 20;
            double[] x = BestResponse.bids(budget, y, w);
            if (sum(x) == 0) {
                continue; // only when every value is zero
            }
            assertEquals(budget, sum(x), 1e-9 * budget, "the whole budget is bid");
            // KKT: the marginal utility w y / (x + y)^2 equals λ where x > 0 and is at most λ where x = 0.
            double lambda = -1;
            for (int j = 0; j < n; j++) {
                assertTrue(x[j] >= 0);
                if (x[j] > 1e-12) {
                    double marginal = w[j] * y[j] / Math.pow(x[j] + y[j], 2);
                    if (lambda < 0) {
                        lambda = marginal;
                    }
                    assertEquals(lambda, marginal, 1e-6 * lambda, "equal marginal utility on every host bid on");
                }
            }
            for (int j = 0; j < n; j++) {
                if (x[j] <= 1e-12) {
                    assertTrue(w[j] / y[j] <= lambda * (1 + 1e-6), "a host left out would not pay more at the margin");
                }
            }
        }
    }

    @Test
    void noRandomFeasibleSplitDoesBetter() {
        Random random = new Random(11);
        int n = 12;
        double[] y = new double[n];
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            y[j] = 0.1 + random.nextDouble() * 4;
            w[j] = random.nextDouble() * 3;
        }
        double budget = 5;
        double best = BestResponse.utility(BestResponse.bids(budget, y, w), y, w);
        for (int trial = 0; trial < 10_000; trial++) {
            double[] split = new double[n];
            double total = 0;
            for (int j = 0; j < n; j++) {
                split[j] = random.nextDouble() < 0.3 ? 0 : -Math.log(1 - random.nextDouble());
                total += split[j];
            }
            if (total == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                split[j] *= budget / total;
            }
            assertTrue(BestResponse.utility(split, y, w) <= best + 1e-9, "trial " + trial + " beat the best response");
        }
    }

    @Test
    void agentsRebiddingInTurnReachAFixedPointWithinTwentyRounds() {
        Random random = new Random(3);
        int agents = 100;
        int hosts = 50;
        double reserve = 0.01;
        double[][] values = new double[agents][hosts];
        double[] budgets = new double[agents];
        for (int i = 0; i < agents; i++) {
            budgets[i] = 1 + random.nextDouble() * 9;
            for (int j = 0; j < hosts; j++) {
                values[i][j] = random.nextDouble();
            }
        }
        double[][] bids = new double[agents][hosts];
        double[] totals = new double[hosts];
        int rounds = 0;
        double largestChange = Double.MAX_VALUE;
        // A fixed point to within 1 % of each agent's budget: no agent would move more than that by re-bidding.
        while (largestChange > 1e-2 && rounds < 20) {
            rounds++;
            largestChange = 0;
            for (int i = 0; i < agents; i++) {
                double[] others = new double[hosts];
                for (int j = 0; j < hosts; j++) {
                    others[j] = Math.max(reserve, totals[j] - bids[i][j]);
                }
                double[] next = BestResponse.bids(budgets[i], others, values[i]);
                for (int j = 0; j < hosts; j++) {
                    largestChange = Math.max(largestChange, Math.abs(next[j] - bids[i][j]) / budgets[i]);
                    totals[j] += next[j] - bids[i][j];
                }
                bids[i] = next;
            }
        }
        assertTrue(largestChange <= 1e-2, "no fixed point after " + rounds + " rounds: largest change " + largestChange);
        System.out.printf("best response: 100 agents, 50 hosts: fixed point (1 %% of budget) after %d rounds%n", rounds);
    }
}

package org.agora.client.market;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The best response to the others' bids under proportional sharing (Feldman, Lai &amp; Zhang,
 * "A price-anticipating resource allocation mechanism for distributed shared clusters", EC 2005).
 *
 * <p>An agent spends at rate {@code budget} (credits per second) across hosts. On host j the others
 * bid at total rate {@code y_j} and the agent values the whole host at {@code w_j}; bidding
 * {@code x_j} gets it the share {@code x_j / (x_j + y_j)}. The agent maximises
 * {@code Σ w_j x_j / (x_j + y_j)} subject to {@code Σ x_j = budget}, {@code x_j ≥ 0}. The
 * Lagrange conditions give {@code x_j = sqrt(w_j y_j / λ) - y_j} on the hosts it bids on, which are
 * the k hosts with the highest {@code w_j / y_j}; k is the largest count for which the k-th bid is
 * still positive. Cost: one sort, O(n log n).
 *
 * <p>A host nobody else bids on has no finite best bid (any bid takes all of it); its {@code y_j}
 * is taken to be the host's reserve price, as Tycoon's auctioneers charge it.
 */
public final class BestResponse {
    private BestResponse() {
    }

    /**
     * @param budget the agent's total bid rate, positive
     * @param others the others' total bid rate on each host (or its reserve price), each positive
     * @param values the agent's value for each whole host, each non-negative
     * @return the bid rate for each host, summing to {@code budget}
     */
    public static double[] bids(double budget, double[] others, double[] values) {
        int n = others.length;
        if (values.length != n) {
            throw new IllegalArgumentException(n + " hosts but " + values.length + " values");
        }
        if (!(budget > 0)) {
            throw new IllegalArgumentException("the budget must be positive, not " + budget);
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            if (!(others[j] > 0)) {
                throw new IllegalArgumentException("host " + j + " has others' bids " + others[j]
                        + "; give its reserve price when nobody else bids");
            }
            order[j] = j;
        }
        Arrays.sort(order, Comparator.comparingDouble(j -> -values[j] / others[j]));
        double sumY = 0;
        double sumRoot = 0;
        int k = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            int j = order[i];
            if (values[j] <= 0) {
                break;
            }
            double candidateSumY = sumY + others[j];
            double candidateSumRoot = sumRoot + Math.sqrt(values[j] * others[j]);
            double candidateScale = (budget + candidateSumY) / candidateSumRoot;
            // Host j joins only if its own bid under the widened set is positive.
            if (Math.sqrt(values[j] * others[j]) * candidateScale - others[j] <= 0) {
                break;
            }
            sumY = candidateSumY;
            sumRoot = candidateSumRoot;
            scale = candidateScale;
            k = i + 1;
        }
        double[] x = new double[n];
        if (k == 0) {
            // Nothing is worth anything: spend nowhere rather than waste the budget.
            return x;
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            int j = order[i];
            x[j] = Math.max(0, Math.sqrt(values[j] * others[j]) * scale - others[j]);
            total += x[j];
        }
        // Rounding only: the closed form sums to the budget exactly in real arithmetic.
        for (int i = 0; i < k; i++) {
            x[order[i]] *= budget / total;
        }
        return x;
    }

    /** The agent's utility {@code Σ w_j x_j / (x_j + y_j)} for a split. */
    public static double utility(double[] bids, double[] others, double[] values) {
        double u = 0;
        for (int j = 0; j < bids.length; j++) {
            if (bids[j] > 0) {
                u += values[j] * bids[j] / (bids[j] + others[j]);
            }
        }
        return u;
    }
}

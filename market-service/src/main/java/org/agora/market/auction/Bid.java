package org.agora.market.auction;

import java.time.Duration;
import java.time.Instant;
import org.agora.market.bank.Credits;

/**
 * A bid as the auctioneer holds it: credits escrowed for a host over a time window, charged to the
 * host's owner as time passes. Its rate is what remains over the time that remains.
 */
public record Bid(String id, String bidderDn, String host, String hostOwnerDn, String workspaceId,
                  Credits escrowed, Credits charged, Instant windowStart, Instant windowEnd, Instant chargedUntil,
                  State state) {

    public enum State { ACTIVE, ENDED }

    public Credits remaining() {
        return escrowed.minus(charged);
    }

    /**
     * Micro-credits per second: what remained at the last charge over the time that then remained.
     * Charging is linear, so this is constant until the bid next changes; 0 once ended.
     */
    public double rate(Instant now) {
        if (state != State.ACTIVE || !windowEnd.isAfter(now) || !windowEnd.isAfter(chargedUntil)) {
            return 0;
        }
        return remaining().micros() / (Duration.between(chargedUntil, windowEnd).toNanos() / 1e9);
    }

    /**
     * What is due from {@link #chargedUntil} to {@code now}: the remaining credits in proportion to
     * the time elapsed of the time that was left, rounded down to the micro-credit; everything that
     * remains once the window has ended.
     */
    public Credits dueAt(Instant now) {
        if (!now.isAfter(chargedUntil)) {
            return Credits.ZERO;
        }
        if (!now.isBefore(windowEnd)) {
            return remaining();
        }
        long elapsed = Duration.between(chargedUntil, now).toNanos();
        long left = Duration.between(chargedUntil, windowEnd).toNanos();
        return new Credits(java.math.BigInteger.valueOf(remaining().micros()).multiply(java.math.BigInteger.valueOf(elapsed))
                .divide(java.math.BigInteger.valueOf(left)).longValueExact());
    }
}

package org.agora.market.bank;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of credits, held as a whole number of micro-credits: never a {@code double}.
 * Written with up to six decimals ("12.5", "0.000001").
 */
public record Credits(long micros) implements Comparable<Credits> {
    public static final Credits ZERO = new Credits(0);
    private static final int SCALE = 6;

    /** Parses "12.5"; more than six decimals, or a value beyond the range, is refused. */
    public static Credits parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an amount of credits, e.g. 12.5");
        }
        return of(value);
    }

    public static Credits of(BigDecimal value) {
        if (value.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException(value.toPlainString() + " has more than six decimals; the smallest "
                    + "amount is 0.000001 credits");
        }
        try {
            return new Credits(value.movePointRight(SCALE).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(value.toPlainString() + " credits is beyond what an account can hold");
        }
    }

    public static Credits ofWhole(long credits) {
        return new Credits(Math.multiplyExact(credits, 1_000_000L));
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(micros, SCALE).setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public Credits plus(Credits other) {
        return new Credits(Math.addExact(micros, other.micros));
    }

    public Credits minus(Credits other) {
        return new Credits(Math.subtractExact(micros, other.micros));
    }

    public boolean isPositive() {
        return micros > 0;
    }

    @Override
    public int compareTo(Credits o) {
        return Long.compare(micros, o.micros);
    }

    /** "12.5", "0.000001", "-3". */
    @Override
    public String toString() {
        return toBigDecimal().stripTrailingZeros().toPlainString();
    }
}

package org.agora.contract.lexical;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.Duration;

/**
 * xs:duration, at most {@value #MAX_YEARS} years long. javax.xml.datatype.Duration keeps any
 * size, but its getTimeInMillis adds each field to a calendar as an int, so "P4294967298D" came
 * out as two days; {@link #millis} adds them without wrapping.
 */
public final class XsDuration extends XmlAdapter<String, Duration> {
    static final int MAX_YEARS = 10_000;
    static final String ALLOWED = "a duration such as PT2H or P3D, at most " + MAX_YEARS + " years";
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX_YEARS * 366L * 86_400L);
    private static final DatatypeFactory TYPES = XmlTypes.FACTORY;

    @Override
    public Duration unmarshal(String lexical) {
        return parse(lexical);
    }

    @Override
    public String marshal(Duration value) {
        return print(value);
    }

    public static Duration parse(String lexical) {
        String v = XsWhitespace.collapse(lexical);
        Duration d;
        try {
            if (v.length() > 64) {
                throw new IllegalArgumentException("too long");
            }
            d = TYPES.newDuration(v);
        } catch (IllegalArgumentException | UnsupportedOperationException notADuration) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        if (upperBoundSeconds(d).compareTo(MAX_SECONDS) > 0) {
            throw new MalformedValueException(lexical, ALLOWED);
        }
        return d;
    }

    public static String print(Duration value) {
        return value == null ? null : value.toString();
    }

    /**
     * Milliseconds {@code d} spans when it starts at {@code start}: years and months as calendar
     * steps in UTC (so P1M is a calendar month), the rest exactly. For a duration that
     * {@link #parse} accepted this never overflows.
     */
    public static long millis(Duration d, Instant start) {
        if (upperBoundSeconds(d).compareTo(MAX_SECONDS) > 0) {
            throw new MalformedValueException(d.toString(), ALLOWED);
        }
        int sign = d.getSign() < 0 ? -1 : 1;
        ZonedDateTime from = start.atZone(ZoneOffset.UTC);
        ZonedDateTime to = from.plusYears((long) sign * field(d, DatatypeConstants.YEARS).longValue())
                .plusMonths((long) sign * field(d, DatatypeConstants.MONTHS).longValue());
        BigDecimal rest = field(d, DatatypeConstants.DAYS).multiply(BigDecimal.valueOf(86_400_000L))
                .add(field(d, DatatypeConstants.HOURS).multiply(BigDecimal.valueOf(3_600_000L)))
                .add(field(d, DatatypeConstants.MINUTES).multiply(BigDecimal.valueOf(60_000L)))
                .add(field(d, DatatypeConstants.SECONDS).multiply(BigDecimal.valueOf(1000L)));
        long calendarMillis = to.toInstant().toEpochMilli() - from.toInstant().toEpochMilli();
        return calendarMillis + sign * rest.longValue();
    }

    private static BigDecimal upperBoundSeconds(Duration d) {
        return field(d, DatatypeConstants.YEARS).multiply(BigDecimal.valueOf(366L * 86_400L))
                .add(field(d, DatatypeConstants.MONTHS).multiply(BigDecimal.valueOf(31L * 86_400L)))
                .add(field(d, DatatypeConstants.DAYS).multiply(BigDecimal.valueOf(86_400L)))
                .add(field(d, DatatypeConstants.HOURS).multiply(BigDecimal.valueOf(3_600L)))
                .add(field(d, DatatypeConstants.MINUTES).multiply(BigDecimal.valueOf(60L)))
                .add(field(d, DatatypeConstants.SECONDS));
    }

    private static BigDecimal field(Duration d, DatatypeConstants.Field f) {
        Number n = d.getField(f);
        if (n == null) {
            return BigDecimal.ZERO;
        }
        return n instanceof BigDecimal b ? b : new BigDecimal((BigInteger) n);
    }
}

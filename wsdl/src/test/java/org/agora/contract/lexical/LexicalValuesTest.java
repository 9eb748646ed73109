package org.agora.contract.lexical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LexicalValuesTest {
    @ParameterizedTest
    @ValueSource(strings = {"4294967298", "99999999999", "2147483648", "-2147483649", "abc", "1 2", "--5", "5-", "",
            "0x10", "1.0"})
    void anIntOutsideItsLexicalSpaceIsRefusedNotWrapped(String sent) {
        MalformedValueException e = assertThrows(MalformedValueException.class, () -> XsInt.parse(sent));
        assertEquals(Quote.of(sent), e.sent());
        assertEquals("a whole number from -2147483648 to 2147483647", e.allowed());
    }

    @Test
    void anIntInRangeReadsAsWritten() {
        assertEquals(7, XsInt.parse(" +7 "));
        assertEquals(Integer.MIN_VALUE, XsInt.parse("-2147483648"));
        assertEquals(4294967298L, XsLong.parse("4294967298"));
        assertThrows(MalformedValueException.class, () -> XsLong.parse("9223372036854775808"));
    }

    @Test
    void aDecimalWithAnExponentIsRefusedBeforeItCanBePrintedInFull() {
        assertThrows(MalformedValueException.class, () -> XsDecimal.parse("1E999999999"));
        assertEquals(new BigDecimal("12.5"), XsDecimal.parse("+12.5"));
    }

    @Test
    void aDurationOfBillionsOfDaysIsRefusedAndAcceptedOnesAddUpExactly() {
        assertThrows(MalformedValueException.class, () -> XsDuration.parse("P4294967298D"));
        assertThrows(MalformedValueException.class, () -> XsDuration.parse("forever"));
        Instant start = Instant.parse("2026-01-31T00:00:00Z");
        assertEquals(26 * 3_600_000L, XsDuration.millis(XsDuration.parse("P1DT2H"), start));
        assertEquals(3_000_000_000_000L, XsDuration.millis(XsDuration.parse("PT3000000000S"), start),
                "seconds beyond an int add up without wrapping");
        assertEquals(28L * 86_400_000L, XsDuration.millis(XsDuration.parse("P1M"), start), "a calendar month");
    }

    @Test
    void aDateTimeBeyondYear9999OrWithoutTimeIsRefused() {
        assertThrows(MalformedValueException.class, () -> XsDateTime.parse("forever"));
        assertThrows(MalformedValueException.class, () -> XsDateTime.parse("10000-01-01T00:00:00Z"));
        assertThrows(MalformedValueException.class, () -> XsDateTime.parse("2026-01-01"));
        assertEquals(2026, XsDateTime.parse("2026-12-07T18:00:00Z").getYear());
    }

    @Test
    void aQuoteIsShortEscapedAndSaysHowLongTheOriginalWas() {
        String quoted = Quote.of("x".repeat(50_000_000));
        assertTrue(quoted.length() < 80, quoted);
        assertTrue(quoted.endsWith("(50000000 characters)"), quoted);
        assertEquals("'a\\u0000b\\u000A'", Quote.of("a\u0000b\n"));
        String shortened = Quote.shorten("Unexpected wrapper element {ns}" + "E".repeat(1_000_000) + " found.");
        assertTrue(shortened.length() < 200 && shortened.endsWith("found."), shortened);
        String ours = "Metadata/Image " + Quote.of("x".repeat(50_000)) + " has characters an image cannot have";
        assertEquals(ours, Quote.shorten(ours), "a sentence that already quotes is left as it is");
    }
}

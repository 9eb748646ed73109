package org.agora.gram.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobDescriptionExceptionTest {

    @Test
    void messageNamesAttributeQuotesValueAndSaysWhatIsAllowed() {
        JobDescriptionException refusal = new JobDescriptionException("count", "x", "a whole number");
        assertEquals("count: \"x\" is not accepted; a whole number", refusal.getMessage());
        assertEquals("count", refusal.attribute());
    }

    @Test
    void quoteIsCutToSixtyCharactersOnOneLine() {
        String quoted = JobDescriptionException.quote("line one\n\tline two " + "y".repeat(200));
        assertEquals(JobDescriptionException.QUOTE_LIMIT + 2, quoted.length());
        assertEquals("\"line one line two yyyy", quoted.substring(0, 23));
        assertEquals("...\"", quoted.substring(quoted.length() - 4));
    }
}

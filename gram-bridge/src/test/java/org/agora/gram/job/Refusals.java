package org.agora.gram.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions every refusal must meet: the attribute named, the submitted text quoted briefly. */
public final class Refusals {

    private Refusals() {
    }

    /** Runs {@code parse}, expects a refusal naming {@code attribute}, and returns its message. */
    public static String assertRefused(String attribute, Executable parse) {
        JobDescriptionException refusal = assertThrows(JobDescriptionException.class, parse);
        String message = refusal.getMessage();
        assertEquals(attribute, refusal.attribute(), message);
        assertTrue(message.startsWith(attribute + ": "), message);
        int open = message.indexOf('"');
        int close = message.indexOf("\" is not accepted");
        if (open >= 0 && close > open) {
            assertTrue(close - open - 1 <= JobDescriptionException.QUOTE_LIMIT, "quote too long: " + message);
        }
        return message;
    }
}

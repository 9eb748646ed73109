package org.agora.market.bank;

import java.time.Instant;

/**
 * One movement of credits between two accounts, as applied. {@code id} is the client's: the same
 * id applied twice moves money once.
 */
public record Transfer(String id, String from, String to, Credits amount, String memo, String requestedBy,
                       Instant at) {

    /** Whether another request with this id asks for the same movement (a retry, not a clash). */
    public boolean sameMovementAs(String otherFrom, String otherTo, Credits otherAmount) {
        return from.equals(otherFrom) && to.equals(otherTo) && amount.equals(otherAmount);
    }
}

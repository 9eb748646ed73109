package org.agora.market.bank.persistence;

import java.sql.SQLException;
import org.agora.database.StatementBatch;
import org.hibernate.SessionFactory;

/**
 * Runs a {@link StatementBatch} on a connection of the market's session factory and tells a refusal
 * (the database said no: nothing of the batch remains, a step-by-step path can find out why and
 * answer exactly) from a failure (thrown, converted by Hibernate like any other JDBC error).
 */
public final class RefusedBatch {
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private RefusedBatch() {
    }

    /**
     * Runs the batch as one transaction. Returns null when it committed, or the refusing statement's
     * error: a constraint (duplicate key, foreign key, CHECK), a value out of range, a deadlock or a
     * lock wait given up.
     */
    public static SQLException run(SessionFactory sessions, StatementBatch batch) {
        try {
            batch.executeAtomically(sessions);
            return null;
        } catch (SQLException e) {
            if (isRefusal(e)) {
                return e;
            }
            throw StatementBatch.converted(sessions, e, "statement batch of " + batch.size() + " statements");
        }
    }

    static boolean isRefusal(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("23") || state.startsWith("40") || state.startsWith("22")
                || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }
}

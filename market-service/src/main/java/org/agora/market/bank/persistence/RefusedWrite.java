package org.agora.market.bank.persistence;

import java.sql.SQLException;
import org.agora.database.AtomicWrite;
import org.hibernate.SessionFactory;

/**
 * Runs an {@link AtomicWrite} (a stored procedure's call, or a statement batch) on a connection of the
 * market's session factory and tells a refusal (the database said no: nothing of the write remains,
 * a step-by-step path can find out why and answer exactly) from a failure (thrown, converted by
 * Hibernate like any other JDBC error).
 */
public final class RefusedWrite {
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private RefusedWrite() {
    }

    /**
     * Runs the write as one transaction. Returns null when it committed, or the refusing statement's
     * error: a constraint (duplicate key, foreign key, CHECK), a value out of range, a deadlock or a
     * lock wait given up.
     */
    public static SQLException run(SessionFactory sessions, AtomicWrite write) {
        try {
            write.executeAtomically(sessions);
            return null;
        } catch (SQLException e) {
            if (isRefusal(e)) {
                return e;
            }
            throw AtomicWrite.converted(sessions, e, write.description());
        }
    }

    static boolean isRefusal(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("23") || state.startsWith("40") || state.startsWith("22")
                || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }
}

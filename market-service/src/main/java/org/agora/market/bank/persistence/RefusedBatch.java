package org.agora.market.bank.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import org.agora.database.StatementBatch;
import org.hibernate.SessionFactory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.jdbc.spi.SqlExceptionHelper;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Runs a {@link StatementBatch} on a connection of the market's session factory and tells a refusal
 * (the database said no: nothing of the batch remains, a step-by-step path can find out why and
 * answer exactly) from a failure (thrown, converted by Hibernate like any other JDBC error).
 *
 * <p>The connection comes straight from the factory's pool, not through a session: a batch needs no
 * persistence context, and opening and closing a session was a third of a bid's client CPU.
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
        SessionFactoryImplementor factory = sessions.unwrap(SessionFactoryImplementor.class);
        ConnectionProvider connections = factory.getServiceRegistry().requireService(ConnectionProvider.class);
        SqlExceptionHelper converter = factory.getJdbcServices().getSqlExceptionHelper();
        try {
            Connection connection = connections.getConnection();
            try {
                batch.executeAtomically(connection);
                return null;
            } catch (SQLException e) {
                if (isRefusal(e)) {
                    return e;
                }
                throw e;
            } finally {
                connections.closeConnection(connection);
            }
        } catch (SQLException e) {
            throw converter.convert(e, "statement batch of " + batch.size() + " statements");
        }
    }

    static boolean isRefusal(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("23") || state.startsWith("40") || state.startsWith("22")
                || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
    }
}

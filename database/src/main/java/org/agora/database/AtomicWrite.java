package org.agora.database;

import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.SessionFactory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * A write that is its own transaction and one round trip to the server: it commits whole, or fails
 * with the error of the statement that refused it, rolled back before the server answered, so
 * nothing of it remains and the connection is as it was. A {@link StatementBatch} (statements built
 * in Java) or a {@link ProcedureCall} (statements kept in the schema).
 */
public interface AtomicWrite {
    /**
     * Runs the write on {@code connection}, which must be in autocommit mode with no transaction of
     * its own (the write's START TRANSACTION would silently commit it).
     */
    void executeAtomically(Connection connection) throws SQLException;

    /** What the write is, for error messages: "call agora_transfer", "statement batch of 3 statements". */
    String description();

    /**
     * Runs the write on a connection of {@code sessions}' pool, taken straight from it: the write
     * needs no persistence context, and opening and closing a Hibernate session cost more client CPU
     * than sending it.
     */
    default void executeAtomically(SessionFactory sessions) throws SQLException {
        ConnectionProvider connections = sessions.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(ConnectionProvider.class);
        Connection connection = connections.getConnection();
        try {
            executeAtomically(connection);
        } finally {
            connections.closeConnection(connection);
        }
    }

    /**
     * A write's error as Hibernate converts any JDBC error (a {@code ConstraintViolationException},
     * a {@code LockAcquisitionException}, …), for callers that do not handle it themselves.
     */
    static RuntimeException converted(SessionFactory sessions, SQLException e, String what) {
        return sessions.unwrap(SessionFactoryImplementor.class).getJdbcServices().getSqlExceptionHelper().convert(e, what);
    }

    /** Refuses a connection that has a transaction open: the write is a transaction of its own. */
    static void requireAutocommit(Connection connection, String what) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException(what + " is its own transaction: it cannot run inside another "
                    + "(the connection is not in autocommit mode)");
        }
    }
}

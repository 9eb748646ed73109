package org.agora.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements sent to the server as one transaction in one round trip: {@code START TRANSACTION},
 * the statements, {@code COMMIT}, as a single multi-statement (on connections of
 * {@link Database#multiStatementDataSource()}). MariaDB stops a multi-statement at the first
 * statement that fails, so the COMMIT is never reached then: checks that should refuse the whole
 * transaction must be statement errors (a duplicate key, a foreign key, a CHECK constraint), not
 * results to inspect. The statements keep bound parameters; the driver inlines them client-side.
 */
public final class StatementBatch {
    private final List<String> statements = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    /**
     * Adds a statement with {@code ?} placeholders. An Instant is written as UTC, as Hibernate writes
     * them here ({@code hibernate.jdbc.time_zone=UTC}), so rows read the same whichever wrote them.
     */
    public StatementBatch add(String statement, Object... values) {
        if (statement.indexOf(';') >= 0) {
            throw new IllegalArgumentException("one statement at a time, without ';': " + statement);
        }
        statements.add(statement);
        for (Object value : values) {
            parameters.add(value instanceof Instant i ? LocalDateTime.ofInstant(i, ZoneOffset.UTC) : value);
        }
        return this;
    }

    public int size() {
        return statements.size();
    }

    /**
     * Runs the statements as one transaction on {@code connection}, which must be in autocommit
     * mode with no transaction of its own (START TRANSACTION would silently commit it). On a
     * failing statement the transaction is rolled back, the connection left as it was, and the
     * statement's error thrown: nothing of the batch remains.
     */
    public void executeAtomically(Connection connection) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("a statement batch is its own transaction: it cannot run inside another "
                    + "(the connection is not in autocommit mode)");
        }
        String sql = "START TRANSACTION;" + String.join(";", statements) + ";COMMIT";
        try (PreparedStatement batch = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                batch.setObject(i + 1, parameters.get(i));
            }
            batch.execute();
            // The driver has read every statement's answer: an error in any of them was thrown above.
            while (batch.getMoreResults() || batch.getUpdateCount() != -1) {
                // Nothing to read: the statements are writes.
            }
        } catch (SQLException failed) {
            try (Statement rollback = connection.createStatement()) {
                rollback.execute("ROLLBACK");
            } catch (SQLException alsoFailed) {
                // The connection is gone: the server ends the transaction with it, and the pool drops it.
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }

    @Override
    public String toString() {
        return String.join(";\n", statements);
    }
}

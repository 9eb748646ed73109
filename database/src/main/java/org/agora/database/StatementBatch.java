package org.agora.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements sent to the server as one transaction in one round trip, as a single compound
 * statement: {@code BEGIN NOT ATOMIC} with an exit handler that rolls back and re-raises,
 * {@code START TRANSACTION}, the statements, {@code COMMIT}, {@code END}. The first statement
 * that fails ends the block, rolled back, with that statement's own error (SQLSTATE and code), so
 * checks that should refuse the whole transaction must be statement errors (a duplicate key, a
 * foreign key, a CHECK constraint), not results to inspect.
 *
 * <p>Why a compound statement rather than the driver's multi-statements ({@code allowMultiQueries}):
 * the server answers a compound statement once, where it sends one
 * result packet per statement of a multi-statement and the client wakes for each (on two shared
 * cores ~100 us of client CPU per seven-statement bid). And it is one
 * statement, so it runs on ordinary connections: no second pool whose connections would accept a
 * stacked statement. The statements keep bound parameters; the driver inlines them client-side.
 */
public final class StatementBatch implements AtomicWrite {
    /** What {@link #requireChanged} raises: SQLSTATE 40001 (serialisation failure), with SIGNAL's code. */
    private static final String UNCHANGED_STATE = "40001";
    private static final int SIGNAL_CODE = 1644;
    /** What {@link #refuseIf} raises: SQLSTATE 45000 (an unhandled user-defined condition), never retried. */
    private static final String REFUSED_STATE = "45000";

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
            parameters.add(BoundValue.of(value));
        }
        return this;
    }

    /**
     * Adds a check that the previous statement changed at least one row, refusing the batch
     * otherwise (rolled back, {@link #isUnchangedRefusal} true): the write of an optimistic
     * update ({@code … where id = ? and version = ?}) that found the row changed meanwhile.
     */
    public StatementBatch requireChanged(String what) {
        statements.add("IF ROW_COUNT() = 0 THEN SIGNAL SQLSTATE '" + UNCHANGED_STATE + "' SET MESSAGE_TEXT = ?; END IF");
        parameters.add(what.length() > 128 ? what.substring(0, 128) : what);
        return this;
    }

    /**
     * Adds a check that refuses the batch (rolled back, {@link #isRefusal} true, {@code what} as the
     * error's message) when {@code condition}, an SQL expression with {@code ?} placeholders for
     * {@code values}, is true at this point of the transaction: a limit the batch's own writes must
     * not pass, checked after them.
     */
    public StatementBatch refuseIf(String condition, String what, Object... values) {
        if (condition.indexOf(';') >= 0) {
            throw new IllegalArgumentException("one expression, without ';': " + condition);
        }
        statements.add("IF " + condition + " THEN SIGNAL SQLSTATE '" + REFUSED_STATE + "' SET MESSAGE_TEXT = ?; END IF");
        for (Object value : values) {
            parameters.add(BoundValue.of(value));
        }
        parameters.add(what.length() > 128 ? what.substring(0, 128) : what);
        return this;
    }

    /** Whether {@code e} is the refusal of a {@link #refuseIf} check; its message then ends with the check's text. */
    public static boolean isRefusal(SQLException e) {
        return REFUSED_STATE.equals(e.getSQLState());
    }

    /** Whether {@code e} is the refusal of a {@link #requireChanged} check. */
    public static boolean isUnchangedRefusal(SQLException e) {
        return UNCHANGED_STATE.equals(e.getSQLState()) && e.getErrorCode() == SIGNAL_CODE;
    }

    public int size() {
        return statements.size();
    }

    /**
     * Runs the statements as one transaction on {@code connection}, which must be in autocommit
     * mode with no transaction of its own (START TRANSACTION would silently commit it). On a
     * failing statement the server has rolled the transaction back before answering, and that
     * statement's error is thrown: nothing of the batch remains, and the connection is as it was.
     */
    @Override
    public void executeAtomically(Connection connection) throws SQLException {
        if (statements.isEmpty()) {
            return;
        }
        AtomicWrite.requireAutocommit(connection, "a statement batch");
        try (PreparedStatement batch = connection.prepareStatement(compound())) {
            for (int i = 0; i < parameters.size(); i++) {
                batch.setObject(i + 1, parameters.get(i));
            }
            batch.execute();
        }
    }

    @Override
    public String description() {
        return "statement batch of " + statements.size() + " statements";
    }

    private String compound() {
        StringBuilder sql = new StringBuilder(64 * statements.size() + 128)
                .append("BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END; ")
                .append("START TRANSACTION; ");
        for (String statement : statements) {
            sql.append(statement).append("; ");
        }
        return sql.append("COMMIT; END").toString();
    }

    @Override
    public String toString() {
        return String.join(";\n", statements);
    }
}

package org.agora.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A call of a stored procedure that is a transaction of its own: the procedure starts and commits it,
 * and an exit handler rolls it back and re-raises the failing statement's own error (SQLSTATE and
 * code), as a {@link StatementBatch} does. The server parses a procedure once per connection and
 * keeps it, where a batch's compound statement is parsed on every call; what a procedure does is in
 * the component's migrations.
 */
public final class ProcedureCall implements AtomicWrite {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String procedure;
    private final Object[] arguments;

    /** A call of {@code procedure} (a plain lower-case name) with its arguments in order. */
    public ProcedureCall(String procedure, Object... arguments) {
        if (!NAME.matcher(procedure).matches()) {
            throw new IllegalArgumentException("not a procedure name: " + procedure);
        }
        this.procedure = procedure;
        this.arguments = arguments.clone();
    }

    @Override
    public void executeAtomically(Connection connection) throws SQLException {
        AtomicWrite.requireAutocommit(connection, "call " + procedure);
        StringBuilder sql = new StringBuilder("call ").append(procedure).append('(');
        for (int i = 0; i < arguments.length; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        try (PreparedStatement call = connection.prepareStatement(sql.append(')').toString())) {
            for (int i = 0; i < arguments.length; i++) {
                call.setObject(i + 1, BoundValue.of(arguments[i]));
            }
            call.execute();
        }
    }

    @Override
    public String description() {
        return "call " + procedure;
    }
}

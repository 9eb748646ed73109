package org.agora.database;

/** The database could not be started, reached or brought to the expected schema. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}

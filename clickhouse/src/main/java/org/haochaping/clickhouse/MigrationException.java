package org.haochaping.clickhouse;

/** The migration files or the migrations recorded in the database are not in a state that can be applied. */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}

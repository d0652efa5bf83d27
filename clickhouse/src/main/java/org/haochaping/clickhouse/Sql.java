package org.haochaping.clickhouse;

import java.util.regex.Pattern;

/** Small helpers for building ClickHouse SQL text safely. */
public final class Sql {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");

    private Sql() {}

    /** A ClickHouse string literal: {@code it's} → {@code 'it\'s'}. */
    public static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** Checks a plain identifier (database name); {@code what} names the setting in the message. */
    public static String identifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*), got: "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /** Checks a table name, optionally qualified by a database ({@code db.table}). */
    static String table(String name) {
        if (name == null || !TABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("table must be a plain (optionally db-qualified) name, got: "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}

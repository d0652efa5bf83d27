package org.haochaping.evaluation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.haochaping.clickhouse.Sql;

/**
 * Instants in the evaluation's SQL and JSON rows. Every time column is DateTime64(3, 'UTC'): a literal
 * names UTC explicitly so the comparison never depends on the server's or the session's time zone.
 */
final class SqlInstants {

    /** ClickHouse parses DateTime64 text in the column's time zone, UTC for every table here. */
    static final DateTimeFormatter COLUMN_TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private SqlInstants() {}

    static String literal(Instant instant) {
        return "toDateTime64(" + Sql.literal(COLUMN_TEXT.format(instant)) + ", 3, 'UTC')";
    }

    /** {@code column} within [month.start(), month.end()). */
    static String within(String column, EvaluationMonth month) {
        return "(" + column + " >= " + literal(month.start()) + " AND " + column + " < " + literal(month.end()) + ")";
    }
}

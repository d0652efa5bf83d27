package org.haochaping.clickhouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The one small store API over ClickHouse, used by the Flink sink, the console and the tests. Two
 * backends: {@link ChdbStore} (embedded) and {@link ServerStore} (HTTP). All SQL uses unqualified table
 * names, which resolve to {@link #database()} (created at open if missing). SQL passed to
 * {@link #query} must not carry its own {@code FORMAT} clause.
 *
 * <p>Failures ClickHouse reports surface as {@link ClickHouseException} with ClickHouse's error text.
 */
public interface ClickHouseStore extends AutoCloseable {

    /**
     * Runs a statement that returns no rows (DDL, {@code TRUNCATE}, {@code OPTIMIZE}, {@code INSERT … SELECT}).
     * Statements share no session: put settings in the statement's {@code SETTINGS} clause, not in a {@code SET}.
     *
     * @throws IllegalArgumentException for blank SQL
     */
    void execute(String sql);

    /**
     * Inserts rows, each one JSON object of column → value, as one synchronous
     * {@code INSERT INTO <table> FORMAT JSONEachRow} ({@code async_insert=0}): when this returns, the rows are
     * visible to queries. Missing columns take their defaults. An empty list does nothing.
     */
    void insertJsonEachRow(String table, List<String> jsonRows);

    /**
     * Runs a query and returns its rows as ordered maps of column name → value: integers as {@link Long}
     * ({@link BigInteger} beyond its range), other numbers as {@link Double} (a whole float such as {@code 1.0}
     * comes back as {@link Long}: read numbers through {@link Number}), NaN and infinities as {@code null}, strings,
     * dates and times as {@link String} ({@code 2026-10-08 08:30:10.123}), {@code Bool} as {@link Boolean}, arrays
     * and unnamed tuples as {@link List}, maps and named tuples as {@link Map}, {@code NULL} as {@code null}; each
     * row keeps the query's column order. A statement that fails, also after its first rows, throws
     * {@link ClickHouseException}; the tests' StoreContract holds both backends to all of this.
     *
     * @throws IllegalArgumentException for blank SQL
     */
    List<Map<String, Object>> query(String sql);

    /** The database unqualified table names resolve to. */
    String database();

    /** Releases the connection. */
    @Override
    void close();

    /** The first column of the first row as a long (e.g. {@code SELECT count() FROM ratings FINAL}). */
    default long queryLong(String sql) {
        Object value = firstValue(sql);
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.longValueExact();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text); // a 64-bit integer quoted by the server's JSON settings
            } catch (NumberFormatException e) {
                throw new ClickHouseException("not a whole number: '" + text + "' from: " + ClickHouseException.abbreviate(sql));
            }
        }
        throw new ClickHouseException("not a number: " + value + " from: " + ClickHouseException.abbreviate(sql));
    }

    /** The first column of the first row as a double (e.g. an average score). */
    default double queryDouble(String sql) {
        Object value = firstValue(sql);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new ClickHouseException("not a number: '" + text + "' from: " + ClickHouseException.abbreviate(sql));
            }
        }
        throw new ClickHouseException("not a number: " + value + " from: " + ClickHouseException.abbreviate(sql));
    }

    private Object firstValue(String sql) {
        List<Map<String, Object>> rows = query(sql);
        if (rows.isEmpty() || rows.get(0).isEmpty()) {
            throw new ClickHouseException("query returned no rows: " + ClickHouseException.abbreviate(sql));
        }
        return rows.get(0).values().iterator().next();
    }
}

package org.haochaping.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;

/**
 * Looks for mobile numbers in clear in every column of every table of the store's database, one query
 * per column: any text that looks like a mainland mobile number, and any of a list of numbers known to
 * have been used. Every column is read as {@code toString(column)}, whatever its type, so a number kept
 * in an array, a JSON payload or an integer column is found too.
 */
final class PersonalDataScan {

    /**
     * 11 digits starting 13-19, not part of a longer run of digits or hex digits: an epoch-millis time stamp
     * has 13 digits, and a 64-character hex hash may hold 11 decimal digits in a row by chance.
     */
    static final String MOBILE_PATTERN = "(^|[^0-9a-fA-F])1[3-9][0-9]{9}([^0-9a-fA-F]|$)";

    /** Where a scan found something: rows of {@code table.column} matching. */
    record Hit(String table, String column, long rows) {}

    private final ClickHouseStore store;

    PersonalDataScan(ClickHouseStore store) {
        this.store = store;
    }

    /** Every column of every table in the database (views and system tables aside). */
    List<Map<String, Object>> columns() {
        return store.query("SELECT table, name FROM system.columns WHERE database = " + Sql.literal(store.database())
                + " AND table IN (SELECT name FROM system.tables WHERE database = " + Sql.literal(store.database())
                + " AND NOT is_temporary AND engine NOT LIKE '%View') ORDER BY table, name");
    }

    /** Columns holding anything shaped like a mobile number. */
    List<Hit> mobileLookalikes() {
        return scan("match(toString(%s), " + Sql.literal(MOBILE_PATTERN) + ")");
    }

    /** Columns holding any of {@code phones} anywhere in their text. */
    List<Hit> knownPhones(Collection<String> phones) {
        if (phones.isEmpty()) {
            return List.of();
        }
        String array = phones.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
        return scan("arrayExists(p -> position(toString(%s), p) > 0, " + array + ")");
    }

    private List<Hit> scan(String conditionTemplate) {
        List<Hit> hits = new ArrayList<>();
        for (Map<String, Object> column : columns()) {
            String table = String.valueOf(column.get("table"));
            String name = String.valueOf(column.get("name"));
            long rows = store.queryLong("SELECT count() FROM " + Sql.identifier("table", table) + " WHERE "
                    + conditionTemplate.formatted(Sql.identifier("column", name)));
            if (rows != 0) {
                hits.add(new Hit(table, name, rows));
            }
        }
        return hits;
    }
}

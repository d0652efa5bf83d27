package org.haochaping.jobs.sink;

/** One row for ClickHouse: the target table and the row as a JSONEachRow line. */
public record ClickHouseRow(String table, String json) {}

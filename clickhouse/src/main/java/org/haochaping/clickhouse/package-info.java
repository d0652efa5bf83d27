/**
 * The one small ClickHouse store API ({@link org.haochaping.clickhouse.ClickHouseStore}) and its two
 * backends: {@link org.haochaping.clickhouse.ChdbStore} (ClickHouse embedded in this process through chDB)
 * and {@link org.haochaping.clickhouse.ServerStore} (a ClickHouse server over HTTP). The same SQL runs on
 * both; the schema is the numbered SQL files applied by {@link org.haochaping.clickhouse.Migrations}.
 * {@link org.haochaping.clickhouse.ClickHouseStores} opens the backend the configuration names.
 */
package org.haochaping.clickhouse;

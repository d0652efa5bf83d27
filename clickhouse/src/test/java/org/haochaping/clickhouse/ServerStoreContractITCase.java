package org.haochaping.clickhouse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a ClickHouse server, when one is configured:
 *
 * <pre>
 * HCP_TEST_CLICKHOUSE_URL=http://127.0.0.1:8123 [HCP_TEST_CLICKHOUSE_USER=…] [HCP_TEST_CLICKHOUSE_PASSWORD=…] \
 *     mvn -pl clickhouse test -Dtest=ServerStoreContractITCase
 * </pre>
 *
 * Without {@value #URL} every case is skipped. The suite drops and recreates the database {@value #DATABASE} on
 * that server, so point it at a server where that name is free for tests.
 */
class ServerStoreContractITCase extends StoreContract {

    static final String URL = "HCP_TEST_CLICKHOUSE_URL";
    static final String DATABASE = "hcp_contract";

    private static ServerStore server;

    @BeforeAll
    static void openTheServer() {
        String url = System.getenv(URL);
        if (url == null || url.isBlank()) {
            return; // each case is then skipped, naming the variable (an assumption here would hide the reason)
        }
        String user = System.getenv("HCP_TEST_CLICKHOUSE_USER");
        String password = System.getenv("HCP_TEST_CLICKHOUSE_PASSWORD");
        try (ServerStore fresh = new ServerStore(url, user, password, DATABASE)) {
            // a clean slate: a database left by an older build may hold migrations that changed since
            fresh.execute("DROP DATABASE IF EXISTS `" + DATABASE + "` SYNC");
        }
        server = new ServerStore(url, user, password, DATABASE);
        Migrations.apply(server);
    }

    @AfterAll
    static void closeTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ClickHouseStore store() {
        assumeTrue(server != null, "no ClickHouse server configured: set " + URL + " (and HCP_TEST_CLICKHOUSE_USER / "
                + "HCP_TEST_CLICKHOUSE_PASSWORD if needed) to run the store contract on it");
        return server;
    }

    @Override
    protected String expectedDatabase() {
        return DATABASE;
    }
}

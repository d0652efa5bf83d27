package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.haochaping.clickhouse.ServerStore;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hcp serve} for real, when a ClickHouse server is configured (the variables of the clickhouse
 * module's server contract suite: {@code HCP_TEST_CLICKHOUSE_URL}, optionally {@code HCP_TEST_CLICKHOUSE_USER}
 * and {@code HCP_TEST_CLICKHOUSE_PASSWORD}); Kafka is a broker of its own, external to what serve runs. The
 * test drops and recreates the database {@value #DATABASE} on that server.
 */
class ServeCommandITCase {

    private static final String DATABASE = "hcp_serve";

    @Test
    void migratesCreatesTheTopicsAndServesTheEdgeAndTheConsole(@TempDir Path dir) throws Exception {
        String url = System.getenv("HCP_TEST_CLICKHOUSE_URL");
        assumeTrue(url != null && !url.isBlank(), "no ClickHouse server configured: set HCP_TEST_CLICKHOUSE_URL");
        String user = System.getenv().getOrDefault("HCP_TEST_CLICKHOUSE_USER", "default");
        String password = System.getenv().getOrDefault("HCP_TEST_CLICKHOUSE_PASSWORD", "");
        try (ServerStore fresh = new ServerStore(url, user, password, DATABASE)) {
            fresh.execute("DROP DATABASE IF EXISTS `" + DATABASE + "` SYNC");
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            Map<String, String> overrides = new HashMap<>(Map.of(
                    "dataDir", dir.resolve("data").toString(),
                    "http.port", "0",
                    "console.port", "0",
                    "kafka.embedded", "false",
                    "kafka.bootstrapServers", broker.bootstrapServers(),
                    "clickhouse.mode", "server",
                    "clickhouse.url", url,
                    "clickhouse.user", user,
                    "clickhouse.password", password,
                    "clickhouse.database", DATABASE));
            HcpConfig config = ConfigLoader.load(null, Map.of(), overrides);
            try (ServeCommand.Running running = ServeCommand.start(config)) {
                assertThat(running.store().queryLong("SELECT count() FROM system.tables WHERE database = '"
                        + DATABASE + "' AND name IN ('ratings', 'work_orders', 'alerts')")).isEqualTo(3);
                try (Admin admin = Admin.create(broker.adminConfig())) {
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                            .containsAll(Set.copyOf(config.kafka().topics()));
                }
                HttpClient http = HttpClient.newHttpClient();
                for (String base : new String[] {running.edge().baseUrl(), running.edge().consoleUrl()}) {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).as(base).isEqualTo(200);
                }
            }
        }
    }
}

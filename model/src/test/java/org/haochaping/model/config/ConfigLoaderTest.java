package org.haochaping.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheEmbeddedLoopbackSetup() {
        HcpConfig c = ConfigLoader.defaults();
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.kafka().embedded()).isTrue();
        assertThat(c.clickhouse().mode()).isEqualTo(HcpConfig.ClickHouseMode.EMBEDDED);
        assertThat(c.flink().sinkFlushInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.validation().maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(c.scoring().pointsOf(5)).isEqualTo(10);
        assertThat(c.scoring().pointsOf(2)).isEqualTo(3);
    }

    @Test
    void fileThenEnvironmentThenOverridesWin() throws Exception {
        Path file = dir.resolve("hcp.yaml");
        Files.writeString(file, """
                http:
                  port: 9000
                flink:
                  parallelism: 1
                security:
                  devices:
                    hall-7-eval-1: secret-for-hall-7-eval
                """);
        HcpConfig c = ConfigLoader.load(file, Map.of("HCP_HTTP_PORT", "9100", "HCP_FLINK_EARLY_FIRING", "2s"),
                Map.of("flink.parallelism", "3"));
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.flink().earlyFiring()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.flink().parallelism()).isEqualTo(3);
        assertThat(c.security().devices()).containsOnly(Map.entry("hall-7-eval-1", "secret-for-hall-7-eval"));
    }

    @Test
    void envNamesFollowTheKeys() {
        assertThat(ConfigLoader.envName("http.maxBodyBytes")).isEqualTo("HCP_HTTP_MAX_BODY_BYTES");
        assertThat(ConfigLoader.envName("dataDir")).isEqualTo("HCP_DATA_DIR");
    }

    @Test
    void wrongValuesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("configuration key 'http.port'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_HTTP_PORT", "70000"), Map.of()))
                .hasMessage("configuration key 'http.port' (env HCP_HTTP_PORT): must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("flink.checkpointInterval", "soon")))
                .hasMessageContaining("'flink.checkpointInterval'").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("clickhouse.mode", "cloud")))
                .hasMessageStartingWith("configuration key 'clickhouse.mode'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("security.phoneHashKey", "short")))
                .hasMessageContaining("'security.phoneHashKey'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("security.devices.d1", "short")))
                .hasMessageContaining("'security.devices.d1'");
    }

    @Test
    void theClickHouseClusterIsEmptyByDefaultAndNeedsTheServerMode() {
        assertThat(ConfigLoader.defaults().clickhouse().cluster()).isEmpty();
        HcpConfig c = ConfigLoader.load(null, Map.of("HCP_CLICKHOUSE_MODE", "server",
                "HCP_CLICKHOUSE_CLUSTER", "hcp_cluster-2"), Map.of());
        assertThat(c.clickhouse().cluster()).isEqualTo("hcp_cluster-2");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_CLICKHOUSE_CLUSTER", "hcp"), Map.of()))
                .hasMessage("configuration key 'clickhouse.cluster' (env HCP_CLICKHOUSE_CLUSTER): needs "
                        + "clickhouse.mode: server (the embedded ClickHouse is one process and has no cluster)");
        for (String bad : new String[] {"hcp`; DROP", "{cluster}", "a b", "x".repeat(65)}) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
                    Map.of("clickhouse.mode", "server", "clickhouse.cluster", bad)))
                    .as(bad).hasMessageStartingWith("configuration key 'clickhouse.cluster'")
                    .hasMessageContaining("1-64 letters, digits");
        }
    }

    /** base64 of 32 bytes, as {@code openssl rand -base64 32} prints */
    private static final String PRODUCTION_AES_KEY = "cHJvZHVjdGlvbi1hZXMta2V5LW9mLTMyLWJ5dGVzLSE=";

    @Test
    void theDemoKeysAreRefusedBeyondLoopback() {
        assertThat(ConfigLoader.defaults().security().devices()).as("no device trusted by default").isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_BIND_ADDRESS", "0.0.0.0"), Map.of()))
                .hasMessageStartingWith("configuration key 'security.phoneHashKey'")
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_BIND_ADDRESS", "0.0.0.0",
                "HCP_SECURITY_PHONE_HASH_KEY", "a-real-secret-key-0123456789"), Map.of()))
                .hasMessageStartingWith("configuration key 'security.phoneEncryptionKey'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_BIND_ADDRESS", "0.0.0.0",
                "HCP_SECURITY_PHONE_HASH_KEY", "a-real-secret-key-0123456789",
                "HCP_SECURITY_PHONE_ENCRYPTION_KEY", PRODUCTION_AES_KEY), Map.of()))
                .hasMessageStartingWith("configuration key 'security.qrSecret'");
        assertThat(ConfigLoader.load(null, Map.of("HCP_BIND_ADDRESS", "0.0.0.0",
                "HCP_SECURITY_PHONE_HASH_KEY", "a-real-secret-key-0123456789",
                "HCP_SECURITY_PHONE_ENCRYPTION_KEY", PRODUCTION_AES_KEY,
                "HCP_SECURITY_QR_SECRET", "a-real-qr-secret-0123456789"), Map.of()).bindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void unknownKeysInTheFileAreRejected() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "http:\n  prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageStartingWith("configuration key 'http.prot'").hasMessageEndingWith("unknown key");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("not found");
    }

    @Test
    void theShippedProductionExampleIsValid() {
        // surefire runs in the module folder; the example lives in the repository's docker/ folder
        HcpConfig c = ConfigLoader.load(Path.of("..", "docker", "hcp-production.yaml"),
                Map.of("HCP_SECURITY_PHONE_HASH_KEY", "a-production-key-of-32-characters",
                        "HCP_SECURITY_PHONE_ENCRYPTION_KEY", PRODUCTION_AES_KEY,
                        "HCP_SECURITY_QR_SECRET", "a-production-qr-secret-0123456789"), Map.of());
        assertThat(c.kafka().embedded()).isFalse();
        assertThat(c.clickhouse().mode()).isEqualTo(HcpConfig.ClickHouseMode.SERVER);
        assertThat(c.security().phoneHashKey()).isEqualTo("a-production-key-of-32-characters");
        assertThat(c.workOrders().officeHours(c.rules().timeZone()).workingDay()).isEqualTo(java.time.Duration.ofHours(9));
        assertThat(c.alerts().webhookUrl()).startsWith("https://");
    }

    @Test
    void workOrderRulesAlertsAndConsoleUsersAreTypedAndChecked(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String hash = HcpConfig.ConsoleUser.hash("token-of-the-supervisor");
        Path file = dir.resolve("console.yaml");
        java.nio.file.Files.writeString(file, """
                workOrders:
                  rectifyDays: 5
                  officeOpens: "08:30"
                alerts:
                  webhookTypes: [bad_rating, due_soon]
                console:
                  users:
                    sup-1: {role: supervisor, halls: [hall-01], tokenSha256: %s}
                    K007: {role: clerk, halls: [], tokenSha256: %s}
                """.formatted(hash, HcpConfig.ConsoleUser.hash("token-of-the-clerk")));
        HcpConfig c = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(c.workOrders().rectifyDays()).isEqualTo(5);
        assertThat(c.workOrders().officeHours(c.rules().timeZone()).opens()).isEqualTo(java.time.LocalTime.of(8, 30));
        assertThat(c.alerts().webhookTypes()).containsExactly(org.haochaping.model.workorders.AlertType.BAD_RATING,
                org.haochaping.model.workorders.AlertType.DUE_SOON);
        assertThat(c.console().users().get("sup-1").role()).isEqualTo(org.haochaping.model.workorders.ConsoleRole.SUPERVISOR);
        assertThat(c.console().users().get("sup-1").tokenSha256()).isEqualTo(hash).hasSize(64);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_WORK_ORDERS_OFFICE_CLOSES", "08:00"), Map.of()))
                .hasMessageStartingWith("configuration key 'workOrders.officeCloses'").hasMessageContaining("after");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_WORK_ORDERS_OFFICE_OPENS", "9 o'clock"), Map.of()))
                .hasMessageStartingWith("configuration key 'workOrders.officeOpens'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_CONSOLE_PORT", "8080"), Map.of()))
                .hasMessageStartingWith("configuration key 'console.port'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_ALERTS_WEBHOOK_URL", "ftp://x"), Map.of()))
                .hasMessageStartingWith("configuration key 'alerts.webhookUrl'");
        java.nio.file.Files.writeString(file, "console:\n  users:\n    sup-2: {role: supervisor, halls: [], tokenSha256: "
                + hash + "}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageStartingWith("configuration key 'console.users.sup-2.halls'");
        java.nio.file.Files.writeString(file, "console:\n  users:\n    sup-2: {role: supervisor, halls: ['*'], "
                + "tokenSha256: not-a-hash}\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageStartingWith("configuration key 'console.users.sup-2.tokenSha256'");
    }

    @Test
    void localityRulesAreTypedAndChecked() {
        HcpConfig c = ConfigLoader.load(null, Map.of("HCP_RULES_RATING_WINDOW", "5",
                "HCP_RULES_RATING_WINDOW_DAYS", "working", "HCP_RULES_DEFAULT_LEVEL", "4"), Map.of());
        assertThat(c.rules().ratingWindowCount())
                .isEqualTo(new org.haochaping.model.calendar.DayCount(5, org.haochaping.model.calendar.DayCount.Kind.WORKING));
        assertThat(c.rules().timeZone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_RULES_DEFAULT_LEVEL", "2"), Map.of()))
                .hasMessageStartingWith("configuration key 'rules.defaultLevel'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_RULES_TIME_ZONE", "Mars/Olympus"), Map.of()))
                .hasMessageStartingWith("configuration key 'rules.timeZone'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HCP_SECURITY_PHONE_ENCRYPTION_KEY", "c2hvcnQ="), Map.of()))
                .hasMessageStartingWith("configuration key 'security.phoneEncryptionKey'")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("security.systems.bs1", "short")))
                .hasMessageStartingWith("configuration key 'security.systems.bs1'");
    }
}

package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class ChdbRestartITCase {

    @Test
    void closingAndReopeningTheFolderKeepsTheData() {
        ChdbStore store = EmbeddedTestStore.truncateAll();
        String marker = UUID.randomUUID().toString();
        store.insertJsonEachRow("dead_letters", List.of(
                "{\"dead_letter_id\":\"" + marker + "\",\"source\":\"ratings\",\"payload\":\"{}\",\"reason\":\"重启前\","
                        + "\"occurred_at\":\"2026-05-01 08:00:00.500\"}",
                "{\"dead_letter_id\":\"second\",\"source\":\"ratings\",\"payload\":\"\",\"reason\":\"r\","
                        + "\"occurred_at\":\"2026-05-01 08:00:00.000\"}"));

        store.close();
        store.close(); // twice is harmless
        assertThat(store.isOpen()).isFalse();
        assertThat(ChdbStore.current()).isEmpty();
        assertThatThrownBy(() -> store.queryLong("SELECT 1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> new EmbeddedStoreProvider().open())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no embedded ClickHouse (chDB) store is open in this process");

        ChdbStore reopened = EmbeddedTestStore.get();
        assertThat(reopened).isNotSameAs(store);
        assertThat(reopened.isOpen()).isTrue();
        assertThat(reopened.dataDir()).isEqualTo(store.dataDir());
        assertThat(reopened.query("SELECT dead_letter_id, reason, occurred_at FROM dead_letters FINAL ORDER BY dead_letter_id = 'second'"))
                .containsExactly(Map.of("dead_letter_id", marker, "reason", "重启前", "occurred_at", "2026-05-01 08:00:00.500"),
                        Map.of("dead_letter_id", "second", "reason", "r", "occurred_at", "2026-05-01 08:00:00.000"));
        assertThat(Migrations.apply(reopened)).isEmpty();
        assertThat(reopened.query("SELECT currentDatabase() AS db")).containsExactly(Map.of("db", "hcp_test"));
    }

    @Test
    void theConfiguredEmbeddedStoreIsTheSharedOneAndItsProviderFindsIt() {
        ChdbStore shared = EmbeddedTestStore.get();
        HcpConfig config = ConfigLoader.load(null, Map.of(), EmbeddedTestStore.configOverrides());

        ClickHouseStore opened = ClickHouseStores.open(config);
        assertThat(opened).isSameAs(shared);

        StoreProvider provider = ClickHouseStores.provider(config);
        assertThat(provider).isInstanceOf(EmbeddedStoreProvider.class);
        assertThat(provider.closeAfterUse()).isFalse();
        assertThat(provider.open()).isSameAs(shared);
    }
}

package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class ClickHouseStoresTest {

    private static StoreProvider roundTrip(StoreProvider provider) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(provider);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (StoreProvider) in.readObject();
        }
    }

    @Test
    void serverModeGivesAServerProviderThatSurvivesSerialization() throws Exception {
        HcpConfig config = ConfigLoader.load(null, Map.of(), Map.of("clickhouse.mode", "server",
                "clickhouse.url", "http://ch.internal:8123", "clickhouse.user", "hcp",
                "clickhouse.password", "s3cret", "clickhouse.database", "ratings_prod"));
        StoreProvider provider = ClickHouseStores.provider(config);

        assertThat(provider).isInstanceOf(ServerStoreProvider.class);
        assertThat(provider.closeAfterUse()).isTrue();
        ServerStoreProvider server = (ServerStoreProvider) provider;
        assertThat(server.url()).isEqualTo("http://ch.internal:8123");
        assertThat(server.database()).isEqualTo("ratings_prod");
        assertThat(server.toString()).contains("ch.internal").doesNotContain("s3cret");
        assertThat(roundTrip(provider)).isEqualTo(provider).isNotSameAs(provider);
    }

    @Test
    void embeddedModeGivesTheEmbeddedProviderThatNeverCloses() throws Exception {
        HcpConfig config = ConfigLoader.defaults();
        StoreProvider provider = ClickHouseStores.provider(config);
        assertThat(provider).isInstanceOf(EmbeddedStoreProvider.class);
        assertThat(provider.closeAfterUse()).isFalse();
        assertThat(roundTrip(provider)).isEqualTo(provider);
        assertThat(ClickHouseStores.embeddedDataDir(config)).isEqualTo(Path.of("./hcp-data/clickhouse"));
    }

    @Test
    void aServerProviderChecksItsSettingsWhenTheJobIsBuilt() {
        assertThatThrownBy(() -> new ServerStoreProvider("localhost:8123", "u", "p", "hcp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clickhouse.url");
        assertThatThrownBy(() -> new ServerStoreProvider("http://localhost:8123", "u", "p", "hcp-prod"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clickhouse.database");
    }
}

package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.model.Channel;
import org.haochaping.model.TagCatalogue;
import org.junit.jupiter.api.Test;

/** The catalogue table holds exactly the application's names, once each however often it is synced. */
class CatalogueITCase {

    @Test
    void holdsEveryTagChannelAndLevelOnceWithTheApplicationsNames() {
        ClickHouseStore store = EmbeddedTestStore.get();
        Catalogue.sync(store);
        Catalogue.sync(store);
        assertThat(store.query("SELECT kind, count() AS n FROM catalogue FINAL GROUP BY kind ORDER BY kind"))
                .containsExactly(Map.of("kind", "channel", "n", (long) Channel.values().length),
                        Map.of("kind", "level", "n", 5L),
                        Map.of("kind", "tag", "n", (long) TagCatalogue.national().size()));
        assertThat(store.query("SELECT name, level FROM catalogue FINAL WHERE kind = 'tag' AND code = '214'"))
                .containsExactly(Map.of("name", TagCatalogue.national().find("214").text(), "level", 2L));
        assertThat(store.query("SELECT name FROM catalogue FINAL WHERE kind = 'channel' AND code = 'qr'"))
                .containsExactly(Map.of("name", "二维码"));
        // the dashboards' way of naming codes: both arrays in code order, so they line up
        assertThat(store.queryLong("SELECT transform('214', (SELECT arraySort(groupArray(code)) FROM catalogue FINAL "
                + "WHERE kind = 'tag'), (SELECT arrayMap(x -> x.2, arraySort(groupArray((code, name)))) FROM catalogue "
                + "FINAL WHERE kind = 'tag'), '') = " + Sql.literal(TagCatalogue.national().find("214").text())))
                .isEqualTo(1);
    }
}

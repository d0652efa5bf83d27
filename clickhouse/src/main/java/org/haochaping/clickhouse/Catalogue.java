package org.haochaping.clickhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.haochaping.model.Channel;
import org.haochaping.model.Level;
import org.haochaping.model.TagCatalogue;

/**
 * Writes the application's names for tags, channels and levels into the {@code catalogue} table (V005), so
 * SQL readers such as the Grafana dashboards can show 无理由超过法定办理时限 instead of 214. The rows come from
 * {@link TagCatalogue}, {@link Channel} and {@link Level}: one source, synced whenever a store is opened; the
 * table's replacing engine keeps one row per code however often that happens.
 */
public final class Catalogue {

    public static final String TABLE = "catalogue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Catalogue() {}

    public static void sync(ClickHouseStore store) {
        store.insertJsonEachRow(TABLE, rows());
    }

    static List<String> rows() {
        List<String> rows = new ArrayList<>();
        TagCatalogue tags = TagCatalogue.national();
        for (Level level : Level.values()) {
            rows.add(row("level", Integer.toString(level.value()), level.chineseName(), level.value()));
            for (TagCatalogue.Tag tag : tags.tagsOf(level.value())) {
                rows.add(row("tag", tag.code(), tag.text(), tag.level()));
            }
        }
        for (Channel channel : Channel.values()) {
            rows.add(row("channel", channel.wireName(), channel.chineseName(), 0));
        }
        return rows;
    }

    private static String row(String kind, String code, String name, int level) {
        ObjectNode node = JSON.createObjectNode().put("kind", kind).put("code", code).put("name", name)
                .put("level", level);
        return node.toString();
    }
}

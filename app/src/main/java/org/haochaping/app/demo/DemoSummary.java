package org.haochaping.app.demo;

import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.haochaping.app.demo.TextTable.Align;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.model.Channel;
import org.haochaping.model.Level;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * The short Chinese summary printed at the end of the demo, read back from ClickHouse for this run's
 * ratings only ({@code project_no LIKE '<runId>-%'} in {@code ratings FINAL}): overall figures and level
 * mix; ratings per channel (评价器, 二维码, 短信, 默认评价) and 主动评价 versus 默认评价; counters (窗口) and clerks (工作人员) ranked by 满意度 (average points, 10-point scale by
 * default) with 评价数, 差评数 and 差评率, top and bottom few; the most frequent 差评 tags.
 *
 * <p>{@link #load} queries, {@link #format} is a pure function of the rows, so the layout is testable
 * without ClickHouse.
 */
public final class DemoSummary {

    static final int COUNTERS_SHOWN = 3;
    static final int CLERKS_SHOWN = 5;
    static final int TAGS_SHOWN = 5;
    /** The channels the demo drives, in the order shown, with their names for hall staff. */
    static final Map<Channel, String> CHANNEL_NAMES = channelNames();

    /** Figures of one counter or clerk. For a counter {@code counterId} equals {@code id}. */
    public record Stats(String hallId, String counterId, String id, long ratings, long scoreSum, long bad) {

        /** 满意度: average points per rating. */
        public double score() {
            return ratings == 0 ? 0 : (double) scoreSum / ratings;
        }

        /** 差评率 in percent. */
        public double badRate() {
            return ratings == 0 ? 0 : 100.0 * bad / ratings;
        }
    }

    public record TagCount(String code, long count) {}

    /**
     * @param scoring the points per level behind {@code scoreSum}
     * @param levels level (1..5) → ratings
     * @param badTags the most frequent tags on 差评, most frequent first
     * @param channels channel wire name → ratings
     */
    public record Data(String runId, HcpConfig.Scoring scoring, List<Stats> counters, List<Stats> clerks,
                       Map<Integer, Long> levels, List<TagCount> badTags, Map<String, Long> channels) {

        /** Default ratings (默认评价). */
        public long defaults() {
            return channels.getOrDefault(Channel.DEFAULT.wireName(), 0L);
        }

        public long ratings() {
            return counters.stream().mapToLong(Stats::ratings).sum();
        }

        public long scoreSum() {
            return counters.stream().mapToLong(Stats::scoreSum).sum();
        }

        public long bad() {
            return counters.stream().mapToLong(Stats::bad).sum();
        }
    }

    private DemoSummary() {}

    private static Map<Channel, String> channelNames() {
        Map<Channel, String> names = new LinkedHashMap<>();
        names.put(Channel.EVALUATOR, "评价器");
        names.put(Channel.QR, "二维码");
        names.put(Channel.SMS, "短信");
        names.put(Channel.DEFAULT, "默认评价");
        return java.util.Collections.unmodifiableMap(names);
    }

    /** Prints the summary with the built-in scoring (10 / 8 / 6 / 3 / 0 points). */
    public static void print(ClickHouseStore store, Population population, String runId, PrintStream out) {
        print(store, population, runId, ConfigLoader.defaults().scoring(), out);
    }

    public static void print(ClickHouseStore store, Population population, String runId, HcpConfig.Scoring scoring,
                             PrintStream out) {
        out.print(format(load(store, runId, scoring), population));
        out.flush();
    }

    public static Data load(ClickHouseStore store, String runId, HcpConfig.Scoring scoring) {
        String where = " FROM ratings FINAL WHERE " + Reconciliation.runFilter(runId);
        String figures = "count() AS ratings, sum(" + pointsExpression(scoring) + ") AS score_sum, countIf(level <= 2) AS bad";
        List<Map<String, Object>> counters = store.query("SELECT hall_id, counter_id, counter_id AS id, " + figures
                + where + " GROUP BY hall_id, counter_id ORDER BY hall_id, counter_id");
        List<Map<String, Object>> clerks = store.query("SELECT hall_id, any(counter_id) AS counter_id, clerk_id AS id, "
                + figures + where + " GROUP BY hall_id, clerk_id ORDER BY hall_id, clerk_id");
        List<Map<String, Object>> levels = store.query("SELECT level, count() AS n" + where + " GROUP BY level ORDER BY level");
        List<Map<String, Object>> tags = store.query("SELECT arrayJoin(tag_codes) AS tag, count() AS n" + where
                + " AND level <= 2 GROUP BY tag ORDER BY n DESC, tag LIMIT " + TAGS_SHOWN);
        List<Map<String, Object>> channels = store.query("SELECT channel, count() AS n" + where
                + " GROUP BY channel ORDER BY channel");
        return fromRows(runId, scoring, counters, clerks, levels, tags, channels);
    }

    /** {@code multiIf(level = 5, 10, level = 4, 8, …, 0)} from the configured points. */
    static String pointsExpression(HcpConfig.Scoring scoring) {
        StringBuilder sql = new StringBuilder("multiIf(");
        for (int level = 5; level >= 1; level--) {
            sql.append("level = ").append(level).append(", ").append(scoring.pointsOf(level)).append(", ");
        }
        return sql.append("0)").toString();
    }

    /**
     * Rows as {@link ClickHouseStore#query} returns them: counters and clerks with {@code hall_id},
     * {@code counter_id}, {@code id}, {@code ratings}, {@code score_sum}, {@code bad}; levels with
     * {@code level}, {@code n}; tags with {@code tag}, {@code n}; channels with {@code channel}, {@code n}.
     * Numbers may be any {@link Number} or a decimal string (64-bit integers quoted in JSON).
     */
    public static Data fromRows(String runId, HcpConfig.Scoring scoring, List<Map<String, Object>> counterRows,
                                List<Map<String, Object>> clerkRows, List<Map<String, Object>> levelRows,
                                List<Map<String, Object>> tagRows, List<Map<String, Object>> channelRows) {
        Map<Integer, Long> levels = new TreeMap<>();
        for (Map<String, Object> row : levelRows) {
            levels.merge((int) asLong(row.get("level")), asLong(row.get("n")), Long::sum);
        }
        List<TagCount> tags = new ArrayList<>();
        for (Map<String, Object> row : tagRows) {
            tags.add(new TagCount(String.valueOf(row.get("tag")), asLong(row.get("n"))));
        }
        Map<String, Long> channels = new LinkedHashMap<>();
        for (Map<String, Object> row : channelRows) {
            channels.merge(String.valueOf(row.get("channel")), asLong(row.get("n")), Long::sum);
        }
        return new Data(runId, scoring, stats(counterRows), stats(clerkRows), levels, tags, channels);
    }

    private static List<Stats> stats(List<Map<String, Object>> rows) {
        List<Stats> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String id = String.valueOf(row.get("id"));
            Object counter = row.get("counter_id");
            out.add(new Stats(String.valueOf(row.get("hall_id")), counter == null ? id : counter.toString(), id,
                    asLong(row.get("ratings")), asLong(row.get("score_sum")), asLong(row.get("bad"))));
        }
        return out;
    }

    static long asLong(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(value.toString().trim());
    }

    /** The summary text, each line ending in '\n'. */
    public static String format(Data data, Population population) {
        Objects.requireNonNull(population, "population");
        StringBuilder out = new StringBuilder();
        out.append("本次演示评价汇总（").append(data.runId()).append("）\n");
        long ratings = data.ratings();
        if (ratings == 0) {
            out.append("  没有查到本次演示的评价。\n");
            return out.toString();
        }
        out.append("  评价 ").append(count(ratings)).append(" 条 · 满意度 ").append(score(data.scoreSum(), ratings))
                .append(" · 差评 ").append(count(data.bad())).append(" 条 · 差评率 ")
                .append(percent(data.bad(), ratings)).append('\n');
        List<String> mix = new ArrayList<>();
        for (int level = 5; level >= 1; level--) {
            mix.add(Level.of(level).chineseName() + " " + percent(data.levels().getOrDefault(level, 0L), ratings));
        }
        out.append("  等级分布：").append(String.join(" · ", mix)).append('\n');
        List<String> points = new ArrayList<>();
        for (int level = 5; level >= 1; level--) {
            points.add(Level.of(level).chineseName() + " " + data.scoring().pointsOf(level));
        }
        out.append("  （满意度为每条评价的平均分：").append(String.join("、", points)).append(" 分）\n");
        List<String> byChannel = new ArrayList<>();
        for (Map.Entry<Channel, String> c : CHANNEL_NAMES.entrySet()) {
            byChannel.add(c.getValue() + " " + count(data.channels().getOrDefault(c.getKey().wireName(), 0L)));
        }
        data.channels().forEach((wire, n) -> {
            if (CHANNEL_NAMES.keySet().stream().noneMatch(c -> c.wireName().equals(wire))) {
                byChannel.add(wire + " " + count(n));
            }
        });
        out.append("  评价渠道：").append(String.join(" · ", byChannel)).append('\n');
        long active = ratings - data.defaults();
        out.append("  主动评价 ").append(count(active)).append(" 条（").append(percent(active, ratings))
                .append("）· 默认评价 ").append(count(data.defaults())).append(" 条（")
                .append(percent(data.defaults(), ratings)).append("）\n");

        Map<String, String> halls = population.hallNames();
        Map<String, String> counters = population.counterNames();
        Map<String, String> clerks = population.clerkNames();

        out.append('\n').append(rankingTitle("窗口", data.counters().size(), COUNTERS_SHOWN, "个窗口"));
        TextTable counterTable = new TextTable(
                List.of("排名", "大厅", "窗口", "评价数", "满意度", "差评数", "差评率"),
                List.of(Align.RIGHT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT));
        rank(data.counters(), COUNTERS_SHOWN, counterTable, (rank, s) -> List.of(rank,
                name(halls, s.hallId()), name(counters, s.id()), count(s.ratings()), score(s.scoreSum(), s.ratings()),
                count(s.bad()), percent(s.bad(), s.ratings())));
        out.append(counterTable.render("  "));

        out.append('\n').append(rankingTitle("工作人员", data.clerks().size(), CLERKS_SHOWN, "人"));
        TextTable clerkTable = new TextTable(
                List.of("排名", "工作人员", "大厅", "窗口", "评价数", "满意度", "差评数", "差评率"),
                List.of(Align.RIGHT, Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT));
        rank(data.clerks(), CLERKS_SHOWN, clerkTable, (rank, s) -> List.of(rank,
                name(clerks, s.id()), name(halls, s.hallId()), name(counters, s.counterId()), count(s.ratings()),
                score(s.scoreSum(), s.ratings()), count(s.bad()), percent(s.bad(), s.ratings())));
        out.append(clerkTable.render("  "));

        out.append('\n');
        if (data.badTags().isEmpty()) {
            out.append("差评标签：本次没有差评标签。\n");
        } else {
            out.append("差评主要原因（前 ").append(data.badTags().size()).append(" 个标签，共 ")
                    .append(count(data.bad())).append(" 条差评；一条差评可有多个标签）\n");
            TextTable tagTable = new TextTable(List.of("排名", "标签", "代码", "次数", "占差评比例"),
                    List.of(Align.RIGHT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT));
            TagCatalogue catalogue = TagCatalogue.national();
            int rank = 1;
            for (TagCount tag : data.badTags()) {
                TagCatalogue.Tag known = catalogue.find(tag.code());
                tagTable.row(Integer.toString(rank++), known == null ? "（未知标签）" : known.text(), tag.code(),
                        count(tag.count()), percent(tag.count(), data.bad()));
            }
            out.append(tagTable.render("  "));
        }
        return out.toString();
    }

    private interface RowFormatter {
        List<String> cells(String rank, Stats stats);
    }

    /** Best first; when there are more than twice {@code shown}, the top and bottom {@code shown} with "..." between. */
    private static void rank(List<Stats> all, int shown, TextTable table, RowFormatter formatter) {
        List<Stats> sorted = ranked(all);
        for (int i = 0; i < sorted.size(); i++) {
            boolean middle = sorted.size() > 2 * shown && i >= shown && i < sorted.size() - shown;
            if (middle) {
                if (i == shown) {
                    List<String> gap = new ArrayList<>();
                    gap.add("...");
                    while (gap.size() < table.columns()) {
                        gap.add("");
                    }
                    table.row(gap);
                }
                continue;
            }
            table.row(formatter.cells(Integer.toString(i + 1), sorted.get(i)));
        }
    }

    /** By 满意度 (unrounded) descending, then 差评率 ascending, then more ratings, then id. */
    static List<Stats> ranked(List<Stats> all) {
        List<Stats> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingDouble(Stats::score).reversed()
                .thenComparingDouble(Stats::badRate)
                .thenComparing(Comparator.comparingLong(Stats::ratings).reversed())
                .thenComparing(Stats::id));
        return sorted;
    }

    private static String rankingTitle(String what, int size, int shown, String unit) {
        String part = size > 2 * shown ? "，前 " + shown + " 名与后 " + shown + " 名" : "";
        return what + "满意度排名（共 " + size + " " + unit + part + "）\n";
    }

    private static String name(Map<String, String> names, String id) {
        return names.getOrDefault(id, id);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Average points with one decimal, "-" without ratings. */
    static String score(long scoreSum, long ratings) {
        return ratings == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) scoreSum / ratings);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}

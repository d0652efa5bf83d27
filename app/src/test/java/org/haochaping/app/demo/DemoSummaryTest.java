package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static final HcpConfig.Scoring SCORING = ConfigLoader.defaults().scoring();

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private static Map<String, Object> stats(String hall, String counter, String id, long ratings, long scoreSum, long bad) {
        // 64-bit sums may come back quoted: mix Long and String like the backends can
        return row("hall_id", hall, "counter_id", counter, "id", id, "ratings", ratings,
                "score_sum", Long.toString(scoreSum), "bad", bad);
    }

    @Test
    void formatsASmallRunExactly() {
        Population p = Population.generate(1, 2, 3);
        Population.Counter c1 = p.counters().get(0);
        Population.Counter c2 = p.counters().get(1);
        String k1 = c1.clerks().get(0).id();
        String k2 = c2.clerks().get(0).id();
        DemoSummary.Data data = DemoSummary.fromRows("demo-x", SCORING,
                List.of(stats("hall-01", c1.id(), c1.id(), 100, 950, 2), stats("hall-01", c2.id(), c2.id(), 50, 430, 4)),
                List.of(stats("hall-01", c1.id(), k1, 100, 950, 2), stats("hall-01", c2.id(), k2, 50, 430, 4)),
                List.of(row("level", 1L, "n", 2L), row("level", 2L, "n", 4L), row("level", 3L, "n", 4L),
                        row("level", 4L, "n", 10L), row("level", 5L, "n", 130L)),
                List.of(row("tag", "113", "n", 3L), row("tag", "999", "n", 1L)),
                List.of(row("channel", "default", "n", 30L), row("channel", "evaluator", "n", 90L),
                        row("channel", "qr", "n", 20L), row("channel", "sms", "n", 10L)));

        String text = DemoSummary.format(data, p);

        String n1 = p.clerkNames().get(k1);
        String n2 = p.clerkNames().get(k2);
        int nameWidth = Math.max(8, Math.max(TextTable.displayWidth(n1), TextTable.displayWidth(n2)));
        String tagText = org.haochaping.model.TagCatalogue.national().find("113").text();
        int tagWidth = Math.max(4, Math.max(TextTable.displayWidth(tagText), 12));
        String expected = String.join("\n",
                "本次演示评价汇总（demo-x）",
                "  评价 150 条 · 满意度 9.2 · 差评 6 条 · 差评率 4.0%",
                "  等级分布：非常满意 86.7% · 满意 6.7% · 基本满意 2.7% · 不满意 2.7% · 非常不满意 1.3%",
                "  （满意度为每条评价的平均分：非常满意 10、满意 8、基本满意 6、不满意 3、非常不满意 0 分）",
                "  评价渠道：评价器 90 · 二维码 20 · 短信 10 · 默认评价 30",
                "  主动评价 120 条（80.0%）· 默认评价 30 条（20.0%）",
                "",
                "窗口满意度排名（共 2 个窗口）",
                "  排名  大厅      窗口             评价数  满意度  差评数  差评率",
                "  ----  --------  ---------------  ------  ------  ------  ------",
                "     1  市民中心  " + TextTable.padRight(c1.name(), 15) + "     100     9.5       2    2.0%",
                "     2  市民中心  " + TextTable.padRight(c2.name(), 15) + "      50     8.6       4    8.0%",
                "",
                "工作人员满意度排名（共 2 人）",
                "  排名  " + TextTable.padRight("工作人员", nameWidth) + "  大厅      窗口             评价数  满意度  差评数  差评率",
                "  ----  " + "-".repeat(nameWidth) + "  --------  ---------------  ------  ------  ------  ------",
                "     1  " + TextTable.padRight(n1, nameWidth) + "  市民中心  " + TextTable.padRight(c1.name(), 15)
                        + "     100     9.5       2    2.0%",
                "     2  " + TextTable.padRight(n2, nameWidth) + "  市民中心  " + TextTable.padRight(c2.name(), 15)
                        + "      50     8.6       4    8.0%",
                "",
                "差评主要原因（前 2 个标签，共 6 条差评；一条差评可有多个标签）",
                "  排名  " + TextTable.padRight("标签", tagWidth) + "  代码  次数  占差评比例",
                "  ----  " + "-".repeat(tagWidth) + "  ----  ----  ----------",
                "     1  " + TextTable.padRight(tagText, tagWidth) + "  113      3       50.0%",
                "     2  " + TextTable.padRight("（未知标签）", tagWidth) + "  999      1       16.7%",
                "");
        assertThat(p.counterNames().get(c1.id())).isEqualTo(c1.name());
        assertThat(text).isEqualTo(expected);
    }

    @Test
    void showsTopAndBottomWithAGapAndRanksByScore() {
        Population p = Population.generate(3, 6, 1);
        List<Map<String, Object>> counters = new ArrayList<>();
        int i = 0;
        for (Population.Counter c : p.counters()) {
            i++;
            counters.add(stats(c.hallId(), c.id(), c.id(), 100, 900 + i, i % 3));
        }
        List<Map<String, Object>> clerks = new ArrayList<>();
        for (Population.Clerk k : p.clerks()) {
            clerks.add(stats(k.hallId(), k.counterId(), k.id(), 10, 90, 0));
        }
        DemoSummary.Data data = DemoSummary.fromRows("r", SCORING, counters, clerks, List.of(), List.of(), List.of());
        String text = DemoSummary.format(data, p);

        assertThat(text).contains("窗口满意度排名（共 18 个窗口，前 3 名与后 3 名）");
        assertThat(text).contains("工作人员满意度排名（共 " + p.clerks().size() + " 人，前 5 名与后 5 名）");
        assertThat(text).contains("差评标签：本次没有差评标签。");
        String counterSection = text.substring(text.indexOf("窗口满意度排名"), text.indexOf("工作人员满意度排名"));
        List<String> lines = counterSection.lines().toList();
        // title, header, rule, 3 top, gap, 3 bottom, blank
        assertThat(lines).hasSize(11);
        assertThat(lines.get(10)).isEmpty();
        assertThat(lines.get(3)).startsWith("     1  ").contains(p.counterNames().get("hall-03-c06"));
        assertThat(lines.get(6)).isEqualTo("   ...");
        assertThat(lines.get(9)).startsWith("    18  ").contains(p.counterNames().get("hall-01-c01"));
        // all rows of the table end at the same display column (the right-aligned 差评率)
        int width = TextTable.displayWidth(lines.get(1));
        for (int row : new int[] {2, 3, 4, 5, 7, 8, 9}) {
            assertThat(TextTable.displayWidth(lines.get(row))).as(lines.get(row)).isEqualTo(width);
        }
    }

    @Test
    void ranksTiesByBadRateThenRatingsThenId() {
        List<DemoSummary.Stats> ranked = DemoSummary.ranked(List.of(
                new DemoSummary.Stats("h", "c", "b", 10, 90, 1),
                new DemoSummary.Stats("h", "c", "a", 20, 180, 1),
                new DemoSummary.Stats("h", "c", "c", 10, 90, 0),
                new DemoSummary.Stats("h", "c", "d", 10, 100, 0),
                new DemoSummary.Stats("h", "c", "e", 20, 180, 3)));
        assertThat(ranked).extracting(DemoSummary.Stats::id).containsExactly("d", "c", "a", "b", "e");
    }

    @Test
    void saysSoWhenNothingWasFound() {
        DemoSummary.Data data = DemoSummary.fromRows("r", SCORING, List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(DemoSummary.format(data, Population.generate(1, 1, 1)))
                .isEqualTo("本次演示评价汇总（r）\n  没有查到本次演示的评价。\n");
    }

    @Test
    void pointsFollowTheScoringAndNumbersMayBeQuoted() {
        assertThat(DemoSummary.pointsExpression(SCORING))
                .isEqualTo("multiIf(level = 5, 10, level = 4, 8, level = 3, 6, level = 2, 3, level = 1, 0, 0)");
        assertThat(DemoSummary.asLong("18446744073")).isEqualTo(18_446_744_073L);
        assertThat(DemoSummary.asLong(7)).isEqualTo(7);
        assertThat(DemoSummary.asLong(new java.math.BigInteger("42"))).isEqualTo(42);
        assertThat(DemoSummary.count(19_900)).isEqualTo("19,900");
        assertThat(DemoSummary.score(19, 2)).isEqualTo("9.5");
        assertThat(DemoSummary.score(0, 0)).isEqualTo("-");
        assertThat(DemoSummary.percent(1, 3)).isEqualTo("33.3%");
    }
}

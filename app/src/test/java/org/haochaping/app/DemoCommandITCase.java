package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.app.demo.DemoExpectation;
import org.haochaping.app.demo.DemoScenario;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code hcp demo --exit} in process, twice on the same data folder: every channel (evaluator, QR, SMS,
 * default) reaches ClickHouse exactly as the scenario expects, unparseable SMS replies become dead
 * letters, both runs balance; afterwards no column of any table holds a phone number in clear.
 */
class DemoCommandITCase {

    private static final Pattern LINE = Pattern.compile("(?m)^accepted (\\d+), rejected (\\d+), stored (\\d+), "
            + "aggregated (\\d+), flagged (\\d+), dead letters (\\d+), defaults (\\d+), invitations (\\d+)$");
    /** A row of the reconciliation table: name, expected, actual, mark. */
    private static final Pattern CHECK = Pattern.compile("(?m)^  (\\S.*?)\\s+(\\d+)\\s+(\\d+)  ([✓✗])$");
    private static final Pattern WORK_ORDERS = Pattern.compile("(?m)^差评工单：开出 (\\d+) 个（预期 (\\d+) 个，即本次计入的差评数）；"
            + "告警 (\\d+) 条（新差评 (\\d+)、即将到期 (\\d+)、已超时 (\\d+)、差评集中 (\\d+)）$");
    private static final Pattern CONSOLE_USER = Pattern.compile("(?m)^    (督查员|复核员) (demo-\\w+)（全部大厅）：\\s*([A-Za-z0-9_-]{43})$");
    private static final Pattern EVALUATION = Pattern.compile("(?m)^(\\d{4})年(\\d{1,2})月 月度考核 第 (\\d+) 版（(\\S+?)）："
            + "(\\d+) 名工作人员（(\\d+) 名参与排名）");
    private static final Pattern SELF_RATER = Pattern.compile("花名册登记 \\d+ 名工作人员（(clerk-\\d+) 登记的手机号");
    private static final Pattern XLSX = Pattern.compile("(?m)^  考核结果（Excel）：(.+\\.xlsx)$");
    /** A row of the best / weakest five: id, name, hall, active ratings, score, rank in hall, grade, coefficient. */
    private static final Pattern RANKED = Pattern.compile("(?m)^    (clerk-\\d+)\\s+\\S+\\s+(hall-\\d+)\\s+(\\d+)\\s+"
            + "(\\d+\\.\\d{2})\\s+(\\d+)\\s+(\\S+)\\s+(\\d\\.\\d{2})$");
    private static final Pattern EXPLANATIONS = Pattern.compile("(?m)^  每人一页的考核说明（HTML 和 PDF）：(.+)$");
    private static final int CASES = 300;

    private record Run(int exit, String output, DemoScenario scenario) {

        String runId() {
            return scenario.runId();
        }

        long figure(int group) {
            Matcher m = LINE.matcher(output);
            assertThat(m.find()).as(output).isTrue();
            return Long.parseLong(m.group(group));
        }
    }

    private static Run demo(HcpConfig config, String seed) throws Exception {
        DemoData.Run run = DemoData.run(config, CASES, seed);
        return new Run(run.exit(), run.output(), run.scenario());
    }

    @Test
    void everyChannelBalancesTwiceOnTheSameFolderAndNoPhoneIsStoredInClear() throws Exception {
        // 300 cases give a clerk a dozen ratings: a policy that ranks at 5 active ratings
        HcpConfig config = DemoData.freshConfig(Map.of("flink.checkpointInterval", "1s",
                "evaluation.policyFile", DemoData.smallSamplePolicy().toString()));
        Run first = demo(config, "5");
        assertBalanced(first);
        DemoExpectation expected = first.scenario().expectation();
        ClickHouseStore store = EmbeddedTestStore.get();
        String run = "project_no LIKE " + Sql.literal(first.runId() + "-%");
        Map<String, Long> channels = new LinkedHashMap<>();
        store.query("SELECT channel, count() AS n FROM ratings FINAL WHERE " + run + " GROUP BY channel ORDER BY channel")
                .forEach(row -> channels.put(String.valueOf(row.get("channel")), ((Number) row.get("n")).longValue()));
        assertThat(channels).as("every channel of the first run").containsExactly(
                Map.entry("default", expected.defaults()), Map.entry("evaluator", expected.evaluator()),
                Map.entry("qr", expected.qr()), Map.entry("sms", expected.sms()));
        assertThat(first.figure(7)).isEqualTo(expected.defaults());
        assertThat(store.queryLong("SELECT count() FROM ratings FINAL WHERE " + run + " AND is_default = 1"))
                .isEqualTo(expected.defaults());

        String replies = "SELECT count() FROM dead_letters FINAL WHERE position(payload, "
                + Sql.literal(first.runId() + "-m") + ") > 0";
        long unparseable = first.scenario().cases().stream().filter(DemoScenario.DemoCase::smsDeadLetter).count() + 1;
        assertThat(store.queryLong(replies)).isEqualTo(expected.smsDeadLetters());
        assertThat(store.queryLong(replies + " AND reason LIKE 'unparseable%'"))
                .as("你好, 6 and the last 谢谢").isEqualTo(unparseable);
        assertThat(store.queryLong(replies + " AND reason NOT LIKE 'unparseable%'"))
                .as("the reply from the phone never invited").isEqualTo(1);
        assertThat(store.queryLong("SELECT count() FROM sms_invitations FINAL WHERE " + run))
                .isEqualTo(expected.invitations());

        assertMonthlyEvaluation(first, 1);

        Run second = demo(config, "6");
        assertBalanced(second);
        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertMonthlyEvaluation(second, 2);
        assertThat(second.output()).contains("与第 1 版相比");

        store = EmbeddedTestStore.get(); // the second runtime closed the one opened above
        List<String> phones = new ArrayList<>(first.scenario().phones());
        phones.addAll(second.scenario().phones());
        long casesWithPhone = first.scenario().cases().stream().filter(DemoScenario.DemoCase::hasPhone).count()
                + second.scenario().cases().stream().filter(DemoScenario.DemoCase::hasPhone).count();
        assertThat(store.queryLong("SELECT count() FROM cases FINAL WHERE match(citizen_phone_masked, '^1[3-9][0-9]\\\\*{4}[0-9]{4}$')"))
                .as("the phones are there, masked").isEqualTo(casesWithPhone);
        assertNoPhoneInClear(store, phones);
    }

    private static void assertBalanced(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("评价渠道：评价器", "主动评价", "窗口满意度排名", "工作人员满意度排名", "对账一致");
        Matcher checks = CHECK.matcher(run.output());
        int rows = 0;
        while (checks.find()) {
            rows++;
            assertThat(checks.group(3)).as(checks.group(1)).isEqualTo(checks.group(2));
            assertThat(checks.group(4)).isEqualTo("✓");
        }
        assertThat(rows).isEqualTo(11);
        long accepted = run.figure(1);
        long stored = run.figure(3);
        assertThat(run.figure(4)).as("aggregated").isEqualTo(stored);
        assertThat(stored).isEqualTo(accepted - run.figure(5) - run.figure(6) + run.figure(7));
        assertThat(stored).isEqualTo(run.scenario().expectation().stored());
        assertWorkOrdersAndAlerts(run);
    }

    /**
     * The work-order line right after the run: one work order and one new-差评 alert per counted first 差评 of
     * the run — as the scenario expects and as the ratings table holds them — and every alert of the run that
     * ClickHouse holds, by type. The console's demo users were printed with their tokens.
     */
    private static void assertWorkOrdersAndAlerts(Run run) {
        Matcher m = WORK_ORDERS.matcher(run.output());
        assertThat(m.find()).as(run.output()).isTrue();
        long opened = Long.parseLong(m.group(1));
        ClickHouseStore store = EmbeddedTestStore.get();
        String cases = Sql.literal(run.runId() + "-");
        long badRatings = run.scenario().expectation().badRatings();
        assertThat(badRatings).as("the scenario has 差评").isPositive();
        assertThat(opened).isEqualTo(badRatings);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(badRatings);
        assertThat(store.queryLong("SELECT count() FROM ratings FINAL WHERE startsWith(project_no, " + cases
                + ") AND level <= 2 AND assess_number = 1")).as("counted first 差评 in ClickHouse").isEqualTo(badRatings);
        assertThat(store.queryLong("SELECT count() FROM work_orders FINAL WHERE startsWith(work_order_id, " + cases + ")"))
                .isEqualTo(badRatings);
        assertThat(Long.parseLong(m.group(4))).as("one new-差评 alert per work order").isEqualTo(badRatings);
        String runAlerts = "SELECT count() FROM alerts FINAL WHERE (startsWith(work_order_id, " + cases
                + ") OR (type = 'spike' AND position(alert_id, " + Sql.literal(":" + run.runId() + "-") + ") > 0))";
        String[] types = {"bad_rating", "due_soon", "overdue", "spike"};
        long total = 0;
        for (int i = 0; i < types.length; i++) {
            long printed = Long.parseLong(m.group(4 + i));
            assertThat(store.queryLong(runAlerts + " AND type = " + Sql.literal(types[i]))).as(types[i]).isEqualTo(printed);
            total += printed;
        }
        assertThat(Long.parseLong(m.group(3))).isEqualTo(total);

        Matcher users = CONSOLE_USER.matcher(run.output());
        List<String> printed = new ArrayList<>();
        while (users.find()) {
            printed.add(users.group(1) + " " + users.group(2));
        }
        assertThat(printed).containsExactly("督查员 demo-supervisor", "复核员 demo-auditor");
    }

    /**
     * The demo's last act: the month's evaluation as revision {@code revision}; the printed best and weakest
     * clerks are the stored results; the XLSX it names exists, reads back with POI, has the summary, a sheet
     * per hall and the audit sheet, which lists the self-rating the demo planted for the named clerk.
     */
    private static void assertMonthlyEvaluation(Run run, int revision) throws Exception {
        Matcher m = EVALUATION.matcher(run.output());
        assertThat(m.find()).as(run.output()).isTrue();
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(revision);
        String runId = m.group(4);
        ClickHouseStore store = EmbeddedTestStore.get();
        assertThat(store.queryLong("SELECT count() FROM evaluation_results WHERE subject_type = 'clerk' AND run_id = "
                + Sql.literal(runId))).isEqualTo(Long.parseLong(m.group(5)));
        Matcher rows = RANKED.matcher(run.output());
        int shown = 0;
        while (rows.find()) {
            shown++;
            List<Map<String, Object>> stored = store.query("SELECT hall_id, toString(final_score) AS score, rank, grade, "
                    + "pay_coefficient FROM evaluation_results WHERE run_id = " + Sql.literal(runId)
                    + " AND subject_type = 'clerk' AND subject_id = " + Sql.literal(rows.group(1)));
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0).get("hall_id")).isEqualTo(rows.group(2));
            assertThat(Double.parseDouble((String) stored.get(0).get("score"))).isEqualTo(Double.parseDouble(rows.group(4)));
            assertThat(((Number) stored.get(0).get("rank")).intValue()).isEqualTo(Integer.parseInt(rows.group(5)));
            assertThat(stored.get(0).get("grade")).isEqualTo(rows.group(6));
            assertThat(((Number) stored.get(0).get("pay_coefficient")).doubleValue()).isEqualTo(Double.parseDouble(rows.group(7)));
        }
        long ranked = Long.parseLong(m.group(6));
        assertThat(ranked).as("the test's policy ranks most clerks").isGreaterThanOrEqualTo(10);
        assertThat(shown).as("best and weakest five").isEqualTo(10);

        Matcher explanations = EXPLANATIONS.matcher(run.output());
        assertThat(explanations.find()).as(run.output()).isTrue();
        try (java.util.stream.Stream<java.nio.file.Path> pdfs = java.nio.file.Files.list(java.nio.file.Path.of(explanations.group(1)))) {
            assertThat(pdfs.filter(p -> p.toString().endsWith(".pdf")).count()).as("one PDF per clerk")
                    .isEqualTo(Long.parseLong(m.group(5)));
        }

        Matcher self = SELF_RATER.matcher(run.output());
        assertThat(self.find()).as("the demo planted a self-rating").isTrue();
        Matcher xlsx = XLSX.matcher(run.output());
        assertThat(xlsx.find()).as(run.output()).isTrue();
        java.nio.file.Path file = java.nio.file.Path.of(xlsx.group(1));
        assertThat(file).exists();
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(file.toFile())) {
            assertThat(book.getSheetName(0)).isEqualTo("汇总");
            assertThat(book.getSheetName(book.getNumberOfSheets() - 1)).isEqualTo("审计");
            assertThat(book.getNumberOfSheets()).as("summary, three halls, audit").isEqualTo(5);
            org.apache.poi.ss.usermodel.Sheet audit = book.getSheet("审计");
            List<String> selfRated = new ArrayList<>();
            for (org.apache.poi.ss.usermodel.Row row : audit) {
                if (row.getRowNum() > 0 && "本人自评".equals(row.getCell(1).getStringCellValue())) {
                    selfRated.add(row.getCell(5).getStringCellValue());
                }
            }
            assertThat(selfRated).as("the planted self-rating, under its clerk").contains(self.group(1));
            assertThat(audit.getLastRowNum()).as("every audit entry of the run, after the header")
                    .isEqualTo((int) store.queryLong("SELECT count() FROM evaluation_flags WHERE run_id = " + Sql.literal(runId)));
        }
    }

    /** First proves the scan finds planted numbers, then finds none of the demo's. */
    private static void assertNoPhoneInClear(ClickHouseStore store, List<String> phones) {
        PersonalDataScan scan = new PersonalDataScan(store);
        store.execute("CREATE TABLE scan_probe (note String, tags Array(String), number UInt64) ENGINE = Memory");
        try {
            store.execute("INSERT INTO scan_probe VALUES ('请回电 13912345678', [], 0), ('', ['{\"raterPhone\":\""
                    + phones.get(0) + "\"}'], 0), ('', [], 13800138000), ('1763771234567 abc0123456789ab', [], 0)");
            assertThat(scan.mobileLookalikes()).as("planted numbers").containsExactlyInAnyOrder(
                    new PersonalDataScan.Hit("scan_probe", "note", 1), new PersonalDataScan.Hit("scan_probe", "tags", 1),
                    new PersonalDataScan.Hit("scan_probe", "number", 1));
            assertThat(scan.knownPhones(phones)).as("a planted demo phone")
                    .containsExactly(new PersonalDataScan.Hit("scan_probe", "tags", 1));
        } finally {
            store.execute("DROP TABLE scan_probe");
        }
        assertThat(scan.columns()).extracting(c -> String.valueOf(c.get("table"))).contains("ratings", "cases",
                "flagged_ratings", "sms_invitations", "sms_sends", "dead_letters", "clerk_minute_scores",
                "counter_minute_scores");
        assertThat(scan.mobileLookalikes()).as("anything shaped like a mobile number").isEmpty();
        assertThat(scan.knownPhones(phones)).as("any phone the demo used").isEmpty();
    }
}

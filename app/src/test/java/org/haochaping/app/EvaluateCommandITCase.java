package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haochaping.app.evaluation.EvaluateCommand;
import org.haochaping.app.evaluation.StaffCommand;
import org.haochaping.clickhouse.ChdbStore;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hcp staff-import} and {@code hcp evaluate} on the embedded store: a roster with any bad line imports
 * nothing; the month's evaluation is a new revision each time, its XLSX and CSV are written, and the clerk's
 * own phone on a rating is caught as a self-rating through the imported roster.
 */
class EvaluateCommandITCase {

    private HcpConfig config;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void freshStoreAndExportFolder() throws Exception {
        Path exports = Files.createTempDirectory(Path.of(System.getProperty("hcp.test.tmp", "target/tmp")), "exports-");
        config = RuntimeTestConfig.fresh(Map.of("evaluation.exportDir", exports.toString()));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int staffImport(String csv) throws Exception {
        Path file = Files.createTempFile(Path.of(System.getProperty("hcp.test.tmp", "target/tmp")), "roster-", ".csv");
        Files.writeString(file, csv);
        return StaffCommand.run(config, file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int evaluate(String month) throws Exception {
        return EvaluateCommand.run(config, month, "hr-zhang", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadRosterImportsNothing() throws Exception {
        assertThat(staffImport("工号,姓名,大厅,手机号\nK1,张三,H1,13800001111\nK2,,H1,12\n")).isEqualTo(2);
        assertThat(err()).contains("花名册有 2 处错误，未导入任何人员", "第 3 行：姓名不能为空", "第 3 行：手机号不是有效的大陆手机号码");
        assertThat(EmbeddedTestStore.get().queryLong("SELECT count() FROM staff")).isZero();
    }

    @Test
    void evaluatesAMonthWithTheImportedRosterAndWritesTheExports() throws Exception {
        assertThat(staffImport("工号,姓名,大厅,窗口,手机号\nK1,张三,H1,W1,13800001111\nK2,李四,H1,W2,\n")).isZero();
        assertThat(out()).contains("已导入 2 名工作人员（1 名登记了手机号，用于识别本人自评）");

        // October in Beijing: 6 ratings for K1, one of them from K1's own registered phone; 5 for K2
        PhoneProtector phones = new PhoneProtector(config.security().phoneHashKey());
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String phoneHash = i == 0 ? phones.hash("13800001111") : phones.hash(String.format("1390000%04d", i));
            rows.add(("{\"rating_id\":\"r%d\",\"project_no\":\"P%d\",\"assess_number\":1,\"channel\":\"qr\",\"level\":5,"
                    + "\"hall_id\":\"H1\",\"counter_id\":\"%s\",\"clerk_id\":\"%s\",\"rated_at\":\"2026-10-1%d 02:00:00.000\","
                    + "\"received_at\":\"2026-10-1%d 02:00:01.000\",\"rater_phone_hash\":\"%s\",\"is_default\":0}")
                    .formatted(i, i, i < 6 ? "W1" : "W2", i < 6 ? "K1" : "K2", i % 10, i % 10, phoneHash));
        }
        ChdbStore store = EmbeddedTestStore.get();
        store.insertJsonEachRow("ratings", rows);

        assertThat(evaluate("2026-10")).as(err()).isZero();
        assertThat(out()).contains("2026年10月 月度考核 第 1 版（2026-10-r1）：2 名工作人员（0 名参与排名）、2 个窗口；"
                + "计分评价 10 条，按公平规则剔除 1 条（见审计表）");
        Path xlsx = config.exportPath().resolve("考核结果-2026-10-r1.xlsx");
        Path csv = config.exportPath().resolve("考核结果-2026-10-r1.csv");
        assertThat(out()).contains("考核结果（Excel）：" + xlsx.toAbsolutePath(), "人力资源系统导入（CSV）：" + csv.toAbsolutePath());
        assertThat(Files.readAllBytes(xlsx)).startsWith('P', 'K');
        assertThat(Files.readString(csv)).contains("K1,张三,H1,W1").contains("K2,李四,H1,W2");
        Path explanations = config.exportPath().resolve("考核说明-2026-10-r1");
        assertThat(out()).contains("每人一页的考核说明（HTML 和 PDF）：" + explanations.toAbsolutePath());
        assertThat(Files.readString(explanations.resolve("K1.html"))).contains("张三");
        assertThat(Files.readAllBytes(explanations.resolve("K2.pdf"))).startsWith('%', 'P', 'D', 'F');
        store = EmbeddedTestStore.get(); // the command closed the store it opened
        assertThat(store.query("SELECT rating_id, flag, clerk_id FROM evaluation_flags WHERE run_id = '2026-10-r1'"))
                .containsExactly(Map.of("rating_id", "r0", "flag", "self_rating", "clerk_id", "K1"));
        assertThat(store.queryLong("SELECT count() FROM evaluation_runs WHERE created_by = 'hr-zhang'")).isEqualTo(1);

        assertThat(evaluate("2026-10")).isZero();
        assertThat(out()).contains("第 2 版（2026-10-r2）", "与第 1 版相比：结果相同");
    }

    @Test
    void aWrongMonthOrAnEmptyOneIsRefused() throws Exception {
        assertThat(evaluate("2026-13")).isEqualTo(2);
        assertThat(err()).contains("月份格式应为 YYYY-MM");
        assertThat(evaluate("2026-08")).isEqualTo(2);
        assertThat(err()).contains("2026年8月");
        assertThat(EmbeddedTestStore.get().queryLong("SELECT count() FROM evaluation_runs")).isZero();
    }
}

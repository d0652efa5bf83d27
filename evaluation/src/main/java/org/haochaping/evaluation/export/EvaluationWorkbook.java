package org.haochaping.evaluation.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.haochaping.evaluation.AuditEntry;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.model.Level;

/**
 * A revision as an XLSX workbook for the hall's office: "汇总" (the run and every clerk of every hall), one
 * sheet per hall ("大厅 hall-01": its clerks, then its counters, with ratings by channel and level,
 * deductions and explanations) and "审计" (the ratings left out, and why). Numbers are numeric cells, so
 * the office can sort and sum them; scores show 2 decimals.
 */
public final class EvaluationWorkbook {

    static final String SUMMARY = "汇总";
    static final String AUDIT = "审计";
    private static final String SCORE = "0.00";
    /** Excel's limit on a sheet name's length. */
    private static final int MAX_SHEET_NAME = 31;

    private EvaluationWorkbook() {}

    /** Writes the workbook; {@code out} is left open. */
    public static void write(Evaluation e, OutputStream out) throws IOException {
        Workbook wb = new Workbook(new KeepOpen(out), "haochaping", "1.0");
        summary(wb.newWorksheet(SUMMARY), e);
        Set<String> used = new HashSet<>(Set.of(SUMMARY.toLowerCase(Locale.ROOT), AUDIT.toLowerCase(Locale.ROOT)));
        for (String hall : e.halls()) {
            hall(wb.newWorksheet(sheetName(hall, used)), e, hall);
        }
        audit(wb.newWorksheet(AUDIT), e);
        wb.finish();
    }

    /**
     * "大厅 " + the hall id under Excel's rules: none of []:*?/\ (each becomes _), at most 31 characters,
     * unique regardless of case (a clash gets ~2, ~3, …).
     */
    static String sheetName(String hallId, Set<String> used) {
        String base = ("大厅 " + hallId).replaceAll("[\\[\\]:*?/\\\\]", "_");
        base = base.substring(0, Math.min(base.length(), MAX_SHEET_NAME));
        String name = base;
        for (int n = 2; used.contains(name.toLowerCase(Locale.ROOT)); n++) {
            String suffix = "~" + n;
            name = base.substring(0, Math.min(base.length(), MAX_SHEET_NAME - suffix.length())) + suffix;
        }
        used.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    private static void summary(Worksheet ws, Evaluation e) {
        EvaluationRun run = e.run();
        ws.value(0, 0, ExportText.month(run) + " 服务评价考核汇总" + (run.approved() ? "" : "（草稿，未核定）"));
        ws.style(0, 0).bold().fontSize(14).set();
        Object[][] facts = {
                {"考核月份", ExportText.month(run)},
                {"版本", run.revision()},
                {"运行编号", run.runId()},
                {"核定状态", ExportText.approvalState(run)},
                {"生成", ExportText.created(run)},
                {"版本比较", run.changeSummary().isEmpty() ? "本月第一版，没有可比较的版本" : run.changeSummary()},
                {"考核办法版本", run.policyVersion()},
                {"考核办法校验值（SHA-256 前 12 位）", ExportText.shortHash(run.policyHash())},
                {"计分评价数", run.countedRatings()},
                {"按公平规则未计入的评价数", run.excludedRatings()},
        };
        int row = 1;
        for (Object[] fact : facts) {
            ws.value(row, 0, (String) fact[0]);
            ws.style(row, 0).bold().set();
            cell(ws, row, 1, fact[1], null);
            row++;
        }
        List<Column<SubjectResult>> columns = new ArrayList<>();
        columns.add(rank());
        columns.add(text("大厅", SubjectResult::hallId, 12));
        columns.add(text("工号", SubjectResult::subjectId, 12));
        columns.add(text("姓名", SubjectResult::subjectName, 12));
        columns.add(text("窗口", SubjectResult::counterId, 12));
        columns.addAll(counts());
        columns.addAll(scores(false));
        columns.add(coefficient());
        table(ws, row + 1, columns, e.clerks());
        ws.width(0, 34); // the facts' labels above the table
    }

    private static void hall(Worksheet ws, Evaluation e, String hall) {
        List<SubjectResult> clerks = e.clerks().stream().filter(r -> r.hallId().equals(hall)).toList();
        List<SubjectResult> counters = e.counters().stream().filter(r -> r.hallId().equals(hall)).toList();
        List<String> channels = ExportText.channelsIn(e.results().stream().filter(r -> r.hallId().equals(hall)).toList());

        List<Column<SubjectResult>> clerkColumns = new ArrayList<>();
        clerkColumns.add(rank());
        clerkColumns.add(text("工号", SubjectResult::subjectId, 12));
        clerkColumns.add(text("姓名", SubjectResult::subjectName, 12));
        clerkColumns.add(text("窗口", SubjectResult::counterId, 12));
        clerkColumns.addAll(counts());
        clerkColumns.addAll(breakdown(channels));
        clerkColumns.addAll(scores(true));
        clerkColumns.add(coefficient());
        clerkColumns.addAll(closing());

        List<Column<SubjectResult>> counterColumns = new ArrayList<>();
        counterColumns.add(rank());
        counterColumns.add(text("窗口", SubjectResult::subjectId, 12));
        counterColumns.add(text("红旗窗口", r -> r.redFlag() ? "是" : null, 10));
        counterColumns.addAll(counts());
        counterColumns.addAll(breakdown(channels));
        counterColumns.addAll(scores(true));
        counterColumns.addAll(closing());

        ws.value(0, 0, "人员");
        ws.style(0, 0).bold().fontSize(12).set();
        int row = table(ws, 1, clerkColumns, clerks);
        ws.value(row + 1, 0, "窗口");
        ws.style(row + 1, 0).bold().fontSize(12).set();
        table(ws, row + 2, counterColumns, counters);
    }

    private static void audit(Worksheet ws, Evaluation e) {
        List<Column<AuditEntry>> columns = List.of(
                text("评价编号", AuditEntry::ratingId, 20),
                text("原因", a -> a.flag().chinese(), 22),
                text("说明", AuditEntry::detail, 30),
                text("大厅", AuditEntry::hallId, 12),
                text("窗口", AuditEntry::counterId, 12),
                text("工号", AuditEntry::clerkId, 12),
                text("渠道", a -> ExportText.channel(a.channel()), 16),
                text("等级", a -> ExportText.level(a.level()), 12),
                text("默认", a -> a.isDefault() ? "是" : "否", 6),
                text("评价时间", a -> ExportText.second(a.ratedAt()), 20),
                text("评价人手机", AuditEntry::raterPhoneMasked, 14),
                text("设备", AuditEntry::deviceId, 14));
        table(ws, 0, columns, e.audit());
        ws.freezePane(0, 1);
    }

    /** One column of a table: its header, the cell of an item (String, Number or null), a number format. */
    private record Column<T>(String header, Function<T, Object> value, String format, double width) {}

    private static <T> Column<T> text(String header, Function<T, Object> value, double width) {
        return new Column<>(header, value, null, width);
    }

    private static Column<SubjectResult> count(String header, Function<SubjectResult, Object> value) {
        return new Column<>(header, value, null, Math.max(8, header.length() * 2 + 2));
    }

    private static Column<SubjectResult> score(String header, Function<SubjectResult, Object> value) {
        return new Column<>(header, value, SCORE, 10);
    }

    private static Column<SubjectResult> rank() {
        return count("排名", SubjectResult::rank);
    }

    private static List<Column<SubjectResult>> counts() {
        return List.of(count("主动评价数", SubjectResult::activeRatings),
                count("默认评价数", SubjectResult::defaultRatings),
                count("计分评价数", SubjectResult::countedRatings));
    }

    /** One column per channel that occurs, then the five levels from the best down. */
    private static List<Column<SubjectResult>> breakdown(List<String> channels) {
        List<Column<SubjectResult>> columns = new ArrayList<>();
        for (String channel : channels) {
            columns.add(count(ExportText.channel(channel), r -> ExportText.ratings(r, channel)));
        }
        for (Level level : ExportText.LEVELS_BEST_FIRST) {
            columns.add(count(level.chineseName(), r -> ExportText.ratings(r, level)));
        }
        return columns;
    }

    private static List<Column<SubjectResult>> scores(boolean withDeductionReasons) {
        List<Column<SubjectResult>> columns = new ArrayList<>();
        columns.add(score("原始分", SubjectResult::rawScore));
        columns.add(score("修正分", SubjectResult::adjustedScore));
        columns.add(score("扣分", ExportText::deductedPoints));
        if (withDeductionReasons) {
            columns.add(text("扣分明细", ExportText::deductions, 36));
        }
        columns.add(score("最终得分", SubjectResult::finalScore));
        columns.add(text("等级", ExportText::grade, 12));
        return columns;
    }

    private static Column<SubjectResult> coefficient() {
        return score("绩效系数", SubjectResult::payCoefficient);
    }

    private static List<Column<SubjectResult>> closing() {
        return List.of(count("未计入评价数", SubjectResult::excludedRatings),
                text("说明", SubjectResult::explanation, 100));
    }

    /** Writes a header row at {@code row} and the items under it; returns the first row after them. */
    private static <T> int table(Worksheet ws, int row, List<Column<T>> columns, List<T> items) {
        for (int c = 0; c < columns.size(); c++) {
            ws.value(row, c, columns.get(c).header());
            ws.style(row, c).bold().fillColor("DDEBF7").set();
            ws.width(c, columns.get(c).width());
        }
        int r = row + 1;
        for (T item : items) {
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                cell(ws, r, c, column.value().apply(item), column.format());
            }
            r++;
        }
        return r;
    }

    private static void cell(Worksheet ws, int row, int col, Object value, String format) {
        if (value instanceof Number n) {
            ws.value(row, col, n);
            if (format != null) {
                ws.style(row, col).format(format).set();
            }
        } else if (value instanceof String s && !s.isEmpty()) {
            ws.value(row, col, s);
        }
    }

    /** fastexcel closes the stream it writes to; the caller's (an HTTP response, a file) stays theirs. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

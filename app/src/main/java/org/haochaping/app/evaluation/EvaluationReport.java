package org.haochaping.app.evaluation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.haochaping.app.demo.TextTable;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.evaluation.export.EvaluationCsv;
import org.haochaping.evaluation.export.EvaluationWorkbook;
import org.haochaping.evaluation.export.ExplanationPage;
import org.haochaping.evaluation.export.ExplanationPdf;
import org.haochaping.fonts.CjkFont;

/**
 * What {@code hcp evaluate} and the end of {@code hcp demo} print about a revision — the five best and five
 * weakest ranked clerks of the month with grade and pay coefficient, and each hall's 红旗窗口 — and the
 * XLSX and CSV they write.
 */
public final class EvaluationReport {

    static final int SHOWN = 5;

    private EvaluationReport() {}

    /**
     * The files written for one revision.
     *
     * @param explanations the folder with every clerk's explanation ({@code <clerkId>.html}, and {@code .pdf}
     *     when a Chinese font was found)
     * @param fontMissing why there are no PDFs, or null
     */
    public record Files(Path xlsx, Path csv, Path explanations, String fontMissing) {}

    /**
     * Writes {@code 考核结果-<runId>.xlsx} and {@code .csv} into {@code dir} (created if missing), and every clerk's
     * one-page explanation into {@code 考核说明-<runId>/}, ready to hand out.
     */
    public static Files write(Evaluation evaluation, Path dir) throws IOException {
        String runId = evaluation.run().runId();
        java.nio.file.Files.createDirectories(dir);
        Path xlsx = dir.resolve("考核结果-" + runId + ".xlsx");
        Path csv = dir.resolve("考核结果-" + runId + ".csv");
        try (OutputStream out = java.nio.file.Files.newOutputStream(xlsx)) {
            EvaluationWorkbook.write(evaluation, out);
        }
        try (OutputStream out = java.nio.file.Files.newOutputStream(csv)) {
            EvaluationCsv.write(evaluation, out);
        }
        Path explanations = java.nio.file.Files.createDirectories(dir.resolve("考核说明-" + runId));
        CjkFont font = null;
        String fontMissing = null;
        try {
            font = CjkFont.locate(Optional.empty());
        } catch (CjkFont.FontMissingException e) {
            fontMissing = e.getMessage();
        }
        for (SubjectResult clerk : evaluation.clerks()) {
            java.nio.file.Files.writeString(explanations.resolve(clerk.subjectId() + ".html"),
                    ExplanationPage.html(evaluation, clerk));
            if (font != null) {
                java.nio.file.Files.write(explanations.resolve(clerk.subjectId() + ".pdf"),
                        ExplanationPdf.pdf(evaluation, clerk, font));
            }
        }
        return new Files(xlsx.toAbsolutePath(), csv.toAbsolutePath(), explanations.toAbsolutePath(), fontMissing);
    }

    public static void print(Evaluation evaluation, Files files, PrintStream out) {
        EvaluationRun run = evaluation.run();
        List<SubjectResult> clerks = evaluation.clerks();
        List<SubjectResult> ranked = clerks.stream().filter(SubjectResult::ranked)
                .sorted(Comparator.comparingDouble(SubjectResult::finalScore).reversed()
                        .thenComparing(SubjectResult::subjectId))
                .toList();
        out.printf("%s 月度考核 第 %d 版（%s）：%d 名工作人员（%d 名参与排名）、%d 个窗口；计分评价 %d 条，"
                        + "按公平规则剔除 %d 条（见审计表）%n", EvaluationMonth.chinese(run.month()), run.revision(), run.runId(),
                clerks.size(), ranked.size(), run.counters(), run.countedRatings(), run.excludedRatings());
        out.println("  考核办法：" + run.policyVersion() + "（SHA-256 " + run.policyHash().substring(0, 12) + "…）");
        if (!run.changeSummary().isEmpty()) {
            out.println("  " + run.changeSummary());
        }
        if (ranked.isEmpty()) {
            out.println("  本月没有主动评价数达到排名条件的工作人员。");
        } else {
            int top = Math.min(SHOWN, ranked.size());
            out.println("  得分最高的 " + top + " 名：");
            out.print(table(ranked.subList(0, top)).render("    "));
            int bottom = Math.min(SHOWN, ranked.size() - top);
            if (bottom > 0) {
                out.println("  得分最低的 " + bottom + " 名：");
                out.print(table(ranked.subList(ranked.size() - bottom, ranked.size())).render("    "));
            }
        }
        List<String> redFlags = evaluation.counters().stream().filter(SubjectResult::redFlag)
                .map(c -> c.hallId() + " " + c.subjectId() + "（" + String.format("%.2f", c.finalScore()) + " 分）").toList();
        if (!redFlags.isEmpty()) {
            out.println("  红旗窗口：" + String.join("、", redFlags));
        }
        out.println("  考核结果（Excel）：" + files.xlsx());
        out.println("  人力资源系统导入（CSV）：" + files.csv());
        out.println("  每人一页的考核说明（" + (files.fontMissing() == null ? "HTML 和 PDF" : "仅 HTML") + "）："
                + files.explanations());
        if (files.fontMissing() != null) {
            out.println("  " + files.fontMissing());
        }
        out.println(run.approved()
                ? "  本版本已核定。"
                : "  本版本尚未核定：督查员可在控制台 POST /api/v1/evaluations/" + run.runId() + "/approve 核定，核定后不可更改。");
    }

    private static TextTable table(List<SubjectResult> rows) {
        TextTable t = new TextTable(List.of("工号", "姓名", "大厅", "主动评价", "最终得分", "厅内排名", "等级", "绩效系数"),
                List.of(TextTable.Align.LEFT, TextTable.Align.LEFT, TextTable.Align.LEFT, TextTable.Align.RIGHT,
                        TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.LEFT, TextTable.Align.RIGHT));
        for (SubjectResult r : rows) {
            t.row(r.subjectId(), r.subjectName().isEmpty() ? "（未登记）" : r.subjectName(), r.hallId(),
                    String.valueOf(r.activeRatings()), String.format("%.2f", r.finalScore()),
                    String.valueOf(r.rank()), r.grade(), String.format("%.2f", r.payCoefficient()));
        }
        return t;
    }

}

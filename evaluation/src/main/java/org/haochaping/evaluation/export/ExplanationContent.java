package org.haochaping.evaluation.export;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.haochaping.evaluation.AuditEntry;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.FairnessFlag;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.evaluation.SubjectType;
import org.haochaping.model.Level;
import org.haochaping.model.evaluation.ScoreResult;

/**
 * What a clerk's one-page explanation says, as a list of blocks that {@link ExplanationPage} (HTML) and
 * {@link ExplanationPdf} render, each in its own way: so the two can never tell a clerk different things.
 *
 * @param draftNotice empty when the revision is approved; else the warning printed under the title
 * @param smallPrint the policy and the run, at the foot of the page
 */
record ExplanationContent(String title, String draftNotice, List<Block> blocks, String smallPrint) {

    /**
     * How a page shows each kind of block; the HTML and the PDF each implement it.
     *
     * @param <X> what rendering may throw (the PDF's IOException; nothing for the HTML)
     */
    interface Renderer<X extends Exception> {
        void heading(String text) throws X;

        void paragraph(String text) throws X;

        void fields(List<Field> fields) throws X;

        void table(Table table) throws X;
    }

    sealed interface Block permits Heading, Fields, Table, Paragraph {
        <X extends Exception> void renderTo(Renderer<X> r) throws X;
    }

    record Heading(String text) implements Block {
        @Override
        public <X extends Exception> void renderTo(Renderer<X> r) throws X {
            r.heading(text);
        }
    }

    /** Label–value pairs, shown two to a line. */
    record Fields(List<Field> fields) implements Block {
        Fields {
            fields = List.copyOf(fields);
        }

        @Override
        public <X extends Exception> void renderTo(Renderer<X> r) throws X {
            r.fields(fields);
        }
    }

    record Field(String label, String value) {}

    /**
     * @param numeric columns whose cells are right-aligned
     * @param totalRow whether the last row sums up the others (shown emphasised)
     */
    record Table(List<String> headers, List<List<String>> rows, List<Boolean> numeric, boolean totalRow) implements Block {
        Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
            numeric = List.copyOf(numeric);
        }

        @Override
        public <X extends Exception> void renderTo(Renderer<X> r) throws X {
            r.table(this);
        }
    }

    record Paragraph(String text) implements Block {
        @Override
        public <X extends Exception> void renderTo(Renderer<X> r) throws X {
            r.paragraph(text);
        }
    }

    ExplanationContent {
        blocks = List.copyOf(blocks);
    }

    <X extends Exception> void render(Renderer<X> r) throws X {
        for (Block b : blocks) {
            b.renderTo(r);
        }
    }

    static ExplanationContent of(Evaluation e, SubjectResult clerk) {
        if (clerk.type() != SubjectType.CLERK) {
            throw new IllegalArgumentException("an explanation is written for a clerk, not for " + clerk.type());
        }
        EvaluationRun run = e.run();
        String title = ExportText.month(run) + " 服务评价考核说明";
        String draft = run.approved() ? ""
                : "草稿：第 " + run.revision() + " 版尚未核定，结果可能变动，不作为绩效工资的依据。";
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Fields(List.of(
                new Field("姓名", clerk.subjectName().isEmpty() ? "（未登记）" : clerk.subjectName()),
                new Field("工号", clerk.subjectId()),
                new Field("大厅", clerk.hallId()),
                new Field("窗口", clerk.counterId()),
                new Field("版本", ExportText.revision(run)),
                new Field("核定状态", ExportText.approvalState(run)))));

        blocks.add(new Heading("评价情况"));
        blocks.add(labelled(List.of("按类别", "主动评价", "默认评价", "计分评价", "按公平规则未计入"),
                List.of(clerk.activeRatings(), clerk.defaultRatings(), clerk.countedRatings(), clerk.excludedRatings())));
        List<Map.Entry<String, Long>> channels = ExportText.channelCounts(clerk);
        if (!channels.isEmpty()) {
            List<String> headers = new ArrayList<>(List.of("按渠道"));
            List<Long> counts = new ArrayList<>();
            for (Map.Entry<String, Long> c : channels) {
                headers.add(ExportText.channel(c.getKey()));
                counts.add(c.getValue());
            }
            blocks.add(labelled(headers, counts));
        }
        List<String> levelHeaders = new ArrayList<>(List.of("按等级"));
        List<Long> levelCounts = new ArrayList<>();
        for (Level level : ExportText.LEVELS_BEST_FIRST) {
            levelHeaders.add(level.chineseName());
            levelCounts.add(ExportText.ratings(clerk, level));
        }
        blocks.add(labelled(levelHeaders, levelCounts));

        blocks.add(new Heading("得分"));
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of("原始分（计分评价的平均分 ×10）", "",
                clerk.rawScore() == null ? "无计分评价" : ExportText.decimal(clerk.rawScore())));
        steps.add(List.of("修正分（按大厅平均分修正小样本）", "", ExportText.decimal(clerk.adjustedScore())));
        for (ScoreResult.Deduction d : clerk.deductions()) {
            steps.add(List.of("扣分：" + d.reason(), d.count() + " 次", "-" + ExportText.decimal(d.points())));
        }
        steps.add(List.of("最终得分", "", ExportText.decimal(clerk.finalScore())));
        blocks.add(new Table(List.of("项目", "次数", "分数"), steps, List.of(false, true, true), true));
        blocks.add(new Fields(List.of(
                new Field("排名", clerk.ranked() ? "第 " + clerk.rank() + " 名（本大厅参与排名 " + rankedInHall(e, clerk) + " 人）"
                        : "不参与排名"),
                new Field("等级", ExportText.grade(clerk)),
                new Field("绩效系数", ExportText.decimal(clerk.payCoefficient())))));

        blocks.add(new Heading("说明"));
        blocks.add(new Paragraph(clerk.explanation()));

        blocks.add(new Heading("未计入的评价"));
        Map<FairnessFlag, Long> byFlag = new EnumMap<>(FairnessFlag.class);
        for (AuditEntry a : e.audit()) {
            if (a.clerkId().equals(clerk.subjectId())) {
                byFlag.merge(a.flag(), 1L, Long::sum);
            }
        }
        if (byFlag.isEmpty()) {
            blocks.add(new Paragraph("本月没有按公平规则未计入的评价。"));
        } else {
            List<List<String>> rows = new ArrayList<>();
            byFlag.forEach((flag, n) -> rows.add(List.of(flag.chinese(), Long.toString(n))));
            blocks.add(new Table(List.of("原因", "条数"), rows, List.of(false, true), false));
            blocks.add(new Paragraph("每条评价的时间、渠道和原因见考核表的“审计”工作表。"));
        }

        String smallPrint = "考核办法 " + run.policyVersion() + "，SHA-256 " + run.policyHash() + "；"
                + ExportText.created(run) + "；结果校验值 " + ExportText.shortHash(run.resultsHash()) + "。";
        return new ExplanationContent(title, draft, blocks, smallPrint);
    }

    /** A one-row table whose first cell names the row ("按渠道"), then a header per count. */
    private static Table labelled(List<String> headers, List<Long> counts) {
        List<String> row = new ArrayList<>(List.of("评价数"));
        counts.forEach(n -> row.add(String.valueOf(n)));
        List<Boolean> numeric = new ArrayList<>(List.of(false));
        counts.forEach(n -> numeric.add(true));
        return new Table(headers, List.of(row), numeric, false);
    }

    private static long rankedInHall(Evaluation e, SubjectResult clerk) {
        return e.clerks().stream().filter(r -> r.hallId().equals(clerk.hallId()) && r.ranked()).count();
    }
}

package org.haochaping.evaluation.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.SubjectResult;

/**
 * One row per clerk for HR systems (绩效工资): UTF-8 with a byte order mark (so Excel on Windows reads the
 * Chinese right), CRLF line ends and RFC 4180 quoting. The approval state is part of every row, so a draft
 * imported by mistake shows itself. Values are written as they are, with no spreadsheet-formula escaping:
 * the readers are import programs, and a prefixed quote would corrupt the id or name they match on.
 */
public final class EvaluationCsv {

    static final List<String> HEADER = List.of("月份", "版本", "核定状态", "工号", "姓名", "大厅", "窗口", "主动评价数",
            "计分评价数", "最终得分", "排名", "等级", "绩效系数");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private EvaluationCsv() {}

    /** Writes the file; {@code out} is left open. */
    public static void write(Evaluation e, OutputStream out) throws IOException {
        EvaluationRun run = e.run();
        StringBuilder b = new StringBuilder();
        line(b, HEADER);
        String state = run.approved() ? ExportText.APPROVED : ExportText.NOT_APPROVED;
        for (SubjectResult r : e.clerks()) {
            line(b, List.of(run.month(), Integer.toString(run.revision()), state, r.subjectId(), r.subjectName(),
                    r.hallId(), r.counterId(), Long.toString(r.activeRatings()), Long.toString(r.countedRatings()),
                    ExportText.decimal(r.finalScore()), r.rank() == null ? "" : r.rank().toString(), ExportText.grade(r),
                    ExportText.decimal(r.payCoefficient())));
        }
        out.write(BOM);
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields.get(i)));
        }
        b.append("\r\n");
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

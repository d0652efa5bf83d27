package org.haochaping.app.evaluation;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Set;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationException;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.EvaluationService;
import org.haochaping.model.FieldRules;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code ./hcp evaluate --month 2026-10 [--by USER]}: runs the month's evaluation as a new revision under the
 * configured policy, writes the XLSX and CSV into the export folder and prints the best and weakest five.
 * Approval is the console's (an authenticated supervisor), never the command line's.
 */
public final class EvaluateCommand {

    public static final String NAME = "evaluate";
    public static final Set<String> OPTIONS = Set.of("month", "by");
    public static final String USAGE = """
              evaluate --month YYYY-MM   运行该月的月度考核（每次运行生成一个新版本），导出 Excel 和 CSV，
                                         打印得分最高和最低的 5 名工作人员
                --by USER                记录运行人（默认 cli）""";

    private EvaluateCommand() {}

    /** @return 0, or 2 for a wrong month or user */
    public static int run(HcpConfig config, String month, String by, PrintStream out, PrintStream err) throws Exception {
        EvaluationMonth parsed;
        try {
            parsed = EvaluationMonth.parse(month, config.rules().timeZone());
        } catch (IllegalArgumentException e) {
            err.println("hcp " + NAME + "：" + e.getMessage());
            return 2;
        }
        if (!FieldRules.ID.matcher(by).matches()) {
            err.println("hcp " + NAME + "：--by 只能包含字母、数字和 . _ : -，最多 64 个字符，收到：" + by);
            return 2;
        }
        try (ClickHouseStore store = EmbeddedStoreGuard.open(config)) {
            EvaluationService service = EvaluationService.forConfig(store, config, Clock.systemUTC());
            Evaluation evaluation;
            try {
                evaluation = service.run(parsed, by);
            } catch (EvaluationException e) {
                err.println("hcp " + NAME + "：" + e.getMessage());
                return 2;
            }
            EvaluationReport.print(evaluation, EvaluationReport.write(evaluation, config.exportPath()), out);
            return 0;
        }
    }
}

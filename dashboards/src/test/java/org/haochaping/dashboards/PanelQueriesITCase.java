package org.haochaping.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.haochaping.app.DemoData;
import org.haochaping.app.demo.DemoRoster;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.dashboards.Dashboard.Panel;
import org.haochaping.dashboards.Dashboard.Target;
import org.haochaping.dashboards.PanelMacros.TimeRange;
import org.haochaping.dashboards.PanelQueryChecker.Problem;
import org.haochaping.dashboards.PanelQueryChecker.Ran;
import org.haochaping.dashboards.PanelQueryChecker.Report;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.EvaluationService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every ClickHouse panel query of every board, run on the migrated schema filled by the demo (300 cases through
 * the embedded runtime, the month's evaluation run again and approved): over the simulated period up to now, once
 * with every variable at All and once with one hall and one clerk, each query expands, runs, returns rows and the
 * columns its panel uses. Every problem of a run is listed in one failure. The last test proves the check fails
 * when a panel's SQL names a column that does not exist.
 */
class PanelQueriesITCase {

    private static final int CASES = 300;
    /**
     * Panels whose queries may rightly return nothing with the demo's data (board uid / panel title → why); every
     * other panel must show rows.
     */
    private static final Map<String, String> MAY_BE_EMPTY = Map.of();

    private static DashboardFiles files;
    private static TimeRange range;
    private static PanelQueryChecker checker;
    private static int clickHouseTargets;

    @BeforeAll
    static void fillTheStoreWithTheDemo() throws Exception {
        files = DashboardFiles.load();
        // the built-in policy wants 30 active ratings to rank a clerk; 300 cases give a dozen each
        DemoData.Run demo = DemoData.run(DemoData.freshConfig(Map.of("flink.checkpointInterval", "1s",
                "evaluation.policyFile", DemoData.smallSamplePolicy().toString())), CASES, "11");
        if (demo.exit() != 0) {
            throw new IllegalStateException("the demo did not balance (exit " + demo.exit() + ")");
        }
        ClickHouseStore store = EmbeddedTestStore.get();
        EvaluationMonth month = DemoRoster.simulatedMonth(demo.scenario().from(), demo.scenario().to(),
                demo.config().rules().timeZone());
        EvaluationService evaluations = EvaluationService.forConfig(store, demo.config(), Clock.systemUTC());
        Evaluation evaluation = evaluations.run(month, "test");
        evaluations.approve(evaluation.run().runId(), "test");
        // the live ratings and what the pipeline did with them came after the scenario's period: up to now
        range = new TimeRange(demo.scenario().from(), Instant.now());
        checker = new PanelQueryChecker(store, files, range);
        clickHouseTargets = (int) files.dashboards().stream().flatMap(b -> b.panels().stream())
                .flatMap(p -> p.targets().stream()).filter(t -> t.isClickHouse() && !t.hidden()).count();
    }

    private static boolean mayBeEmpty(Panel panel) {
        return MAY_BE_EMPTY.containsKey(panel.toString());
    }

    private static void assertNoProblems(Report report) {
        report.ran().forEach(r -> System.out.printf("%-60s %6d rows  %s%n", r.target().panel() + " [" + r.target().refId()
                + "]", r.rows(), String.join(", ", r.columns().keySet())));
        SoftAssertions softly = new SoftAssertions();
        for (Problem problem : report.problems()) {
            softly.fail(problem.toString());
        }
        softly.assertAll();
    }

    @Test
    void theExceptionsNameRealPanels() {
        List<String> panels = files.dashboards().stream().flatMap(b -> b.panels().stream()).map(Panel::toString).toList();
        assertThat(panels).containsAll(MAY_BE_EMPTY.keySet());
    }

    @Test
    void everyPanelQueryRunsWithEveryVariableAtAll() {
        Report report = checker.checkAll(Set.of(), PanelQueriesITCase::mayBeEmpty);
        assertNoProblems(report);
        assertThat(report.ran()).as("every ClickHouse target ran").hasSize(clickHouseTargets);
    }

    @Test
    void thePanelsWithTheirOwnRangeQueryItNotTheDashboards() {
        Report report = checker.checkAll(Set.of(), PanelQueriesITCase::mayBeEmpty);
        TimeRange today = range.overriddenBy("now/d", PanelQueryChecker.BROWSER_ZONE);
        List<Ran> todays = report.ran().stream()
                .filter(r -> r.target().panel().timeFrom().filter("now/d"::equals).isPresent()).toList();
        assertThat(todays).as("the live board's 今日 figures").hasSize(4);
        assertThat(todays).allSatisfy(r -> assertThat(r.sql())
                .contains("rated_at >= toDateTime(" + today.from().getEpochSecond() + ")")
                .contains("rated_at <= toDateTime(" + today.to().getEpochSecond() + ")"));
    }

    @Test
    void everyPanelQueryRunsForOneHallAndOneClerk() {
        Report report = checker.checkAll(Set.of("hall", "clerk"), PanelQueriesITCase::mayBeEmpty);
        assertNoProblems(report);
        assertThat(report.ran()).as("every ClickHouse target ran").hasSize(clickHouseTargets);
    }

    /**
     * The suite fails when a panel's SQL names {@code no_such_column} instead of one of its columns: the run over
     * every board finds exactly one problem more than over the boards as they are, that panel's, under its board
     * and title, with ClickHouse's error.
     */
    @Test
    void aPanelNamingAMissingColumnFailsTheSuite() {
        Pattern column = Pattern.compile("\\bscore_sum\\b");
        Target target = files.dashboards().stream().flatMap(b -> b.panels().stream()).flatMap(p -> p.targets().stream())
                .filter(t -> t.isClickHouse() && column.matcher(t.query()).find()).findFirst()
                .orElseThrow(() -> new AssertionError("no panel reads score_sum"));
        Panel panel = target.panel();
        Panel broken = panel.withRawSql(target.refId(), column.matcher(target.query()).replaceAll("no_such_column"));
        DashboardFiles brokenFiles = files.withDashboard(panel.dashboard().withPanel(broken));

        List<Problem> asTheyAre = checker.checkAll(Set.of(), PanelQueriesITCase::mayBeEmpty).problems();
        List<Problem> problems = new ArrayList<>(new PanelQueryChecker(EmbeddedTestStore.get(), brokenFiles, range)
                .checkAll(Set.of(), PanelQueriesITCase::mayBeEmpty).problems());
        problems.removeAll(asTheyAre);

        assertThat(problems).hasSize(1);
        Problem problem = problems.get(0);
        assertThat(problem.where()).isEqualTo(panel.dashboard().uid() + " / " + panel.title() + " [" + target.refId() + "]");
        Matcher error = Pattern.compile("Missing columns|Unknown (expression (or function )?)?identifier").matcher(problem.message());
        assertThat(error.find()).as(problem.message()).isTrue();
        assertThat(problem.message()).contains("no_such_column");
    }
}

package org.haochaping.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.haochaping.dashboards.Dashboard.Panel;
import org.junit.jupiter.api.Test;

/** How a board's JSON is read: panels inside rows, targets and their datasources, the fields a panel names. */
class DashboardTest {

    private static final String BOARD = """
            {"uid": "b", "title": "看板", "id": null,
             "templating": {"list": [
               {"name": "channel", "type": "custom", "multi": true, "includeAll": true, "allValue": "",
                "query": "评价器 : evaluator,扫码 : qr, sms", "current": {"value": ["$__all"]}},
               {"name": "month", "type": "query", "query": {"rawSql": "SELECT month FROM evaluation_runs"},
                "datasource": {"type": "grafana-clickhouse-datasource", "uid": "hcp-clickhouse"}}]},
             "panels": [
               {"id": 1, "type": "stat", "title": "评价数", "timeFrom": "now/d",
                "datasource": {"type": "grafana-clickhouse-datasource", "uid": "hcp-clickhouse"},
                "targets": [{"refId": "A", "rawSql": "SELECT count() AS 评价数", "format": 1}],
                "options": {"reduceOptions": {"fields": "/^评价数$/"}}},
               {"id": 2, "type": "row", "title": "明细", "collapsed": true, "panels": [
                 {"id": 3, "type": "table", "title": "差评", "interval": "1m", "maxDataPoints": 50,
                  "targets": [{"refId": "A", "rawSql": "SELECT a, b, link",
                               "datasource": {"type": "grafana-clickhouse-datasource", "uid": "hcp-clickhouse"}},
                              {"refId": "B", "expr": "up", "hide": true,
                               "datasource": {"type": "prometheus", "uid": "hcp-prometheus"}}],
                  "fieldConfig": {"defaults": {"links": [{"url": "/d/x?var-clerk=${__data.fields.clerk_id}&n=${__data.fields[\\"名称\\"]}"}]},
                    "overrides": [{"matcher": {"id": "byName", "options": "满意度"}},
                                  {"matcher": {"id": "byRegexp", "options": ".*"}},
                                  {"matcher": {"id": "byNames", "options": {"names": ["x", "y"]}}}]},
                  "transformations": [
                    {"id": "organize", "options": {"renameByName": {"a": "满意度"}, "excludeByName": {"b": true},
                                                  "indexByName": {"a": 0}}},
                    {"id": "sortBy", "options": {"sort": [{"field": "满意度", "desc": true}]}},
                    {"id": "calculateField", "options": {"binary": {"left": "a", "right": "100"}}}],
                  "options": {"sortBy": [{"displayName": "c"}]}}]},
               {"id": 4, "type": "timeseries", "title": "趋势", "gridPos": {"w": 12},
                "targets": [{"refId": "A", "rawSql": "SELECT 1",
                             "datasource": {"type": "grafana-clickhouse-datasource", "uid": "hcp-clickhouse"}}],
                "options": {"xField": "time"}},
               {"id": 5, "type": "table", "title": "矩阵",
                "targets": [{"refId": "A", "rawSql": "SELECT 1",
                             "datasource": {"type": "grafana-clickhouse-datasource", "uid": "hcp-clickhouse"}}],
                "transformations": [{"id": "groupingToMatrix",
                                     "options": {"columnField": "时段", "rowField": "窗口", "valueField": "满意度"}}],
                "fieldConfig": {"overrides": [{"matcher": {"id": "byName", "options": "窗口\\\\时段"}}]}}]}
            """;

    private final Dashboard board;

    DashboardTest() throws Exception {
        board = new Dashboard(Path.of("b.json"), new ObjectMapper().readTree(BOARD));
    }

    @Test
    void panelsInsideRowsAreListedAndRowsAreNot() {
        assertThat(board.panels()).extracting(Panel::title).containsExactly("评价数", "差评", "趋势", "矩阵");
        assertThat(board.rows()).extracting(r -> r.path("title").asText()).containsExactly("明细");
    }

    @Test
    void aTargetUsesItsOwnDatasourceElseThePanels() {
        Panel stat = board.panels().get(0);
        assertThat(stat.targets().get(0).isClickHouse()).isTrue();
        assertThat(stat.targets().get(0).query()).isEqualTo("SELECT count() AS 评价数");
        Panel table = board.panels().get(1);
        assertThat(table.targets()).extracting(Dashboard.Target::isClickHouse).containsExactly(true, false);
        assertThat(table.targets().get(1).query()).isEqualTo("up");
        assertThat(table.targets().get(1).hidden()).isTrue();
        assertThat(table.targets().get(0).format()).as("table unless told").isEqualTo(1);
    }

    @Test
    void theFieldsAPanelNamesComeFromOverridesTransformationsOptionsAndLinks() {
        assertThat(board.panels().get(0).referencedFields()).containsExactly("评价数");
        Panel table = board.panels().get(1);
        assertThat(table.referencedFields()).containsExactlyInAnyOrder("满意度", "x", "y", "b", "a", "c", "clerk_id", "名称");
        assertThat(table.producedFields()).containsExactly("满意度");
        assertThat(board.panels().get(2).referencedFields()).containsExactly("time");
    }

    @Test
    void groupingToMatrixNamesItsThreeFieldsAndMakesRowBackslashColumn() {
        Panel matrix = board.panels().get(3);
        assertThat(matrix.referencedFields()).containsExactly("窗口\\时段", "时段", "窗口", "满意度");
        assertThat(matrix.producedFields()).containsExactly("窗口\\时段");
    }

    @Test
    void intervalsAndDataPointsComeFromThePanelElseItsWidth() {
        Panel table = board.panels().get(1);
        assertThat(table.minInterval()).contains(Duration.ofMinutes(1));
        assertThat(table.maxDataPoints()).isEqualTo(50);
        assertThat(board.panels().get(2).minInterval()).isEqualTo(Optional.empty());
        assertThat(board.panels().get(2).maxDataPoints()).isEqualTo(960);
        assertThat(board.panels().get(0).maxDataPoints()).as("full width").isEqualTo(1920);
    }

    @Test
    void aPanelMayOverrideTheDashboardsTimeRange() {
        assertThat(board.panels().get(0).timeFrom()).contains("now/d");
        assertThat(board.panels().get(1).timeFrom()).isEmpty();
        assertThat(board.panels().get(0).timeShift()).isEmpty();
    }

    @Test
    void variablesReadTheirKindsAndOptions() {
        Dashboard.Variable channel = board.variable("channel").orElseThrow();
        assertThat(channel.customOptions()).containsExactly("evaluator", "qr", "sms");
        assertThat(channel.allValue()).isEmpty();
        assertThat(channel.currentValues()).containsExactly("$__all");
        assertThat(channel.multi()).isTrue();
        Dashboard.Variable month = board.variable("month").orElseThrow();
        assertThat(month.query()).isEqualTo("SELECT month FROM evaluation_runs");
        assertThat(month.datasource()).contains(new Dashboard.DatasourceRef(Dashboard.CLICKHOUSE, "hcp-clickhouse"));
    }

    @Test
    void aPanelCanBeReplacedInsideItsRow() {
        Panel changed = board.panels().get(1).withRawSql("A", "SELECT 2");
        Dashboard copy = board.withPanel(changed);
        assertThat(copy.panels().get(1).targets().get(0).query()).isEqualTo("SELECT 2");
        assertThat(board.panels().get(1).targets().get(0).query()).as("the original").isEqualTo("SELECT a, b, link");
    }
}

package org.haochaping.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.haochaping.dashboards.Dashboard.DatasourceRef;
import org.haochaping.dashboards.Dashboard.Panel;
import org.haochaping.dashboards.Dashboard.Target;
import org.haochaping.dashboards.Dashboard.Variable;
import org.junit.jupiter.api.Test;

/**
 * The Grafana files as Grafana would load them: they parse, the provisioning names the two datasources and the
 * dashboards folder, the six boards have their stable uids, {@code id: null} and Chinese titles and labels, every
 * panel has a query, every datasource a board uses is provisioned and every variable a query uses is defined.
 * Each test checks every board and lists every problem it finds in one failure.
 */
class DashboardJsonTest {

    private static final List<String> UIDS = List.of("hcp-live", "hcp-counters-clerks", "hcp-work-orders",
            "hcp-evaluation", "hcp-public", "hcp-operations");
    private static final Pattern CHINESE = Pattern.compile(".*\\p{IsHan}.*", Pattern.DOTALL);
    /** Grafana's own annotation and the mixed / dashboard pseudo-datasources are not provisioned. */
    private static final Set<String> BUILT_IN_DATASOURCES = Set.of("grafana", "datasource", "-- Grafana --",
            "-- Mixed --", "-- Dashboard --");

    private final DashboardFiles files = DashboardFiles.load();

    @Test
    void everyFileParsesAndTheSixBoardsAreThereOncePerFileNamedByUid() {
        assertThat(files.unreadable()).as("files that do not parse").isEmpty();
        assertThat(files.dashboards()).extracting(Dashboard::uid).as("dashboard uids, once each")
                .containsExactlyInAnyOrderElementsOf(UIDS);
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard board : files.dashboards()) {
            softly.assertThat(board.file().getFileName().toString()).as("file of " + board).isEqualTo(board.uid() + ".json");
        }
        softly.assertAll();
    }

    @Test
    void provisioningHasBothDatasourcesAndTheDashboardsFolder() {
        assertThat(files.datasources()).extracting(DashboardFiles.Datasource::uid, DashboardFiles.Datasource::type)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("hcp-clickhouse", Dashboard.CLICKHOUSE),
                        org.assertj.core.groups.Tuple.tuple("hcp-prometheus", Dashboard.PROMETHEUS));
        assertThat(files.dashboardProviders()).hasSize(1);
        JsonNode provider = files.dashboardProviders().get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void boardsHaveNoIdAndChineseTitlesAndLabels() {
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard board : files.dashboards()) {
            softly.assertThat(board.json().has("id") && board.json().get("id").isNull()).as(board + ": id is null")
                    .isTrue();
            softly.assertThat(board.title()).as(board + ": title").matches(CHINESE);
            for (JsonNode row : board.rows()) {
                softly.assertThat(row.path("title").asText()).as(board + ": row title").matches(CHINESE);
            }
            for (Panel panel : board.panels()) {
                softly.assertThat(panel.title()).as(board + ": title of panel " + panel.json().path("id")).matches(CHINESE);
            }
            for (Variable variable : board.variables()) {
                if (variable.json().path("hide").asInt(0) != 2) {
                    softly.assertThat(variable.label()).as(board + ": label of $" + variable.name()).matches(CHINESE);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void panelIdsAreUniqueOnEachBoard() {
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard board : files.dashboards()) {
            List<Integer> ids = new ArrayList<>();
            board.panels().forEach(p -> ids.add(p.json().path("id").asInt(-1)));
            board.rows().forEach(r -> ids.add(r.path("id").asInt(-1)));
            softly.assertThat(ids).as(board + ": panel ids").doesNotContain(-1).doesNotHaveDuplicates();
        }
        softly.assertAll();
    }

    @Test
    void everyPanelHasAQuery() {
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard board : files.dashboards()) {
            for (Panel panel : board.panels()) {
                softly.assertThat(panel.targets().stream().filter(t -> !t.query().isBlank()).count())
                        .as(panel + ": targets with a query").isPositive();
                for (Target target : panel.targets()) {
                    if (target.isClickHouse()) {
                        softly.assertThat(target.json().path("editorType").asText()).as(panel + " [" + target.refId()
                                + "]: a ClickHouse target is raw SQL").isEqualTo("sql");
                        softly.assertThat(target.format()).as(panel + " [" + target.refId() + "]: format")
                                .isBetween(0, 4);
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void everyDatasourceABoardUsesIsProvisionedWithItsType() {
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard board : files.dashboards()) {
            List<Used> used = new ArrayList<>();
            for (Panel panel : board.panels()) {
                used.add(new Used(panel + " (panel)", panel.datasource()));
                for (Target target : panel.targets()) {
                    used.add(new Used(panel + " [" + target.refId() + "]", target.datasource()));
                }
            }
            for (Variable variable : board.variables()) {
                if (variable.type().equals("query")) {
                    used.add(new Used(board.uid() + " / $" + variable.name(), variable.datasource()));
                }
            }
            for (JsonNode annotation : board.json().path("annotations").path("list")) {
                used.add(new Used(board.uid() + " / annotation " + annotation.path("name").asText(),
                        DatasourceRef.of(annotation.path("datasource"))));
            }
            for (Used u : used) {
                if (u.ref().isEmpty() || BUILT_IN_DATASOURCES.contains(u.ref().get().uid())
                        || BUILT_IN_DATASOURCES.contains(u.ref().get().type())) {
                    continue;
                }
                DatasourceRef ref = u.ref().get();
                softly.assertThat(files.datasource(ref.uid()).map(DashboardFiles.Datasource::type))
                        .as(u.where() + ": datasource " + ref.uid() + " provisioned with type " + ref.type())
                        .contains(ref.type());
            }
            for (Panel panel : board.panels()) {
                for (Target target : panel.targets()) {
                    softly.assertThat(target.datasource()).as(panel + " [" + target.refId() + "]: a datasource").isPresent();
                }
            }
        }
        softly.assertAll();
    }

    private record Used(String where, Optional<DatasourceRef> ref) {}

    @Test
    void everyVariableAQueryUsesIsDefined() {
        SoftAssertions softly = new SoftAssertions();
        for (Dashboard board : files.dashboards()) {
            Set<String> defined = new HashSet<>();
            board.variables().forEach(v -> defined.add(v.name()));
            for (Panel panel : board.panels()) {
                for (Target target : panel.targets()) {
                    softly.assertThat(PanelMacros.variablesIn(target.query())).as(panel + " [" + target.refId()
                            + "]: variables defined on the board " + defined).isSubsetOf(defined);
                }
            }
            for (Variable variable : board.variables()) {
                softly.assertThat(PanelMacros.variablesIn(variable.query())).as(board.uid() + " / $" + variable.name()
                        + ": variables defined on the board " + defined).isSubsetOf(defined);
            }
        }
        softly.assertAll();
    }

    @Test
    void theLiveBoardRefreshesEveryFiveToTenSeconds() {
        Dashboard live = files.dashboard("hcp-live");
        assertThat(live.json().path("refresh").asText()).isIn("5s", "10s");
    }
}

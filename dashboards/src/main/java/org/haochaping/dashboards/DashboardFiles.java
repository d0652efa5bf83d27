package org.haochaping.dashboards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Grafana files of this module as the compose file mounts them: {@code grafana/provisioning/datasources/*.yaml},
 * {@code grafana/provisioning/dashboards/*.yaml} and {@code grafana/dashboards/*.json}. A file that does not parse
 * (JSON with a duplicate key included) is kept as an unreadable file with the parser's message, so a test can name
 * it instead of stopping at the first one.
 */
public record DashboardFiles(Path root, List<Datasource> datasources, List<JsonNode> dashboardProviders,
                             List<Dashboard> dashboards, List<Unreadable> unreadable) {

    /** A provisioned datasource. {@code timeInterval} is its minimum interval, Grafana's floor for every panel. */
    public record Datasource(String uid, String type, String name, Optional<Duration> timeInterval) {}

    /** A file that did not parse. */
    public record Unreadable(Path file, String error) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new YAMLMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The module's {@code grafana} folder: surefire runs in the module, an IDE may run in the repository root. */
    public static Path defaultRoot() {
        for (Path candidate : List.of(Path.of("grafana"), Path.of("dashboards", "grafana"))) {
            if (Files.isDirectory(candidate.resolve("dashboards"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no grafana/dashboards folder under " + Path.of("").toAbsolutePath());
    }

    public static DashboardFiles load() {
        return load(defaultRoot());
    }

    public static DashboardFiles load(Path root) {
        List<Unreadable> unreadable = new ArrayList<>();
        List<Datasource> datasources = new ArrayList<>();
        for (JsonNode file : read(YAML, root.resolve("provisioning/datasources"), ".yaml", unreadable)) {
            for (JsonNode ds : file.path("datasources")) {
                String interval = ds.path("jsonData").path("timeInterval").asText("");
                datasources.add(new Datasource(ds.path("uid").asText(""), ds.path("type").asText(""),
                        ds.path("name").asText(""),
                        interval.isBlank() ? Optional.empty() : Optional.of(PanelMacros.parseInterval(interval))));
            }
        }
        List<JsonNode> providers = new ArrayList<>();
        for (JsonNode file : read(YAML, root.resolve("provisioning/dashboards"), ".yaml", unreadable)) {
            file.path("providers").forEach(providers::add);
        }
        List<Dashboard> dashboards = new ArrayList<>();
        Path folder = root.resolve("dashboards");
        for (Path file : list(folder, ".json")) {
            try {
                dashboards.add(new Dashboard(file, JSON.readTree(file.toFile())));
            } catch (IOException e) {
                unreadable.add(new Unreadable(file, e.getMessage()));
            }
        }
        return new DashboardFiles(root, List.copyOf(datasources), List.copyOf(providers), List.copyOf(dashboards),
                List.copyOf(unreadable));
    }

    public Optional<Datasource> datasource(String uid) {
        return datasources.stream().filter(d -> d.uid().equals(uid)).findFirst();
    }

    public Dashboard dashboard(String uid) {
        return dashboards.stream().filter(d -> d.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dashboard " + uid + " in " + root));
    }

    /** These files with {@code board} in place of the board of the same uid: how a test changes one panel. */
    public DashboardFiles withDashboard(Dashboard board) {
        List<Dashboard> boards = dashboards.stream().map(d -> d.uid().equals(board.uid()) ? board : d).toList();
        return new DashboardFiles(root, datasources, dashboardProviders, boards, unreadable);
    }

    private static List<JsonNode> read(ObjectMapper mapper, Path folder, String suffix, List<Unreadable> unreadable) {
        List<JsonNode> files = new ArrayList<>();
        for (Path file : list(folder, suffix)) {
            try {
                files.add(mapper.readTree(file.toFile()));
            } catch (IOException e) {
                unreadable.add(new Unreadable(file, e.getMessage()));
            }
        }
        return files;
    }

    private static List<Path> list(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

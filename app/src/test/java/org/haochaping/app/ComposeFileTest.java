package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production stack of {@code docker/}: every service's image, published ports, health check and start
 * order, the mounts, the environment file and the secrets; and, where Debian's {@code docker-compose} is
 * installed (CI installs it), that compose itself accepts the file.
 */
class ComposeFileTest {

    // surefire runs in the module folder; docker/ is the repository's
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKER = REPO.resolve("docker");
    private static final Path COMPOSE = DOCKER.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
    /** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR:?message}; $$ is a literal dollar. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY)$");
    private static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:\\?[^}]*|:-)?}");

    private static JsonNode compose;
    private static String composeText;

    @BeforeAll
    static void load() throws IOException {
        composeText = Files.readString(COMPOSE, StandardCharsets.UTF_8);
        compose = new YAMLMapper().readTree(composeText);
    }

    private static JsonNode services() {
        return compose.get("services");
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node != null) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null) {
            node.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** A service's environment as name → text, whether written as a mapping or as a list of NAME=value. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.get("environment");
        if (node == null) {
            return env;
        }
        if (node.isArray()) {
            node.forEach(entry -> {
                String[] parts = entry.asText().split("=", 2);
                env.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        } else {
            node.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        return env;
    }

    /** {@code ${VAR:-default}} → default; anything else as written. */
    private static String withDefaults(String text) {
        return VARIABLE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(2).startsWith(":-") ? m.group(2).substring(2) : m.group(0)));
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> entries = new TreeMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] parts = trimmed.split("=", 2);
                entries.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return entries;
    }

    @Test
    void theStackHasItsServicesEachWithItsImageOrBuild() {
        Map<String, String> images = new TreeMap<>();
        services().fields().forEachRemaining(s -> images.put(s.getKey(), s.getValue().path("image").asText(null)));
        assertThat(images).isEqualTo(new TreeMap<>(Map.of(
                "kafka", "apache/kafka:4.1.0",
                "clickhouse", "clickhouse/clickhouse-server:25.8",
                "hcp", "haochaping/hcp",
                "flink-jobmanager", "haochaping/flink-job",
                "flink-taskmanager", "haochaping/flink-job",
                "prometheus", "prom/prometheus:v3.5.0",
                "grafana", "grafana/grafana:12.0.2")));
        Map<String, String> builds = new TreeMap<>();
        services().fields().forEachRemaining(s -> {
            JsonNode build = s.getValue().get("build");
            if (build != null) {
                assertThat(DOCKER.resolve(build.path("context").asText()).normalize()).isEqualTo(REPO);
                builds.put(s.getKey(), build.path("dockerfile").asText());
            }
        });
        assertThat(builds).isEqualTo(Map.of("hcp", "docker/hcp.Dockerfile",
                "flink-jobmanager", "docker/flink-job.Dockerfile", "flink-taskmanager", "docker/flink-job.Dockerfile"));
        builds.values().forEach(dockerfile -> assertThat(REPO.resolve(dockerfile)).isRegularFile());
    }

    @Test
    void theImagesAreBuiltOnTheAgreedBasesWithoutConfigurationOrSecrets() throws IOException {
        String hcp = Files.readString(DOCKER.resolve("hcp.Dockerfile"), StandardCharsets.UTF_8);
        String flink = Files.readString(DOCKER.resolve("flink-job.Dockerfile"), StandardCharsets.UTF_8);
        assertThat(hcp).contains("\nFROM eclipse-temurin:17-jre\n").contains("fonts-wqy-zenhei");
        assertThat(flink).contains("\nFROM flink:2.3.0-java17\n")
                .contains("COPY --chown=flink:flink stream-jobs/target/haochaping-job.jar /opt/flink/usrlib/haochaping-job.jar");
        for (String dockerfile : List.of(hcp, flink)) {
            assertThat(dockerfile.lines().filter(l -> l.startsWith("COPY") || l.startsWith("ADD")))
                    .noneMatch(l -> l.contains(".env") || l.contains(".yaml") || l.contains("secret"));
            assertThat(dockerfile.lines().filter(l -> l.startsWith("ENV") || l.startsWith("ARG")))
                    .noneMatch(l -> SECRET_NAME.matcher(l.split("[ =]")[1]).matches());
        }
    }

    @Test
    void eachServicePublishesItsPortsAndNoMore() {
        Map<String, List<String>> published = new TreeMap<>();
        services().fields().forEachRemaining(s -> published.put(s.getKey(), strings(s.getValue().get("ports"))));
        assertThat(published).isEqualTo(new TreeMap<>(Map.of(
                "kafka", List.of(),
                "clickhouse", List.of(),
                "hcp", List.of("8080:8080", "8081:8081"),
                // no authentication of their own: this host only
                "flink-jobmanager", List.of("127.0.0.1:8082:8081"),
                "flink-taskmanager", List.of(),
                "prometheus", List.of("127.0.0.1:9090:9090"),
                "grafana", List.of("3000:3000"))));
    }

    @Test
    void everyServiceHasAHealthCheckProbingWhatItServes() {
        Map<String, String> probes = Map.of(
                "kafka", "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092",
                "clickhouse", "http://localhost:8123/ping",
                "hcp", "wget -q -O /dev/null http://localhost:8080/health && wget -q -O /dev/null http://localhost:8081/health",
                "flink-jobmanager", "http://localhost:8081/jobs/overview | grep -q '\"state\":\"RUNNING\"'",
                "flink-taskmanager", "http://localhost:9249/",
                "prometheus", "http://localhost:9090/-/healthy",
                "grafana", "http://localhost:3000/api/health");
        assertThat(names(services())).isEqualTo(new TreeSet<>(probes.keySet()));
        probes.forEach((service, probe) -> {
            JsonNode check = services().get(service).get("healthcheck");
            assertThat(check).as(service).isNotNull();
            List<String> test = strings(check.get("test"));
            assertThat(test).as(service).hasSize(2);
            assertThat(test.get(0)).as(service).isEqualTo("CMD-SHELL");
            assertThat(test.get(1)).as(service).contains(probe);
            for (String timing : List.of("interval", "timeout", "retries", "start_period")) {
                assertThat(check.has(timing)).as(service + " healthcheck." + timing).isTrue();
            }
        });
    }

    @Test
    void servicesStartOnceWhatTheyNeedIsHealthy() {
        Map<String, Map<String, String>> dependsOn = new TreeMap<>();
        services().fields().forEachRemaining(s -> {
            Map<String, String> conditions = new TreeMap<>();
            JsonNode deps = s.getValue().get("depends_on");
            if (deps != null) {
                assertThat(deps.isObject()).as(s.getKey() + " names its conditions").isTrue();
                deps.fields().forEachRemaining(d -> conditions.put(d.getKey(), d.getValue().path("condition").asText()));
            }
            dependsOn.put(s.getKey(), conditions);
        });
        String healthy = "service_healthy";
        assertThat(dependsOn).isEqualTo(new TreeMap<>(Map.of(
                "kafka", Map.of(),
                "clickhouse", Map.of(),
                "hcp", new TreeMap<>(Map.of("kafka", healthy, "clickhouse", healthy)),
                // the migrations and topics are made by hcp serve
                "flink-jobmanager", new TreeMap<>(Map.of("kafka", healthy, "clickhouse", healthy, "hcp", healthy)),
                // the JobManager turns healthy only once a TaskManager runs the job
                "flink-taskmanager", Map.of("flink-jobmanager", "service_started"),
                "prometheus", Map.of(),
                "grafana", new TreeMap<>(Map.of("clickhouse", healthy, "prometheus", healthy)))));
    }

    @Test
    void theJobRunsInApplicationModeWithItsConfigurationAndReportsToPrometheus() throws IOException {
        JsonNode jobManager = services().get("flink-jobmanager");
        assertThat(strings(jobManager.get("command"))).containsExactly("standalone-job", "--job-classname",
                "org.haochaping.jobs.ratings.RatingPipelineJob", "--config", "/etc/haochaping/hcp.yaml");
        assertThat(strings(services().get("flink-taskmanager").get("command"))).containsExactly("taskmanager");
        for (String flink : List.of("flink-jobmanager", "flink-taskmanager")) {
            assertThat(environment(services().get(flink)).get("FLINK_PROPERTIES")).as(flink)
                    .contains("jobmanager.rpc.address: flink-jobmanager\n")
                    .contains("metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory\n")
                    .contains("metrics.reporter.prom.port: 9249\n");
        }
        assertThat(strings(services().get("hcp").get("command")))
                .containsExactly("serve", "--config", "/etc/haochaping/hcp.yaml");

        JsonNode prometheus = new YAMLMapper().readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        Map<String, List<String>> targets = new TreeMap<>();
        prometheus.get("scrape_configs").forEach(job -> {
            List<String> all = new ArrayList<>();
            job.get("static_configs").forEach(c -> all.addAll(strings(c.get("targets"))));
            targets.put(job.get("job_name").asText() + " " + job.path("metrics_path").asText("/metrics"), all);
        });
        assertThat(targets).isEqualTo(new TreeMap<>(Map.of(
                "hcp-ingest /metrics", List.of("hcp:8080"),
                "flink /metrics", List.of("flink-jobmanager:9249", "flink-taskmanager:9249"))));
    }

    @Test
    void everyBindMountPointsAtAFileOrFolderOfTheRepository() {
        List<String> checked = new ArrayList<>();
        services().fields().forEachRemaining(s -> strings(s.getValue().get("volumes")).forEach(volume -> {
            String source = withDefaults(volume).split(":")[0];
            if (source.startsWith(".")) {
                assertThat(DOCKER.resolve(source).normalize()).as(s.getKey() + ": " + volume).exists();
                checked.add(s.getKey() + " " + volume);
            }
        }));
        assertThat(checked).contains(
                "grafana ../dashboards/grafana/provisioning:/etc/grafana/provisioning:ro",
                "grafana ../dashboards/grafana/dashboards:/var/lib/grafana/dashboards:ro",
                "prometheus ./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(DOCKER.resolve("../dashboards/grafana/provisioning/datasources").normalize()).isDirectory();
        assertThat(DOCKER.resolve("../dashboards/grafana/provisioning/dashboards").normalize()).isDirectory();
        Map<String, String> grafana = environment(services().get("grafana"));
        assertThat(grafana.get("GF_INSTALL_PLUGINS")).isEqualTo("grafana-clickhouse-datasource");
        assertThat(grafana.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo("/var/lib/grafana/dashboards/hcp-live.json");
        assertThat(REPO.resolve("dashboards/grafana/dashboards/hcp-live.json")).isRegularFile();
    }

    @Test
    void stateLivesInNamedVolumes() {
        assertThat(names(compose.get("volumes"))).containsExactlyInAnyOrder("kafka-data", "clickhouse-data",
                "hcp-data", "flink-checkpoints", "prometheus-data", "grafana-data");
        Map<String, List<String>> named = new TreeMap<>();
        services().fields().forEachRemaining(s -> named.put(s.getKey(), strings(s.getValue().get("volumes")).stream()
                .filter(v -> !v.startsWith(".") && !v.startsWith("$")).toList()));
        assertThat(named).isEqualTo(new TreeMap<>(Map.of(
                "kafka", List.of("kafka-data:/var/lib/kafka/data"),
                "clickhouse", List.of("clickhouse-data:/var/lib/clickhouse"),
                "hcp", List.of("hcp-data:/var/lib/haochaping"),
                // checkpoints are written by both and must be one folder
                "flink-jobmanager", List.of("flink-checkpoints:/var/lib/haochaping"),
                "flink-taskmanager", List.of("flink-checkpoints:/var/lib/haochaping"),
                "prometheus", List.of("prometheus-data:/prometheus"),
                "grafana", List.of("grafana-data:/var/lib/grafana"))));
        // the job's checkpoints and the exports go to <dataDir>/…: dataDir must be the mounted volume
        for (String service : List.of("hcp", "flink-jobmanager")) {
            assertThat(environment(services().get(service)).get("HCP_DATA_DIR")).as(service)
                    .isEqualTo("/var/lib/haochaping");
        }
    }

    @Test
    void everyVariableTheFileUsesIsListedInTheEnvironmentExampleAndNothingElse() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(composeText);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(envExample().keySet()).isEqualTo(used);
    }

    @Test
    void noSecretIsWrittenIntoTheComposeFileOrTheExample() throws IOException {
        List<String> secrets = new ArrayList<>();
        services().fields().forEachRemaining(s -> environment(s.getValue()).forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                secrets.add(s.getKey() + " " + name);
                // a reference to the environment file, required or empty by default: never a value
                assertThat(value).as(s.getKey() + " " + name).matches(REQUIRED_REFERENCE);
            }
        }));
        assertThat(secrets).contains("hcp HCP_SECURITY_PHONE_HASH_KEY", "hcp HCP_SECURITY_PHONE_ENCRYPTION_KEY",
                "hcp HCP_SECURITY_QR_SECRET", "hcp HCP_CLICKHOUSE_PASSWORD", "clickhouse CLICKHOUSE_PASSWORD",
                "flink-jobmanager HCP_CLICKHOUSE_PASSWORD", "grafana GF_SECURITY_ADMIN_PASSWORD",
                "grafana CLICKHOUSE_PASSWORD");
        envExample().forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(value).as(name).isIn("CHANGE-ME", "");
            }
        });
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        assumeThat(onPath("docker-compose")).as("docker-compose installed (CI: .ci/run)").isTrue();
        Process process = new ProcessBuilder("docker-compose", "-f", "docker/docker-compose.yml", "--env-file",
                "docker/.env.example", "config", "-q").directory(REPO.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).isEmpty();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}

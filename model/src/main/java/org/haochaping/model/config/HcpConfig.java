package org.haochaping.model.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The whole configuration, parsed once at start by {@link ConfigLoader} from the built-in defaults, an
 * optional YAML file and {@code HCP_*} environment variables, then validated with messages naming the key.
 */
public record HcpConfig(
        String dataDir,
        String bindAddress,
        Http http,
        Kafka kafka,
        ClickHouse clickhouse,
        Flink flink,
        Security security,
        ValidationLimits validation,
        Scoring scoring) {

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** This configuration with one more trusted evaluator device (e.g. the demo's own simulator). */
    public HcpConfig withDevice(String deviceId, String secret) {
        Map<String, String> devices = new java.util.TreeMap<>(security.devices());
        devices.put(deviceId, secret);
        return new HcpConfig(dataDir, bindAddress, http, kafka, clickhouse, flink,
                new Security(security.signatureSkew(), security.phoneHashKey(), Map.copyOf(devices)),
                validation, scoring);
    }

    /** @param kafkaTimeout how long the edge waits for Kafka's ack before answering 503 */
    public record Http(int port, int maxBodyBytes, Duration kafkaTimeout, int retryAfterSeconds) {}

    /** @param embedded start an in-JVM broker under the data folder instead of using bootstrapServers */
    public record Kafka(boolean embedded, String bootstrapServers, String ratingsTopic, int partitions) {}

    public enum ClickHouseMode { EMBEDDED, SERVER }

    /** @param chdbLibrary path of libchdb.so for the embedded mode; empty = the hcp cache location */
    public record ClickHouse(ClickHouseMode mode, String chdbLibrary, String url, String user, String password,
                             String database) {}

    /**
     * @param earlyFiring how often an open window emits its full current result
     * @param dedupRetention how long a rating id is remembered to drop re-deliveries
     */
    public record Flink(int parallelism, Duration checkpointInterval, Duration outOfOrderness, Duration idleness,
                        Duration allowedLateness, Duration earlyFiring, Duration dedupRetention,
                        int sinkBatchSize, Duration sinkFlushInterval, int sinkMaxRetries) {}

    /** @param devices evaluator device id → shared HMAC secret */
    public record Security(Duration signatureSkew, String phoneHashKey, Map<String, String> devices) {}

    public record ValidationLimits(Duration clockSkew, Duration maxAge, int maxCommentChars, int maxTags) {}

    /** @param points score points per level 1..5 (满意度 average uses these) */
    public record Scoring(Map<Integer, Integer> points) {
        public int pointsOf(int level) {
            return points.getOrDefault(level, 0);
        }
    }
}

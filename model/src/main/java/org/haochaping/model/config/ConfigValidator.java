package org.haochaping.model.config;

import java.time.Duration;
import java.util.Map;

/** Semantic checks after binding: every failure names its key. */
final class ConfigValidator {

    /** The phone hash key of the built-in defaults: public, so fit only for a machine-local first look. */
    static final String DEMO_PHONE_HASH_KEY = "demo-phone-hash-key-change-me";

    private ConfigValidator() {}

    private static boolean isLoopback(String address) {
        return address.equals("localhost") || address.equals("::1") || address.startsWith("127.");
    }

    static void validate(HcpConfig c) {
        notBlank("dataDir", c.dataDir());
        notBlank("bindAddress", c.bindAddress());
        range("http.port", c.http().port(), 0, 65535);
        range("http.maxBodyBytes", c.http().maxBodyBytes(), 256, 16 * 1024 * 1024);
        positive("http.kafkaTimeout", c.http().kafkaTimeout());
        range("http.retryAfterSeconds", c.http().retryAfterSeconds(), 1, 3600);
        if (!c.kafka().embedded()) {
            notBlank("kafka.bootstrapServers", c.kafka().bootstrapServers());
        }
        notBlank("kafka.ratingsTopic", c.kafka().ratingsTopic());
        range("kafka.partitions", c.kafka().partitions(), 1, 1024);
        if (c.clickhouse().mode() == null) {
            throw new ConfigException("clickhouse.mode", "must be 'embedded' or 'server'");
        }
        if (c.clickhouse().mode() == HcpConfig.ClickHouseMode.SERVER) {
            notBlank("clickhouse.url", c.clickhouse().url());
        }
        notBlank("clickhouse.database", c.clickhouse().database());
        if (!c.clickhouse().database().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException("clickhouse.database", "must be a plain identifier");
        }
        HcpConfig.Flink f = c.flink();
        range("flink.parallelism", f.parallelism(), 1, 256);
        positive("flink.checkpointInterval", f.checkpointInterval());
        positive("flink.outOfOrderness", f.outOfOrderness());
        positive("flink.idleness", f.idleness());
        positive("flink.allowedLateness", f.allowedLateness());
        positive("flink.earlyFiring", f.earlyFiring());
        positive("flink.dedupRetention", f.dedupRetention());
        range("flink.sinkBatchSize", f.sinkBatchSize(), 1, 1_000_000);
        positive("flink.sinkFlushInterval", f.sinkFlushInterval());
        range("flink.sinkMaxRetries", f.sinkMaxRetries(), 0, 100);
        positive("security.signatureSkew", c.security().signatureSkew());
        if (c.security().phoneHashKey() == null || c.security().phoneHashKey().length() < 16) {
            throw new ConfigException("security.phoneHashKey", "must have at least 16 characters");
        }
        if (DEMO_PHONE_HASH_KEY.equals(c.security().phoneHashKey()) && !isLoopback(c.bindAddress())) {
            throw new ConfigException("security.phoneHashKey", "the built-in demo key is only allowed while "
                    + "bindAddress is a loopback address; set a secret key of your own");
        }
        for (Map.Entry<String, String> d : c.security().devices().entrySet()) {
            if (d.getValue() == null || d.getValue().length() < 16) {
                throw new ConfigException("security.devices." + d.getKey(), "device secret must have at least 16 characters");
            }
        }
        positive("validation.clockSkew", c.validation().clockSkew());
        positive("validation.maxAge", c.validation().maxAge());
        range("validation.maxCommentChars", c.validation().maxCommentChars(), 1, 10_000);
        range("validation.maxTags", c.validation().maxTags(), 1, 40);
        for (int level = 1; level <= 5; level++) {
            Integer p = c.scoring().points().get(level);
            if (p == null || p < 0) {
                throw new ConfigException("scoring.points." + level, "every level 1..5 needs non-negative points");
            }
        }
    }

    private static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "must not be empty");
        }
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigException(key, "must be a positive duration");
        }
    }
}

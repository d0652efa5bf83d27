package org.haochaping.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/** Configuration and a fixed clock for the edge's tests: random port on 127.0.0.1, two devices. */
final class TestConfigs {

    static final String DEVICE = "evaluator-hall7-03";
    static final String SECRET = "test-secret-for-evaluator-03";
    static final String OTHER_DEVICE = "evaluator-hall7-04";
    static final String OTHER_SECRET = "test-secret-for-evaluator-04";
    static final Instant NOW = Instant.parse("2026-11-21T08:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final int MAX_BODY_BYTES = 4096;
    static final int RETRY_AFTER_SECONDS = 7;

    private TestConfigs() {}

    static HcpConfig config() {
        return config(Map.of());
    }

    static HcpConfig config(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("http.port", "0");
        overrides.put("http.maxBodyBytes", Integer.toString(MAX_BODY_BYTES));
        overrides.put("http.kafkaTimeout", "1500ms");
        overrides.put("http.retryAfterSeconds", Integer.toString(RETRY_AFTER_SECONDS));
        overrides.put("security.signatureSkew", "5m");
        overrides.put("security.phoneHashKey", "test-phone-hash-key-0123456789");
        overrides.put("security.devices." + DEVICE, SECRET);
        overrides.put("security.devices." + OTHER_DEVICE, OTHER_SECRET);
        overrides.putAll(extra);
        return ConfigLoader.load(null, Map.of(), overrides);
    }
}

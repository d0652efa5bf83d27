package org.haochaping.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * Configuration and a fixed clock for the edge's tests: random port on 127.0.0.1, two devices, one
 * business system, one SMS gateway, test keys.
 */
final class TestConfigs {

    static final String DEVICE = "evaluator-hall7-03";
    static final String SECRET = "test-secret-for-evaluator-03";
    static final String OTHER_DEVICE = "evaluator-hall7-04";
    static final String OTHER_SECRET = "test-secret-for-evaluator-04";
    static final String SYSTEM = "counter-system-hall7";
    static final String SYSTEM_SECRET = "test-secret-for-business-system";
    static final String GATEWAY = "sms-gw-1";
    static final String GATEWAY_SECRET = "test-secret-for-sms-gateway-1";
    /** base64 of 32 bytes: the AES-256 key sealing phones. */
    static final String PHONE_ENCRYPTION_KEY = "dGVzdC1waG9uZS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=";
    static final String QR_SECRET = "test-qr-secret-0123456789";
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
        overrides.put("security.systems." + SYSTEM, SYSTEM_SECRET);
        overrides.put("security.smsGateways." + GATEWAY, GATEWAY_SECRET);
        overrides.put("security.phoneEncryptionKey", PHONE_ENCRYPTION_KEY);
        overrides.put("security.qrSecret", QR_SECRET);
        overrides.put("kiosk.resetAfter", "20s");
        overrides.putAll(extra);
        return ConfigLoader.load(null, Map.of(), overrides);
    }
}

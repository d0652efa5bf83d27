package org.haochaping.model.config;

import java.time.Duration;
import java.util.Map;

/** Semantic checks after binding: every failure names its key. */
final class ConfigValidator {

    /** The phone hash key of the built-in defaults: public, so fit only for a machine-local first look. */
    static final String DEMO_PHONE_HASH_KEY = "demo-phone-hash-key-change-me";
    static final String DEMO_PHONE_ENCRYPTION_KEY = "ZGVtby1waG9uZS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU=";
    static final String DEMO_QR_SECRET = "demo-qr-secret-change-me";

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
        notBlank("kafka.transactionsTopic", c.kafka().transactionsTopic());
        notBlank("kafka.smsInboundTopic", c.kafka().smsInboundTopic());
        notBlank("kafka.smsOutboxTopic", c.kafka().smsOutboxTopic());
        notBlank("kafka.workOrderCommandsTopic", c.kafka().workOrderCommandsTopic());
        notBlank("kafka.workOrderOutcomesTopic", c.kafka().workOrderOutcomesTopic());
        notBlank("kafka.alertsTopic", c.kafka().alertsTopic());
        if (new java.util.HashSet<>(c.kafka().topics()).size() != c.kafka().topics().size()) {
            throw new ConfigException("kafka", "every topic needs its own name, got " + c.kafka().topics());
        }
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
        String cluster = c.clickhouse().cluster();
        if (cluster != null && !cluster.isEmpty()) {
            // the name goes into ON CLUSTER and Distributed(…) quoted as an identifier: the id alphabet keeps
            // it free of backquotes and of the {macro} braces
            if (!org.haochaping.model.FieldRules.ID.matcher(cluster).matches()) {
                throw new ConfigException("clickhouse.cluster",
                        "must be 1-64 letters, digits, '.', '_', ':' or '-' (a cluster of remote_servers), or empty");
            }
            if (c.clickhouse().mode() != HcpConfig.ClickHouseMode.SERVER) {
                throw new ConfigException("clickhouse.cluster", "needs clickhouse.mode: server (the embedded "
                        + "ClickHouse is one process and has no cluster)");
            }
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
        try {
            org.haochaping.model.PhoneCipher.fromBase64Key(c.security().phoneEncryptionKey());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("security.phoneEncryptionKey", e.getMessage());
        }
        if (DEMO_PHONE_ENCRYPTION_KEY.equals(c.security().phoneEncryptionKey()) && !isLoopback(c.bindAddress())) {
            throw new ConfigException("security.phoneEncryptionKey", "the built-in demo key is only allowed while "
                    + "bindAddress is a loopback address; set a secret key of your own");
        }
        if (c.security().qrSecret() == null || c.security().qrSecret().length() < 16) {
            throw new ConfigException("security.qrSecret", "must have at least 16 characters");
        }
        if (DEMO_QR_SECRET.equals(c.security().qrSecret()) && !isLoopback(c.bindAddress())) {
            throw new ConfigException("security.qrSecret", "the built-in demo key is only allowed while "
                    + "bindAddress is a loopback address; set a secret key of your own");
        }
        secrets("security.devices", c.security().devices());
        secrets("security.systems", c.security().systems());
        secrets("security.smsGateways", c.security().smsGateways());
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
        rules(c);
    }

    private static void rules(HcpConfig c) {
        HcpConfig.Rules r = c.rules();
        if (r.timeZone() == null) {
            throw new ConfigException("rules.timeZone", "required, e.g. Asia/Shanghai");
        }
        range("rules.ratingWindow", r.ratingWindow(), 1, 366);
        if (r.ratingWindowDays() == null) {
            throw new ConfigException("rules.ratingWindowDays", "must be 'natural' or 'working'");
        }
        range("rules.defaultLevel", r.defaultLevel(), 3, 5);
        if (r.smsInvitationDelay() == null || r.smsInvitationDelay().isNegative()) {
            throw new ConfigException("rules.smsInvitationDelay", "must be a duration, 0 to send no invitations");
        }
        positive("rules.evaluatorSpamInterval", r.evaluatorSpamInterval());
        positive("rules.caseRetention", r.caseRetention());
        if (c.sms().gateway() == null) {
            throw new ConfigException("sms.gateway", "must be 'logging' or 'http'");
        }
        if (c.sms().gateway() == HcpConfig.SmsGatewayKind.HTTP) {
            notBlank("sms.httpUrl", c.sms().httpUrl());
        }
        notBlank("sms.template", c.sms().template());
        notBlank("sms.rerateTemplate", c.sms().rerateTemplate());
        notBlank("qr.publicBaseUrl", c.qr().publicBaseUrl());
        if (!c.qr().publicBaseUrl().matches("https?://[^\\s]+")) {
            throw new ConfigException("qr.publicBaseUrl", "must be an http(s) URL, got '" + c.qr().publicBaseUrl() + "'");
        }
        positive("qr.caseTokenTtl", c.qr().caseTokenTtl());
        positive("qr.posterTokenTtl", c.qr().posterTokenTtl());
        positive("kiosk.resetAfter", c.kiosk().resetAfter());
        workOrders(c);
        alerts(c.alerts());
        console(c);
        evaluation(c.evaluation());
    }

    /** A policy file that is set must exist and be a valid policy now, not only at the first run. */
    private static void evaluation(HcpConfig.Evaluation e) {
        if (e.policyFile().isBlank()) {
            return;
        }
        java.nio.file.Path file = java.nio.file.Path.of(e.policyFile());
        try {
            org.haochaping.model.evaluation.EvaluationPolicy.parse(java.nio.file.Files.readAllBytes(file));
        } catch (java.io.IOException ex) {
            throw new ConfigException("evaluation.policyFile", "cannot read '" + file + "': " + ex.getMessage());
        } catch (IllegalArgumentException ex) {
            throw new ConfigException("evaluation.policyFile", ex.getMessage());
        }
    }

    private static void workOrders(HcpConfig c) {
        HcpConfig.WorkOrders w = c.workOrders();
        range("workOrders.followUpDays", w.followUpDays(), 1, 60);
        range("workOrders.rectifyDays", w.rectifyDays(), 1, 120);
        java.time.LocalTime opens = time("workOrders.officeOpens", w.officeOpens());
        java.time.LocalTime closes = time("workOrders.officeCloses", w.officeCloses());
        if (!closes.isAfter(opens)) {
            throw new ConfigException("workOrders.officeCloses", "must be after workOrders.officeOpens (" + opens + ")");
        }
        positive("workOrders.dueSoonBefore", w.dueSoonBefore());
        if (w.dueSoonBefore().compareTo(java.time.Duration.between(opens, closes).multipliedBy(w.followUpDays())) >= 0) {
            throw new ConfigException("workOrders.dueSoonBefore", "must be shorter than the follow-up period ("
                    + w.followUpDays() + " working days of office time)");
        }
        range("workOrders.rerateWindow", w.rerateWindow(), 1, 366);
        if (w.rerateWindowDays() == null) {
            throw new ConfigException("workOrders.rerateWindowDays", "must be 'natural' or 'working'");
        }
        positive("workOrders.retention", w.retention());
    }

    private static java.time.LocalTime time(String key, String text) {
        try {
            return java.time.LocalTime.parse(text == null ? "" : text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(key, "'" + text + "' is not a time of day such as 09:00");
        }
    }

    private static void alerts(HcpConfig.Alerts a) {
        if (a.webhookUrl() != null && !a.webhookUrl().isEmpty() && !a.webhookUrl().matches("https?://[^\\s]+")) {
            throw new ConfigException("alerts.webhookUrl", "must be an http(s) URL or empty, got '" + a.webhookUrl() + "'");
        }
        if (a.webhookTypes() == null || a.webhookTypes().contains(null)) {
            throw new ConfigException("alerts.webhookTypes", "a list of bad_rating, due_soon, overdue, spike");
        }
        range("alerts.webhookMaxAttempts", a.webhookMaxAttempts(), 1, 100);
        positive("alerts.webhookTimeout", a.webhookTimeout());
        range("alerts.spikeThreshold", a.spikeThreshold(), 2, 1000);
        positive("alerts.spikeWindow", a.spikeWindow());
    }

    private static void console(HcpConfig c) {
        range("console.port", c.console().port(), 0, 65535);
        if (c.console().port() != 0 && c.console().port() == c.http().port()) {
            throw new ConfigException("console.port", "must differ from http.port (" + c.http().port() + ")");
        }
        positive("console.commandTimeout", c.console().commandTimeout());
        java.util.Set<String> tokens = new java.util.HashSet<>();
        for (Map.Entry<String, HcpConfig.ConsoleUser> u : c.console().users().entrySet()) {
            String key = "console.users." + u.getKey();
            if (!org.haochaping.model.FieldRules.ID.matcher(u.getKey()).matches()) {
                throw new ConfigException(key, "id must be 1-64 letters, digits, '.', '_', ':' or '-'");
            }
            HcpConfig.ConsoleUser user = u.getValue();
            if (user == null || user.role() == null) {
                throw new ConfigException(key + ".role", "must be supervisor, auditor or clerk");
            }
            if (user.role() != org.haochaping.model.workorders.ConsoleRole.CLERK
                    && (user.halls() == null || user.halls().isEmpty())) {
                throw new ConfigException(key + ".halls", "a " + user.role().wireName() + " needs at least one hall, or \"*\"");
            }
            if (user.tokenSha256() == null || !user.tokenSha256().matches("[0-9a-f]{64}")) {
                throw new ConfigException(key + ".tokenSha256", "must be the 64 hex digits of the token's SHA-256");
            }
            if (!tokens.add(user.tokenSha256())) {
                throw new ConfigException(key + ".tokenSha256", "another user has the same token");
            }
        }
    }

    private static void secrets(String key, Map<String, String> secrets) {
        for (Map.Entry<String, String> d : secrets.entrySet()) {
            if (!org.haochaping.model.FieldRules.ID.matcher(d.getKey()).matches()) {
                throw new ConfigException(key + "." + d.getKey(), "id must be 1-64 letters, digits, '.', '_', ':' or '-'");
            }
            if (d.getValue() == null || d.getValue().length() < 16) {
                throw new ConfigException(key + "." + d.getKey(), "secret must have at least 16 characters");
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

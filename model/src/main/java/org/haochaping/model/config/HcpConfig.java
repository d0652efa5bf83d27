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
        Scoring scoring,
        Rules rules,
        Sms sms,
        Qr qr,
        Kiosk kiosk,
        WorkOrders workOrders,
        Alerts alerts,
        Console console,
        Evaluation evaluation) {

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** This configuration with one more trusted evaluator device (e.g. the demo's own simulator). */
    public HcpConfig withDevice(String deviceId, String secret) {
        Map<String, String> devices = new java.util.TreeMap<>(security.devices());
        devices.put(deviceId, secret);
        return withSecurity(new Security(security.signatureSkew(), security.phoneHashKey(),
                security.phoneEncryptionKey(), security.qrSecret(), Map.copyOf(devices), security.systems(),
                security.smsGateways()));
    }

    /** This configuration with one more trusted counter business system (e.g. the demo's simulator). */
    public HcpConfig withSystem(String systemId, String secret) {
        Map<String, String> systems = new java.util.TreeMap<>(security.systems());
        systems.put(systemId, secret);
        return withSecurity(new Security(security.signatureSkew(), security.phoneHashKey(),
                security.phoneEncryptionKey(), security.qrSecret(), security.devices(), Map.copyOf(systems),
                security.smsGateways()));
    }

    /** This configuration with one more trusted SMS gateway (e.g. the demo's simulated one). */
    public HcpConfig withSmsGateway(String gatewayId, String secret) {
        Map<String, String> gateways = new java.util.TreeMap<>(security.smsGateways());
        gateways.put(gatewayId, secret);
        return withSecurity(new Security(security.signatureSkew(), security.phoneHashKey(),
                security.phoneEncryptionKey(), security.qrSecret(), security.devices(), security.systems(),
                Map.copyOf(gateways)));
    }

    /** This configuration with one more console user whose bearer token is {@code token}. */
    public HcpConfig withConsoleUser(String userId, org.haochaping.model.workorders.ConsoleRole role,
                                     java.util.List<String> halls, String token) {
        Map<String, ConsoleUser> users = new java.util.TreeMap<>(console.users());
        users.put(userId, new ConsoleUser(role, java.util.List.copyOf(halls), ConsoleUser.hash(token)));
        return new HcpConfig(dataDir, bindAddress, http, kafka, clickhouse, flink, security, validation, scoring,
                rules, sms, qr, kiosk, workOrders, alerts, new Console(console.port(), console.commandTimeout(),
                Map.copyOf(users)), evaluation);
    }

    private HcpConfig withSecurity(Security s) {
        return new HcpConfig(dataDir, bindAddress, http, kafka, clickhouse, flink, s, validation, scoring,
                rules, sms, qr, kiosk, workOrders, alerts, console, evaluation);
    }

    /** Where evaluation exports go: {@code evaluation.exportDir}, or {@code <dataDir>/exports} when empty. */
    public Path exportPath() {
        return evaluation.exportDir().isBlank() ? dataPath().resolve("exports") : Path.of(evaluation.exportDir());
    }

    /** @param kafkaTimeout how long the edge waits for Kafka's ack before answering 503 */
    public record Http(int port, int maxBodyBytes, Duration kafkaTimeout, int retryAfterSeconds) {}

    /** @param embedded start an in-JVM broker under the data folder instead of using bootstrapServers */
    /**
     * @param workOrderCommandsTopic console → stream job: commands on work orders
     * @param workOrderOutcomesTopic stream job → console: the answer to each command
     * @param alertsTopic stream job → webhook sender
     */
    public record Kafka(boolean embedded, String bootstrapServers, String ratingsTopic, String transactionsTopic,
                        String smsInboundTopic, String smsOutboxTopic, String workOrderCommandsTopic,
                        String workOrderOutcomesTopic, String alertsTopic, int partitions) {
        /** Every topic the system uses: what an embedded broker creates before the job starts. */
        public java.util.List<String> topics() {
            return java.util.List.of(ratingsTopic, transactionsTopic, smsInboundTopic, smsOutboxTopic,
                    workOrderCommandsTopic, workOrderOutcomesTopic, alertsTopic);
        }
    }

    public enum ClickHouseMode { EMBEDDED, SERVER }

    /**
     * @param chdbLibrary path of libchdb.so for the embedded mode; empty = the hcp cache location
     * @param cluster     a cluster of the server's remote_servers: the migrations create replicated tables behind
     *                    Distributed ones on it; empty = a single server (server mode only)
     */
    public record ClickHouse(ClickHouseMode mode, String chdbLibrary, String url, String user, String password,
                             String database, String cluster) {}

    /**
     * @param earlyFiring how often an open window emits its full current result
     * @param dedupRetention how long a rating id is remembered to drop re-deliveries
     */
    public record Flink(int parallelism, Duration checkpointInterval, Duration outOfOrderness, Duration idleness,
                        Duration allowedLateness, Duration earlyFiring, Duration dedupRetention,
                        int sinkBatchSize, Duration sinkFlushInterval, int sinkMaxRetries) {}

    /**
     * @param phoneEncryptionKey AES-256 key (base64 of 32 bytes) sealing phones that must travel for SMS
     * @param qrSecret HMAC key of QR tokens
     * @param devices evaluator device id → shared HMAC secret
     * @param systems counter business system id → shared HMAC secret (transactions, "请评价")
     * @param smsGateways SMS gateway id → shared HMAC secret (inbound replies)
     */
    public record Security(Duration signatureSkew, String phoneHashKey, String phoneEncryptionKey, String qrSecret,
                           Map<String, String> devices, Map<String, String> systems,
                           Map<String, String> smsGateways) {}

    public record ValidationLimits(Duration clockSkew, Duration maxAge, int maxCommentChars, int maxTags) {}

    /** @param points score points per level 1..5 (满意度 average uses these) */
    public record Scoring(Map<Integer, Integer> points) {
        public int pointsOf(int level) {
            return points.getOrDefault(level, 0);
        }
    }

    /**
     * Locality rules for cases (办件).
     *
     * @param timeZone where day boundaries of rating windows fall
     * @param ratingWindow days after completion within which a case may be rated before a default
     * @param ratingWindowDays whether those days are natural or working days (holiday calendar with 调休)
     * @param defaultLevel the level of a default rating (3..5)
     * @param smsInvitationDelay after completion, an unrated case with a phone gets an SMS invitation;
     *     0 turns invitations off
     * @param evaluatorSpamInterval presses on one evaluator closer than this, without a new case, are spam
     * @param caseRetention how long after its rating window a case's state is kept (一事一评, 追评)
     */
    public record Rules(java.time.ZoneId timeZone, int ratingWindow,
                        org.haochaping.model.calendar.DayCount.Kind ratingWindowDays, int defaultLevel,
                        Duration smsInvitationDelay, Duration evaluatorSpamInterval, Duration caseRetention) {
        public org.haochaping.model.calendar.DayCount ratingWindowCount() {
            return new org.haochaping.model.calendar.DayCount(ratingWindow, ratingWindowDays);
        }
    }

    public enum SmsGatewayKind { LOGGING, HTTP }

    /**
     * @param gateway LOGGING writes invitations to the log (embedded default); HTTP posts them to httpUrl
     * @param template the invitation text; {hall}, {item}, {projectNo} are filled in
     * @param rerateTemplate the 追评 invitation after a rectified 差评, same placeholders
     */
    public record Sms(SmsGatewayKind gateway, String httpUrl, String httpToken, String template,
                      String rerateTemplate) {}

    /**
     * @param publicBaseUrl how citizens' phones reach {@code /r/{token}} (printed into QR codes)
     * @param caseTokenTtl how long a per-case code (on the receipt) stays valid
     * @param posterTokenTtl how long a per-counter poster stays valid
     */
    public record Qr(String publicBaseUrl, Duration caseTokenTtl, Duration posterTokenTtl) {}

    /** @param resetAfter the evaluator page goes back to its idle screen after this long */
    public record Kiosk(Duration resetAfter) {}

    /**
     * 差评 work orders (locality rules: Zhejiang 1 and 15 working days; others rectify within 5 or 7).
     *
     * @param followUpDays 回访 within this many working days of office time after the 差评
     * @param rectifyDays 整改 within this many working days of office time after the 差评
     * @param officeOpens office hours' start, HH:mm, in rules.timeZone
     * @param officeCloses office hours' end, HH:mm
     * @param dueSoonBefore a due-soon alert this much office time before each deadline
     * @param rerateWindow after rectification the citizen may give one 追评 within this many days
     * @param rerateWindowDays natural or working days
     * @param retention how long after a work order is closed its state is kept (late commands get a
     *     precise answer until then)
     */
    public record WorkOrders(int followUpDays, int rectifyDays, String officeOpens, String officeCloses,
                             Duration dueSoonBefore, int rerateWindow,
                             org.haochaping.model.calendar.DayCount.Kind rerateWindowDays, Duration retention) {
        public org.haochaping.model.calendar.OfficeHours officeHours(java.time.ZoneId zone) {
            return new org.haochaping.model.calendar.OfficeHours(java.time.LocalTime.parse(officeOpens),
                    java.time.LocalTime.parse(officeCloses), zone);
        }

        public org.haochaping.model.calendar.DayCount rerateWindowCount() {
            return new org.haochaping.model.calendar.DayCount(rerateWindow, rerateWindowDays);
        }
    }

    /**
     * @param webhookUrl where alerts are posted as JSON; empty = no webhook (alerts stay in the table)
     * @param webhookToken sent as {@code Authorization: Bearer …} when not empty
     * @param webhookTypes which alert types are posted
     * @param webhookMaxAttempts tries per alert before it is recorded failed
     * @param webhookTimeout per request
     * @param spikeThreshold a spike is at least this many 差评 for one clerk or counter …
     * @param spikeWindow … within this much event time
     */
    public record Alerts(String webhookUrl, String webhookToken,
                         java.util.List<org.haochaping.model.workorders.AlertType> webhookTypes,
                         int webhookMaxAttempts, Duration webhookTimeout, int spikeThreshold, Duration spikeWindow) {}

    /**
     * The supervisors' console (its own port).
     *
     * @param commandTimeout how long a command request waits for the stream job's answer before 202
     * @param users user id → role, halls and the SHA-256 (hex) of the user's bearer token; a clerk's user id
     *     is their clerk id
     */
    public record Console(int port, Duration commandTimeout, Map<String, ConsoleUser> users) {}

    /**
     * @param halls the halls the user acts in; "*" = all
     * @param tokenSha256 hex SHA-256 of the bearer token, so the configuration holds no usable credential
     */
    public record ConsoleUser(org.haochaping.model.workorders.ConsoleRole role, java.util.List<String> halls,
                              String tokenSha256) {
        public ConsoleUser {
            halls = halls == null ? java.util.List.of() : java.util.List.copyOf(halls);
        }

        /** The hex SHA-256 of a bearer token, as {@code tokenSha256} holds it. */
        public static String hash(String token) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JVM", e);
            }
        }
    }

    /**
     * The monthly evaluation (月度考核).
     *
     * @param policyFile the evaluation policy (YAML); empty = the built-in default policy. Read at every run,
     *     so a changed policy applies from the next run; its SHA-256 is recorded with every result
     * @param exportDir where `hcp evaluate` writes its XLSX and CSV; empty = {@code <dataDir>/exports}
     */
    public record Evaluation(String policyFile, String exportDir) {}
}

package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.haochaping.model.HmacSha256;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.haochaping.model.sms.SmsReply;
import org.junit.jupiter.api.Test;

/**
 * Bad input against every public endpoint of the edge: a seeded generator (fixed seed, the same requests
 * every run) makes several thousand requests per endpoint — malformed and truncated JSON, wrong types,
 * bodies over {@code http.maxBodyBytes}, deep nesting, invalid UTF-8 and odd encodings, emoji, SQL and
 * HTML/script injection in free-text and id fields, forged, replayed and stale signatures, expired,
 * forged and hostile QR tokens, malformed forms and query strings — and sends them concurrently to the
 * real {@link IngestServer} over a real in-JVM Kafka broker ({@link EdgeKafkaFixture}).
 *
 * <p>Asserted, collecting every offence and failing once with the first few:
 * <ul>
 *   <li>never a 5xx (nor a dropped connection);</li>
 *   <li>every 4xx says why: a JSON {@code {"error": "..."}}, or for the pages a Chinese HTML page;</li>
 *   <li>every HTML answer escapes what it echoes: no injected markup raw, no {@code <script} but the page's own;</li>
 *   <li>requests meant to be refused are refused (4xx, with the exact status where it is known), valid ones accepted;</li>
 *   <li>the topics, read to their ends, hold exactly one record per accepted request (202, or the QR thank-you
 *       page) and nothing else; injected text in an accepted record is verbatim.</li>
 * </ul>
 * {@code -Dhcp.badInput.perEndpoint=N} changes the number of generated requests per endpoint.
 */
class EdgeBadInputITCase extends EdgeKafkaFixture {

    private static final long SEED = 20261121L;
    private static final int PER_ENDPOINT = Integer.getInteger("hcp.badInput.perEndpoint", 2500);
    private static final int IN_FLIGHT = 32;
    private static final int MAX_BODY = TestConfigs.MAX_BODY_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    private static final Pattern SCRIPT_TAG = Pattern.compile("(?i)<script");

    static final String E_RATINGS = "POST /api/v1/ratings";
    static final String E_TRANSACTIONS = "POST /api/v1/transactions";
    static final String E_RATING_REQUESTS = "POST /api/v1/rating-requests";
    static final String E_TOKEN_RATINGS = "POST /api/v1/token-ratings";
    static final String E_QR_PAGE = "GET /r/{token}";
    static final String E_QR_FORM = "POST /r/{token}";
    static final String E_SMS = "POST /api/v1/sms/inbound";
    static final String E_KIOSK = "GET /kiosk/...";

    /** Free text that must travel verbatim, or be refused; never executed or rendered as markup. */
    static final List<String> HOSTILE_TEXT = List.of(
            "<script>alert('x')</script>",
            "\"><script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg/onload=alert(document.domain)>",
            "</textarea><script>alert(document.cookie)</script>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<!-- x --><b>bold</b><style>body{display:none}</style>",
            "javascript:alert(1)",
            "'; DROP TABLE ratings; --",
            "' OR '1'='1",
            "1); DELETE FROM raw_ratings WHERE 1=1; --",
            "\\'; SELECT * FROM system.users FORMAT JSON; --",
            "Robert'); DROP TABLE students;--",
            "' UNION SELECT phone_hash, phone_masked FROM ratings --",
            "${jndi:ldap://127.0.0.1:1389/a}",
            "{{7*7}} #{7*7} <%= 7*7 %>",
            "%s%s%s%n %x",
            "\u0000nul\u0000byte",
            "line1\r\nline2\ttab\u000b\u000c",
            "😀👍🏻👨‍👩‍👧‍👦 很满意",
            "等待时间太长😡😡😡",
            "\u202Eevil RTL override\u202C",
            "𠀀𪚥𰻞 rare CJK",
            "\ud83d lone high surrogate",
            "lone low \ude00 surrogate",
            "&lt;already escaped&gt; &amp; &#60;script&#62;",
            "\\u003cscript\\u003e escaped in text",
            "\"quoted\" and 'single' and `back`");
    /** Hostile text whose markup an HTML answer must never hold raw. */
    static final List<String> MARKUP = HOSTILE_TEXT.stream().filter(s -> s.contains("<")).toList();

    enum Expect { OK, REJECTED, ANY }

    /** One generated request; {@link #then} follow it on the same chain, in order. */
    static final class Probe {
        final String endpoint;
        final String kind;
        Expect expect = Expect.ANY;
        Integer status;
        String method = "POST";
        String uri;
        String contentType;
        byte[] body;
        boolean chunked;
        final Map<String, String> headers = new LinkedHashMap<>();
        /** where an accepted one lands; null when accepting stores nothing. */
        String topic;
        /** the 202 answer's id field, or null when the id is known here ({@link #knownId}). */
        String idField;
        String knownId;
        /** the second answer to the same rating id: accepted again but no second record. */
        boolean noNewRecord;
        /** record field → exact text the record must hold. */
        final Map<String, String> verbatim = new LinkedHashMap<>();
        /** escaped forms an HTML answer must contain. */
        final List<String> mustContain = new ArrayList<>();
        Function<Outcome, List<Probe>> then;

        Probe(String endpoint, String kind) {
            this.endpoint = endpoint;
            this.kind = kind;
        }

        Probe expect(Expect e, Integer exactStatus) {
            expect = e;
            status = exactStatus;
            return this;
        }

        Probe then(Probe... next) {
            List<Probe> list = List.of(next);
            then = o -> list;
            return this;
        }

        String describe() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", "·");
            return method + " " + (uri.length() > 120 ? uri.substring(0, 120) + "…" : uri) + " [" + contentType
                    + (chunked ? ", chunked" : "") + ", " + (body == null ? 0 : body.length) + " B] " + b;
        }
    }

    record Outcome(int status, String contentType, String body, String transportError) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                return null;
            }
        }
    }

    // ---- the run ------------------------------------------------------------------------------------

    private final ConcurrentLinkedQueue<String> offences = new ConcurrentLinkedQueue<>();
    private final Map<String, Map<String, LongAdder>> sentByKind = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, LongAdder>> statusByEndpoint = new ConcurrentHashMap<>();
    /** topic → id of every accepted request, as many times as it was accepted (a new record each time). */
    private final Map<String, ConcurrentLinkedQueue<String>> acceptedIds = new ConcurrentHashMap<>();
    /** id → the text its record must hold. */
    private final Map<String, Map<String, String>> verbatimById = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();

    private IngestServer badEdge;
    private HttpClientAgent http;
    private Gen gen;

    @Test
    void everyEndpointRefusesBadInputCleanlyAndStoresExactlyWhatItAccepted() throws Exception {
        // an edge of our own on the fixture's broker and topics, with a Kafka timeout that tolerates a busy
        // 2-core machine: a 503 here would be load, not bad input
        badEdge = IngestServer.start(vertx, TestConfigs.config(Map.of(
                        "kafka.ratingsTopic", ratingsTopic,
                        "kafka.transactionsTopic", transactionsTopic,
                        "kafka.smsInboundTopic", smsTopic,
                        "http.kafkaTimeout", "15s")),
                broker.bootstrapServers(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), TestConfigs.CLOCK)
                .await(30, TimeUnit.SECONDS);
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxInitialLineLength(8192),
                new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
        long started = System.nanoTime();
        // one evaluator page of the main counter is open, so 请评价 for it is delivered (202)
        try (EventStreamClient kiosk = new EventStreamClient(vertx, badEdge.port(),
                CaseTokens.kioskPath(CaseTokens.COUNTER, "/events"))) {
            assertThat(kiosk.status()).isEqualTo(200);
            kiosk.awaitText("connected to counter");
            gen = new Gen(new Random(SEED));
            List<Probe> probes = gen.all();
            run(probes);
        } finally {
            http.close().await(10, TimeUnit.SECONDS);
            badEdge.close().await(30, TimeUnit.SECONDS);
        }
        long sentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        checkTopics();
        String summary = summary(sentMillis);
        System.out.println(summary);
        if (!offences.isEmpty()) {
            List<String> all = new ArrayList<>(offences);
            Path report = Path.of(System.getProperty("hcp.test.tmp", "target/tmp"), "edge-bad-input-offences.txt");
            Files.createDirectories(report.getParent());
            Files.write(report, String.join("\n", all).getBytes(StandardCharsets.UTF_8));
            Map<String, Long> byReason = all.stream().collect(Collectors.groupingBy(
                    s -> s.substring(0, s.indexOf(':') < 0 ? s.length() : s.indexOf(':')), TreeMap::new,
                    Collectors.counting()));
            throw new AssertionError(all.size() + " offences in " + sent.get() + " requests (all in " + report
                    + "); by kind " + byReason
                    + "\nfirst ones:\n  " + String.join("\n  ", all.subList(0, Math.min(12, all.size())))
                    + "\n" + summary);
        }
    }

    private void run(List<Probe> probes) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(probes.size());
        AtomicInteger next = new AtomicInteger();
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            int i = next.getAndIncrement();
            if (i < probes.size()) {
                chain(probes.get(i)).onComplete(ar -> {
                    if (ar.failed()) {
                        offences.add("harness: " + ar.cause());
                    }
                    done.countDown();
                    pump[0].run();
                });
            }
        };
        for (int i = 0; i < IN_FLIGHT; i++) {
            pump[0].run();
        }
        assertThat(done.await(10, TimeUnit.MINUTES)).as("all requests answered").isTrue();
    }

    private Future<Void> chain(Probe p) {
        return send(p).compose(outcome -> {
            judge(p, outcome);
            List<Probe> next = p.then == null || outcome.status() < 0 ? List.of() : p.then.apply(outcome);
            Future<Void> f = Future.succeededFuture();
            for (Probe n : next) {
                f = f.compose(v -> chain(n));
            }
            return f;
        });
    }

    private Future<Outcome> send(Probe p) {
        sent.incrementAndGet();
        sentByKind.computeIfAbsent(p.endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(p.kind, k -> new LongAdder()).increment();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(p.method)).setHost("127.0.0.1")
                .setPort(badEdge.port()).setURI(p.uri).setIdleTimeout(30_000);
        return http.request(options).compose(req -> {
            p.headers.forEach(req::putHeader);
            if (p.contentType != null) {
                req.putHeader("Content-Type", p.contentType);
            }
            Future<HttpClientResponse> response;
            if (p.chunked) {
                req.setChunked(true);
                req.write(Buffer.buffer(p.body));
                req.end();
                response = req.response();
            } else {
                response = p.body == null ? req.send() : req.send(Buffer.buffer(p.body));
            }
            return response.compose(r -> r.body().map(b -> new Outcome(r.statusCode(), r.getHeader("Content-Type"),
                    b.toString(StandardCharsets.UTF_8), null)));
        }).recover(t -> Future.succeededFuture(new Outcome(-1, null, "", t.toString())));
    }

    // ---- judging one answer -------------------------------------------------------------------------

    private void judge(Probe p, Outcome o) {
        statusByEndpoint.computeIfAbsent(p.endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(o.status(), s -> new LongAdder()).increment();
        String who = p.endpoint + " [" + p.kind + "] → " + o.status() + " ";
        if (o.status() < 0) {
            offence("no answer", who + o.transportError() + " for " + p.describe());
            return;
        }
        if (o.status() >= 500) {
            offence("5xx", who + abbreviate(o.body()) + " for " + p.describe());
            return;
        }
        if (p.expect == Expect.OK && o.status() / 100 != 2) {
            offence("valid refused", who + abbreviate(o.body()) + " for " + p.describe());
        }
        if (p.expect == Expect.REJECTED && o.status() / 100 != 4) {
            offence("bad accepted", who + abbreviate(o.body()) + " for " + p.describe());
        }
        if (p.status != null && o.status() != p.status) {
            offence("wrong status", who + "expected " + p.status + ": " + abbreviate(o.body()) + " for " + p.describe());
        }
        boolean html = o.contentType() != null && o.contentType().startsWith("text/html");
        if (o.status() >= 400) {
            if (html) {
                if (!o.body().contains("lang=\"zh-CN\"") || !CJK.matcher(o.body()).find()) {
                    offence("4xx without Chinese page", who + abbreviate(o.body()) + " for " + p.describe());
                }
            } else {
                JsonNode json = o.json();
                if (o.contentType() == null || !o.contentType().startsWith("application/json") || json == null
                        || !json.path("error").isTextual() || json.path("error").asText().isBlank()) {
                    offence("4xx without JSON error", who + o.contentType() + " " + abbreviate(o.body()) + " for "
                            + p.describe());
                }
            }
        }
        if (html) {
            judgeHtml(p, o, who);
        }
        recordAcceptance(p, o, html, who);
    }

    private void judgeHtml(Probe p, Outcome o, String who) {
        String page = o.body();
        for (String markup : MARKUP) {
            if (page.contains(markup)) {
                offence("unescaped echo", who + "holds raw " + markup + " for " + p.describe());
            }
        }
        long scripts = SCRIPT_TAG.matcher(page).results().count();
        long own = page.contains("data-page=\"qr-form\"") ? 1 : p.endpoint.equals(E_KIOSK) && o.status() == 200
                ? gen.kioskPageScripts : 0;
        if (scripts != own) {
            offence("unescaped echo", who + scripts + " <script tags, the page has " + own + " for " + p.describe());
        }
        for (String escaped : p.mustContain) {
            // a page is UTF-8: a lone surrogate can only be shown as '?'
            if (!page.contains(new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
                offence("echo missing", who + "lacks " + abbreviate(escaped) + " for " + p.describe());
            }
        }
    }

    private void recordAcceptance(Probe p, Outcome o, boolean html, String who) {
        boolean accepted = html ? o.status() == 200 && o.body().contains("data-page=\"qr-thanks\"")
                : o.status() == 202;
        if (!accepted || p.topic == null || p.noNewRecord) {
            return;
        }
        String id = p.knownId;
        if (id == null) {
            JsonNode json = o.json();
            id = json == null ? null : json.path(p.idField).asText(null);
            if (id == null) {
                offence("202 without id", who + abbreviate(o.body()));
                return;
            }
        }
        acceptedIds.computeIfAbsent(p.topic, t -> new ConcurrentLinkedQueue<>()).add(id);
        if (!p.verbatim.isEmpty()) {
            verbatimById.put(p.topic + "|" + id, p.verbatim);
        }
    }

    private void offence(String kind, String detail) {
        offences.add(kind + ": " + detail);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    // ---- the topics, read to their ends -------------------------------------------------------------

    private void checkTopics() {
        checkTopic(ratingsTopic, bytes -> {
            Rating r = RatingJson.readRating(bytes);
            return new Stored(r.ratingId(), Map.of("comment", r.comment(), "hallId", r.hallId(),
                    "projectNo", r.projectNo()));
        });
        checkTopic(transactionsTopic, bytes -> {
            CaseEvent e = RatingJson.read(bytes, CaseEvent.class);
            return new Stored(e.eventId(), Map.of("itemName", e.itemName()));
        });
        checkTopic(smsTopic, bytes -> {
            SmsReply s = RatingJson.read(bytes, SmsReply.class);
            return new Stored(s.messageId(), Map.of("text", s.text()));
        });
    }

    record Stored(String id, Map<String, String> fields) {}

    interface RecordReader {
        Stored read(byte[] value) throws Exception;
    }

    private void checkTopic(String topic, RecordReader reader) {
        List<ConsumerRecord<byte[], byte[]>> records = read(topic);
        Map<String, Integer> stored = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Stored s;
            try {
                s = reader.read(record.value());
            } catch (Exception e) {
                offence("unreadable record", topic + ": " + e + " in "
                        + new String(record.value(), StandardCharsets.UTF_8));
                continue;
            }
            stored.merge(s.id(), 1, Integer::sum);
            Map<String, String> expected = verbatimById.get(topic + "|" + s.id());
            if (expected != null) {
                expected.forEach((field, text) -> {
                    if (!text.equals(s.fields().get(field))) {
                        offence("altered text", topic + " " + s.id() + " " + field + ": sent " + JSON.valueToTree(text)
                                + ", stored " + JSON.valueToTree(s.fields().get(field)));
                    }
                });
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        acceptedIds.getOrDefault(topic, new ConcurrentLinkedQueue<>()).forEach(id -> expected.merge(id, 1, Integer::sum));
        recordCounts.put(topic, new int[] {records.size(), expected.values().stream().mapToInt(i -> i).sum()});
        if (!stored.equals(expected)) {
            Map<String, String> diff = new TreeMap<>();
            stored.forEach((id, n) -> {
                if (!n.equals(expected.get(id))) {
                    diff.put(id, "stored " + n + ", accepted " + expected.getOrDefault(id, 0));
                }
            });
            expected.forEach((id, n) -> {
                if (!stored.containsKey(id)) {
                    diff.put(id, "stored 0, accepted " + n);
                }
            });
            offence("records ≠ accepted", topic + ": " + records.size() + " records for "
                    + expected.values().stream().mapToInt(i -> i).sum() + " acceptances; first differences "
                    + diff.entrySet().stream().limit(8).toList());
        }
    }

    private final Map<String, int[]> recordCounts = new TreeMap<>();

    private String summary(long sentMillis) {
        StringBuilder b = new StringBuilder("EdgeBadInputITCase: seed ").append(SEED).append(", ").append(sent.get())
                .append(" requests in ").append(sentMillis).append(" ms (").append(IN_FLIGHT).append(" in flight)\n");
        for (String endpoint : new TreeMap<>(sentByKind).keySet()) {
            Map<String, LongAdder> kinds = sentByKind.get(endpoint);
            long total = kinds.values().stream().mapToLong(LongAdder::sum).sum();
            b.append(String.format("  %-30s %5d  statuses %s%n", endpoint, total,
                    new TreeMap<>(statusByEndpoint.getOrDefault(endpoint, Map.of())).entrySet().stream()
                            .map(e -> e.getKey() + "×" + e.getValue().sum()).collect(Collectors.joining(" "))));
            b.append("      ").append(new TreeMap<>(kinds).entrySet().stream().map(e -> e.getKey() + " " + e.getValue().sum())
                    .collect(Collectors.joining(", "))).append('\n');
        }
        recordCounts.forEach((topic, n) -> b.append(String.format("  topic %-22s %5d records, %5d acceptances%n",
                topic, n[0], n[1])));
        return b.toString();
    }

    // ---- the generator ------------------------------------------------------------------------------

    /** Deterministic: everything comes from one seeded {@link Random}, ids from a counter. */
    final class Gen {

        private final Random r;
        private int seq;
        final long kioskPageScripts;
        private final QrTokenSigner otherSigner = new QrTokenSigner("another-qr-secret-987654321");
        private final HmacSha256 qrMac = new HmacSha256(TestConfigs.QR_SECRET, 16, "QR secret");

        Gen(Random r) {
            this.r = r;
            this.kioskPageScripts = SCRIPT_TAG.matcher(KioskPages.render(CaseTokens.COUNTER,
                    CaseTokens.KIOSK_KEYS.forCounter(CaseTokens.COUNTER), Duration.ofSeconds(20))).results().count();
        }

        List<Probe> all() {
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < PER_ENDPOINT; i++) {
                probes.add(signedJson(RATINGS));
                probes.add(signedJson(TRANSACTIONS));
                probes.add(signedJson(SMS));
                probes.add(signedJson(RATING_REQUESTS));
                probes.add(tokenRating());
                probes.add(qrPage());
                probes.add(qrForm());
                probes.add(kiosk());
            }
            return probes;
        }

        int n() {
            return ++seq;
        }

        <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        String hostile() {
            StringBuilder b = new StringBuilder(pick(HOSTILE_TEXT));
            for (int k = r.nextInt(3); k > 0; k--) {
                b.append(' ').append(pick(HOSTILE_TEXT));
            }
            return b.toString();
        }

        String hostile(int maxChars) {
            String s = hostile();
            return s.length() <= maxChars ? s : pick(HOSTILE_TEXT);
        }

        /** Hostile text that survives a form's percent-encoding (no lone surrogates). */
        String formSafeHostile() {
            String s;
            do {
                s = hostile(500);
            } while (s.contains("\ud83d ") || s.contains(" \ude00"));
            return s;
        }

        // ---- the signed JSON endpoints ----

        /** How one signed JSON endpoint looks: its valid body, free-text field, signer and topic. */
        record SignedSpec(String endpoint, String path, String signer, String secret, String otherPartySigner,
                          String otherPartySecret, String topic, String idField, String textField, int maxText,
                          List<String> idFields, Function<Gen, Map<String, Object>> valid) {}

        final SignedSpec RATINGS = new SignedSpec(E_RATINGS, IngestVerticle.RATINGS_PATH, TestConfigs.DEVICE,
                TestConfigs.SECRET, TestConfigs.GATEWAY, TestConfigs.GATEWAY_SECRET, null, "ratingId", "comment", 500,
                List.of("ratingId", "projectNo", "hallId", "counterId", "clerkId"), Gen::validRating);
        final SignedSpec TRANSACTIONS = new SignedSpec(E_TRANSACTIONS, IngestVerticle.TRANSACTIONS_PATH,
                TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET, TestConfigs.DEVICE, TestConfigs.SECRET, null, "eventId",
                "itemName", 200, List.of("eventId", "projectNo", "hallId", "counterId", "frontClerkId"),
                Gen::validTransaction);
        final SignedSpec SMS = new SignedSpec(E_SMS, IngestVerticle.SMS_INBOUND_PATH, TestConfigs.GATEWAY,
                TestConfigs.GATEWAY_SECRET, TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET, null, "messageId", "text",
                500, List.of("messageId", "phone"), Gen::validSms);
        final SignedSpec RATING_REQUESTS = new SignedSpec(E_RATING_REQUESTS, IngestVerticle.RATING_REQUESTS_PATH,
                TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET, TestConfigs.DEVICE, TestConfigs.SECRET, null, null,
                "itemName", 200, List.of("projectNo", "hallId", "counterId", "clerkId"), Gen::validRatingRequest);

        private String topicOf(SignedSpec s) {
            return s == RATINGS ? ratingsTopic : s == TRANSACTIONS ? transactionsTopic : s == SMS ? smsTopic : null;
        }

        Map<String, Object> validRating() {
            int n = n();
            int level = 1 + r.nextInt(5);
            List<TagCatalogue.Tag> tags = TagCatalogue.national().tagsOf(level);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ratingId", "bad-in-r-" + n);
            m.put("projectNo", "BI-R-" + n);
            m.put("level", level);
            m.put("tagCodes", List.of(tags.get(r.nextInt(tags.size())).code()));
            m.put("comment", r.nextBoolean() ? "" : "办理很快");
            m.put("hallId", CaseTokens.HALL);
            m.put("counterId", CaseTokens.COUNTER);
            m.put("clerkId", CaseTokens.CLERK);
            m.put("deptCode", "11110000000021135M");
            m.put("itemCode", "000101001000");
            m.put("areaCode", "110105");
            m.put("ratedAt", TestConfigs.NOW.minusSeconds(r.nextInt(3600)).toString());
            if (r.nextBoolean()) {
                m.put("raterPhone", "138" + String.format("%08d", r.nextInt(100_000_000)));
            }
            if (r.nextInt(4) == 0) {
                m.put("channel", r.nextBoolean() ? "evaluator" : "kiosk");
            }
            return m;
        }

        Map<String, Object> validTransaction() {
            int n = n();
            boolean completed = r.nextBoolean();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eventId", "bad-in-ev-" + n);
            m.put("type", completed ? "completed" : "accepted");
            m.put("projectNo", "BI-T-" + n);
            m.put("itemCode", "item-0101");
            m.put("itemName", "居民身份证换领");
            m.put("deptCode", "dept-gongan");
            m.put("areaCode", "110105");
            m.put("hallId", CaseTokens.HALL);
            m.put("counterId", CaseTokens.COUNTER);
            m.put("frontClerkId", CaseTokens.CLERK);
            m.put("backClerkId", "clerk-0099");
            m.put("promiseType", r.nextBoolean() ? "immediate" : "promised");
            m.put("acceptedAt", TestConfigs.NOW.minusSeconds(1800).toString());
            if (completed) {
                m.put("completedAt", TestConfigs.NOW.minusSeconds(60).toString());
            }
            if (r.nextBoolean()) {
                m.put("citizenPhone", "139" + String.format("%08d", r.nextInt(100_000_000)));
            }
            return m;
        }

        Map<String, Object> validSms() {
            int n = n();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messageId", "bad-in-msg-" + n);
            m.put("phone", "137" + String.format("%08d", r.nextInt(100_000_000)));
            m.put("text", pick(List.of("5 很好", "1", "非常满意", "不满意 等太久", "")));
            m.put("sentAt", TestConfigs.NOW.minusSeconds(5).toString());
            return m;
        }

        Map<String, Object> validRatingRequest() {
            int n = n();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("projectNo", "BI-Q-" + n);
            m.put("hallId", CaseTokens.HALL);
            // the main counter has an evaluator page open (202); others have none (409, the case still pending)
            m.put("counterId", r.nextInt(3) == 0 ? "bi-counter-" + (n % 50) : CaseTokens.COUNTER);
            m.put("clerkId", CaseTokens.CLERK);
            m.put("itemName", "居民身份证换领");
            if (r.nextBoolean()) {
                m.put("deptCode", "dept-gongan");
                m.put("itemCode", "item-0101");
                m.put("areaCode", "110105");
            }
            return m;
        }

        Probe signedJson(SignedSpec s) {
            int dice = r.nextInt(1000);
            Map<String, Object> m = s.valid().apply(this);
            Probe p;
            if (dice < 90) {
                p = signed(s, "valid", m, Expect.OK);
            } else if (dice < 230) {
                String text = hostile(s.maxText());
                m.put(s.textField(), text);
                p = signed(s, "injection in " + s.textField(), m, Expect.OK);
                if (topicOf(s) != null) {
                    p.verbatim.put(s.textField(), text);
                }
            } else if (dice < 280) {
                String field = pick(s.idFields());
                m.put(field, hostile());
                p = signed(s, "injection in ids", m, Expect.ANY);
            } else if (dice < 340) {
                byte[] b = bytes(m);
                p = signed(s, "truncated JSON", java.util.Arrays.copyOf(b, r.nextInt(b.length - 1)), Expect.REJECTED, 400);
            } else if (dice < 400) {
                p = signed(s, "malformed JSON", malformed(jsonString(m)), Expect.REJECTED, 400);
            } else if (dice < 430) {
                p = signed(s, "mutated bytes", mutate(bytes(m)), Expect.ANY, null);
            } else if (dice < 530) {
                m.put(pick(new ArrayList<>(m.keySet())), wrongValue());
                p = signed(s, "wrong types", m, Expect.ANY);
            } else if (dice < 560) {
                p = signed(s, "not an object", pick(NOT_OBJECTS).getBytes(StandardCharsets.UTF_8), Expect.REJECTED, 400);
            } else if (dice < 580) {
                m.put(pick(List.of("__proto__", "isAdmin", "constructor", "$where", "level ")), Map.of("x", 1));
                p = signed(s, "unknown field", bytes(m), Expect.REJECTED, 400);
            } else if (dice < 630) {
                p = signed(s, "huge body", huge(m, s.textField()), Expect.REJECTED, 413);
                p.chunked = r.nextInt(3) == 0;
            } else if (dice < 680) {
                byte[] deep = deep(m);
                p = signed(s, "deeply nested", deep, Expect.REJECTED, deep.length > MAX_BODY ? 413 : 400);
            } else if (dice < 740) {
                p = signed(s, "invalid UTF-8", invalidUtf8(m, s.textField()), Expect.REJECTED, 400);
            } else if (dice < 770) {
                p = oddEncoding(s, m);
            } else if (dice < 840) {
                p = forgedSignature(s, m);
            } else if (dice < 880) {
                p = staleSignature(s, m);
            } else if (dice < 940) {
                Probe first = signed(s, "replay (first)", m, Expect.OK);
                Probe replay = copy(first, "replayed signature", Expect.REJECTED, 401);
                Probe otherBody = copy(first, "replayed signature, other body", Expect.REJECTED, 401);
                Map<String, Object> other = s.valid().apply(this);
                otherBody.body = bytes(other);
                first.then(replay, otherBody);
                p = first;
            } else if (dice < 975) {
                p = signed(s, "form or multipart content type", bytes(m), Expect.ANY, null);
                p.contentType = pick(List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                        "multipart/form-data", "text/plain", "application/xml", ""));
                if (r.nextBoolean()) {
                    byte[] form = ("a=%zz&b=%E4%B8&" + URLEncoder.encode(hostile(), StandardCharsets.UTF_8) + "=1")
                            .getBytes(StandardCharsets.UTF_8);
                    p = signed(s, "form or multipart content type", form, Expect.ANY, null);
                    p.contentType = pick(List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz"));
                }
            } else {
                p = signed(s, "wrong method", bytes(m), Expect.REJECTED, 405);
                p.method = pick(List.of("PUT", "DELETE", "PATCH", "GET"));
                if (p.method.equals("GET")) {
                    p.body = null;
                }
            }
            if (s == RATING_REQUESTS && p.expect == Expect.OK) {
                boolean main = CaseTokens.COUNTER.equals(m.get("counterId"));
                p.expect(main ? Expect.OK : Expect.REJECTED, main ? 202 : 409);
            }
            return p;
        }

        private Probe signed(SignedSpec s, String kind, Map<String, Object> body, Expect expect) {
            return signed(s, kind, bytes(body), expect, expect == Expect.OK ? 202 : null);
        }

        private Probe signed(SignedSpec s, String kind, byte[] body, Expect expect, Integer status) {
            Probe p = new Probe(s.endpoint(), kind).expect(expect, status);
            p.uri = s.path();
            p.contentType = "application/json";
            p.body = body;
            p.topic = topicOf(s);
            p.idField = s.idField();
            long ts = TestConfigs.NOW.toEpochMilli() - r.nextInt(60_000);
            sign(p, s.signer(), s.secret(), ts);
            return p;
        }

        private void sign(Probe p, String signer, String secret, long ts) {
            p.headers.put(RequestSignature.DEVICE_HEADER, signer);
            p.headers.put(RequestSignature.TIMESTAMP_HEADER, Long.toString(ts));
            p.headers.put(RequestSignature.SIGNATURE_HEADER,
                    RequestSignature.sign(secret, ts, p.body == null ? new byte[0] : p.body));
        }

        private Probe copy(Probe first, String kind, Expect expect, Integer status) {
            Probe p = new Probe(first.endpoint, kind).expect(expect, status);
            p.uri = first.uri;
            p.contentType = first.contentType;
            p.body = first.body;
            p.topic = first.topic;
            p.idField = first.idField;
            p.headers.putAll(first.headers);
            return p;
        }

        private Probe forgedSignature(SignedSpec s, Map<String, Object> m) {
            Probe p = signed(s, "forged signature", bytes(m), Expect.REJECTED, 401);
            long ts = TestConfigs.NOW.toEpochMilli();
            String good = p.headers.get(RequestSignature.SIGNATURE_HEADER);
            switch (r.nextInt(10)) {
                case 0 -> p.headers.put(RequestSignature.SIGNATURE_HEADER, hex(64));
                case 1 -> {
                    int i = r.nextInt(good.length());
                    char c = good.charAt(i) == '0' ? '1' : '0';
                    p.headers.put(RequestSignature.SIGNATURE_HEADER, good.substring(0, i) + c + good.substring(i + 1));
                }
                case 2 -> sign(p, s.signer(), s.otherPartySecret(), ts);
                case 3 -> sign(p, s.otherPartySigner(), s.otherPartySecret(), ts);
                case 4 -> {
                    byte[] signedBody = p.body;
                    p.body = bytes(s.valid().apply(this));
                    p.headers.put(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(s.secret(),
                            Long.parseLong(p.headers.get(RequestSignature.TIMESTAMP_HEADER)), signedBody));
                }
                case 5 -> p.headers.remove(pick(List.of(RequestSignature.DEVICE_HEADER, RequestSignature.TIMESTAMP_HEADER,
                        RequestSignature.SIGNATURE_HEADER)));
                case 6 -> p.headers.put(RequestSignature.DEVICE_HEADER, pick(List.of("unknown-device", "<script>x</script>",
                        "' OR 1=1 --", "%00", " ", "evaluator-hall7-03x")));
                case 7 -> p.headers.put(RequestSignature.TIMESTAMP_HEADER, pick(List.of("now", "1e12", "-1", "0x1",
                        "99999999999999999999", " ", "1764000000000.5")));
                case 8 -> p.headers.put(RequestSignature.SIGNATURE_HEADER, pick(List.of("", " ", "zz", good + "00",
                        good.substring(2), "<script>", "sha256=" + good)));
                default -> {
                    p.headers.clear();
                    sign(p, s.signer(), s.secret(), ts);
                    p.body = "{}".getBytes(StandardCharsets.UTF_8);
                }
            }
            return p;
        }

        private Probe staleSignature(SignedSpec s, Map<String, Object> m) {
            Probe p = signed(s, "stale or future timestamp", bytes(m), Expect.REJECTED, 401);
            long skew = Duration.ofMinutes(5).toMillis();
            long now = TestConfigs.NOW.toEpochMilli();
            long ts = switch (r.nextInt(5)) {
                case 0 -> now - skew - 1 - r.nextInt(1000);
                case 1 -> now - Duration.ofDays(1 + r.nextInt(400)).toMillis();
                case 2 -> now + skew + 1 + r.nextInt(100_000);
                case 3 -> 0;
                default -> now / 1000; // seconds instead of milliseconds
            };
            sign(p, s.signer(), s.secret(), ts);
            return p;
        }

        private Probe oddEncoding(SignedSpec s, Map<String, Object> m) {
            String json = jsonString(m);
            switch (r.nextInt(5)) {
                case 0, 1 -> {
                    // valid JSON, but in UTF-16 / UTF-32: JSON between systems is UTF-8 (RFC 8259 §8.1)
                    Charset cs = pick(List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16,
                            Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE")));
                    return signed(s, "UTF-16/UTF-32 body", json.getBytes(cs), Expect.REJECTED, 400);
                }
                default -> {
                    // first bytes that look like a UCS-4 byte order no decoder supports, or a stray BOM
                    byte[][] prefixes = {{0x00, 0x7B, 0x00, 0x00}, {0x00, 0x00, (byte) 0xFF, (byte) 0xFE},
                            {(byte) 0xFE, (byte) 0xFF, 0x00, 0x00}, {0x00, 0x00, 0x7B, 0x00},
                            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                            {(byte) 0xFF, (byte) 0xFE, 0x00, 0x00, (byte) 0xD8, 0x00, 0x00, 0x00},
                            {0x00, 0x00, 0x00, 0x7B, 0x00, 0x11, 0x00, 0x00}};
                    byte[] prefix = pick(List.of(prefixes));
                    byte[] tail = r.nextBoolean() ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(prefix);
                    out.writeBytes(tail);
                    return signed(s, "UCS-4 / BOM prefix", out.toByteArray(), Expect.REJECTED, 400);
                }
            }
        }

        // ---- token ratings ----

        String caseToken(String projectNo, Instant expires) {
            return CaseTokens.SIGNER.sign(QrToken.forCase(projectNo, 1, CaseTokens.HALL, CaseTokens.COUNTER,
                    CaseTokens.CLERK, expires));
        }

        String validToken(String projectNo) {
            return caseToken(projectNo, TestConfigs.NOW.plus(Duration.ofDays(30)));
        }

        /** A token signed with the real QR secret over a payload the edge never issues. */
        String hostileButSigned() {
            String payload = pick(List.of(
                    "c|BI-H-" + n() + "|3|" + CaseTokens.HALL + "|" + CaseTokens.COUNTER + "|c|9999999999",
                    "c|BI-H-" + n() + "|1|" + CaseTokens.HALL + "|" + CaseTokens.COUNTER + "|c|99999999999999999999",
                    "c|<script>alert(1)</script>|1|" + CaseTokens.HALL + "|" + CaseTokens.COUNTER + "|c|9999999999",
                    "c|BI-H-" + n() + "|1|" + CaseTokens.HALL + "|\"><img src=x onerror=alert(1)>|c|9999999999",
                    "c|' OR '1'='1|1|h|c|k|9999999999",
                    "x|a|1|h|c|k|1",
                    "c|a|1|h|c|k",
                    "p||0|" + CaseTokens.HALL + "|<svg/onload=alert(1)>|c|9999999999",
                    "c|😀|1|h|c|k|9999999999"));
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString(bytes) + "." + b64.encodeToString(java.util.Arrays.copyOf(qrMac.mac(bytes), 16));
        }

        String forgedToken() {
            String good = validToken("BI-F-" + n());
            return switch (r.nextInt(9)) {
                case 0 -> CaseTokens.forged(good);
                case 1 -> otherSigner.sign(QrToken.forCase("BI-F-" + n(), 1, CaseTokens.HALL, CaseTokens.COUNTER,
                        CaseTokens.CLERK, TestConfigs.NOW.plusSeconds(3600)));
                case 2 -> good.replace('.', '_');
                case 3 -> good + "." + good;
                case 4 -> "A".repeat(401 + r.nextInt(2000));
                case 5 -> Base64.getUrlEncoder().withoutPadding().encodeToString(hostile().getBytes(StandardCharsets.UTF_8))
                        + "." + hex(22);
                case 6 -> good.substring(0, good.length() - 1 - r.nextInt(10));
                case 7 -> good + "=";
                default -> pick(List.of("", " ", "null", "<script>alert(1)</script>", "' OR '1'='1", "😀.😀", "..."));
            };
        }

        Probe tokenRating() {
            int dice = r.nextInt(1000);
            int n = n();
            String projectNo = "BI-TR-" + n;
            int level = 1 + r.nextInt(5);
            List<TagCatalogue.Tag> tags = TagCatalogue.national().tagsOf(level);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token", validToken(projectNo));
            m.put("ratingId", "bad-in-tr-" + n);
            m.put("level", level);
            m.put("tagCodes", List.of(tags.get(r.nextInt(tags.size())).code()));
            m.put("comment", "");
            if (r.nextBoolean()) {
                m.put("source", r.nextBoolean() ? "kiosk" : "qr");
            }
            Probe p;
            if (dice < 100) {
                p = token("valid", m, Expect.OK, 202);
            } else if (dice < 240) {
                String text = hostile(500);
                m.put("comment", text);
                p = token("injection in comment", m, Expect.OK, 202);
                p.verbatim.put("comment", text);
            } else if (dice < 290) {
                m.put("tagCodes", List.of(pick(MARKUP), "' OR 1=1 --"));
                p = token("injection in tags", m, Expect.REJECTED, 400);
            } else if (dice < 350) {
                m.put("token", caseToken(projectNo, TestConfigs.NOW.minusSeconds(1 + r.nextInt(86_400 * 60))));
                p = token("expired token", m, Expect.REJECTED, 410);
            } else if (dice < 440) {
                m.put("token", forgedToken());
                p = token("forged token", m, Expect.REJECTED, 400);
            } else if (dice < 470) {
                m.put("token", hostileButSigned());
                p = token("hostile payload, genuine MAC", m, Expect.ANY, null);
            } else if (dice < 500) {
                m.put("token", CaseTokens.posterToken());
                p = token("poster token", m, Expect.ANY, null);
            } else if (dice < 530) {
                Probe first = token("rated twice (first)", m, Expect.OK, 202);
                Map<String, Object> again = new LinkedHashMap<>(m);
                again.put("ratingId", "bad-in-tr-" + n + "-b");
                Probe second = token("rated twice (second)", again, Expect.REJECTED, 409);
                Probe resubmit = token("double submit", m, Expect.OK, 202);
                resubmit.noNewRecord = true;
                first.then(resubmit, second);
                p = first;
            } else if (dice < 580) {
                switch (r.nextInt(5)) {
                    case 0 -> m.put("source", pick(List.of("<script>", "KIOSK", "", "device", "qr ")));
                    case 1 -> m.put("level", pick(List.of(0, 6, -1, Integer.MAX_VALUE)));
                    case 2 -> m.put("tagCodes", java.util.Collections.nCopies(9 + r.nextInt(20),
                            tags.get(0).code()));
                    case 3 -> m.put("comment", "长".repeat(501 + r.nextInt(500)));
                    default -> m.put("ratingId", pick(List.of("", "has space", "x".repeat(65), "<script>", "😀")));
                }
                p = token("invalid choice", m, Expect.REJECTED, 400);
            } else {
                p = genericJson(E_TOKEN_RATINGS, IngestVerticle.TOKEN_RATINGS_PATH, m, "comment", dice);
                p.topic = ratingsTopic;
                p.idField = "ratingId";
                return p;
            }
            p.topic = ratingsTopic;
            p.idField = "ratingId";
            for (Probe follow : p.then == null ? List.<Probe>of() : p.then.apply(null)) {
                follow.topic = ratingsTopic;
                follow.idField = "ratingId";
            }
            return p;
        }

        private Probe token(String kind, Map<String, Object> m, Expect expect, Integer status) {
            Probe p = new Probe(E_TOKEN_RATINGS, kind).expect(expect, status);
            p.uri = IngestVerticle.TOKEN_RATINGS_PATH;
            p.contentType = "application/json";
            p.body = bytes(m);
            return p;
        }

        /** The body families every JSON endpoint shares (no signature involved). */
        private Probe genericJson(String endpoint, String path, Map<String, Object> m, String textField, int dice) {
            Probe p = new Probe(endpoint, "");
            byte[] body;
            String kind;
            Expect expect = Expect.REJECTED;
            Integer status = 400;
            int family = dice % 10;
            switch (family) {
                case 0 -> {
                    byte[] b = bytes(m);
                    body = java.util.Arrays.copyOf(b, r.nextInt(b.length - 1));
                    kind = "truncated JSON";
                }
                case 1 -> {
                    body = malformed(jsonString(m));
                    kind = "malformed JSON";
                }
                case 2 -> {
                    m.put(pick(new ArrayList<>(m.keySet())), wrongValue());
                    body = bytes(m);
                    kind = "wrong types";
                    expect = Expect.ANY;
                    status = null;
                }
                case 3 -> {
                    body = pick(NOT_OBJECTS).getBytes(StandardCharsets.UTF_8);
                    kind = "not an object";
                }
                case 4 -> {
                    body = huge(m, textField);
                    kind = "huge body";
                    status = 413;
                    p.chunked = r.nextInt(3) == 0;
                }
                case 5 -> {
                    body = deep(m);
                    kind = "deeply nested";
                    status = body.length > MAX_BODY ? 413 : 400;
                }
                case 6 -> {
                    body = invalidUtf8(m, textField);
                    kind = "invalid UTF-8";
                }
                case 7 -> {
                    body = mutate(bytes(m));
                    kind = "mutated bytes";
                    expect = Expect.ANY;
                    status = null;
                }
                case 8 -> {
                    m.put(pick(List.of("__proto__", "isAdmin", "constructor", "$where")), List.of(1, "x"));
                    body = bytes(m);
                    kind = "unknown field";
                }
                default -> {
                    body = bytes(m);
                    kind = "form or multipart content type";
                    expect = Expect.ANY;
                    status = null;
                    p.contentType = pick(List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                            "text/plain", ""));
                }
            }
            Probe q = new Probe(endpoint, kind).expect(expect, status);
            q.uri = path;
            q.contentType = p.contentType == null ? "application/json" : p.contentType;
            q.body = body;
            q.chunked = p.chunked;
            return q;
        }

        // ---- the QR page and its form ----

        Probe qrPage() {
            int dice = r.nextInt(1000);
            int n = n();
            if (dice < 150) {
                String projectNo = "BI-PG-" + n;
                Probe p = page("valid case token", "/r/" + validToken(projectNo), Expect.OK, 200);
                p.mustContain.add("办件编号：" + projectNo);
                return p;
            } else if (dice < 250) {
                return page("expired token", "/r/" + caseToken("BI-PG-" + n,
                        TestConfigs.NOW.minusSeconds(1 + r.nextInt(86_400))), Expect.REJECTED, 410);
            } else if (dice < 400) {
                String forged = forgedToken();
                if (forged.isBlank() || forged.equals("...")) {
                    forged = "x" + forged.trim();
                }
                return page("forged token", "/r/" + encodePathSegment(forged), Expect.REJECTED, 400);
            } else if (dice < 450) {
                return page("hostile payload, genuine MAC", "/r/" + hostileButSigned(), Expect.ANY, null);
            } else if (dice < 550) {
                return page("injection in path", "/r/" + encodePathSegment(hostile()), Expect.REJECTED, null);
            } else if (dice < 620) {
                return page("malformed escapes in path", "/r/" + pick(List.of("%zz", "%", "%E4%B8", "%FF%FE%00",
                        "%C0%AF", "%ED%A0%80", "a%2Fb", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "%00")), Expect.REJECTED, null);
            } else if (dice < 660) {
                return page("poster token", "/r/" + CaseTokens.posterToken(), Expect.ANY, null);
            } else if (dice < 720) {
                Probe p = page("wrong method", "/r/" + validToken("BI-PG-" + n), Expect.REJECTED, 405);
                p.method = pick(List.of("PUT", "DELETE", "PATCH"));
                return p;
            } else if (dice < 780) {
                Probe p = page("query injection", "/r/" + validToken("BI-PG-" + n) + "?x="
                        + URLEncoder.encode(hostile(), StandardCharsets.UTF_8), Expect.OK, 200);
                return p;
            } else if (dice < 880) {
                return echoChain(n);
            } else {
                // rated, then shown again: the used page
                String projectNo = "BI-PG-" + n;
                String token = validToken(projectNo);
                Probe rate = formPost("rated (for the used page)", token, form("ratingId", "bad-in-pg-" + n, "level", "5"),
                        Expect.OK, 200);
                rate.knownId = "bad-in-pg-" + n;
                rate.then(page("used token", "/r/" + token, Expect.REJECTED, 409));
                return rate;
            }
        }

        /**
         * 请评价 with hostile item name at a counter without an evaluator page (409, the case pending there),
         * then the case's QR page, the counter's poster page and an invalid form post: every echo escaped.
         */
        private Probe echoChain(int n) {
            String counter = "bi-echo-" + n;
            String itemName = hostile(200);
            Map<String, Object> m = validRatingRequest();
            m.put("counterId", counter);
            m.put("itemName", itemName);
            m.put("projectNo", "BI-E-" + n);
            Probe request = signed(RATING_REQUESTS, "injection in itemName (echo chain)", m, Expect.REJECTED);
            request.status = 409;
            String poster = CaseTokens.SIGNER.sign(QrToken.forCounter(CaseTokens.HALL, counter, CaseTokens.CLERK,
                    TestConfigs.NOW.plus(Duration.ofDays(365))));
            String comment = formSafeHostile();
            String goodComment = formSafeHostile();
            String escapedItem = "办理事项：" + QrPageHtml.escape(itemName.strip());
            request.then = outcome -> {
                JsonNode json = outcome.json();
                String token = json == null ? "missing" : json.path("token").asText("missing");
                Probe show = page("echo: case page", "/r/" + token, Expect.OK, 200);
                show.mustContain.add(escapedItem);
                Probe posterPage = page("echo: poster page", "/r/" + poster, Expect.OK, 200);
                posterPage.mustContain.add(escapedItem);
                Probe invalid = formPost("echo: invalid form", token, form("ratingId", "bad-in-e-" + n, "level", "9",
                        "comment", comment), Expect.REJECTED, 400);
                invalid.mustContain.add(escapedItem);
                invalid.mustContain.add(">" + QrPageHtml.escape(comment) + "</textarea>");
                Probe valid = formPost("echo: valid form with injection", token, form("ratingId", "bad-in-e-" + n,
                        "level", "4", "comment", goodComment), Expect.OK, 200);
                valid.knownId = "bad-in-e-" + n;
                valid.verbatim.put("comment", goodComment);
                Probe used = page("echo: used page", "/r/" + poster, Expect.REJECTED, 404);
                return List.of(show, posterPage, invalid, valid, used);
            };
            return request;
        }

        private Probe page(String kind, String uri, Expect expect, Integer status) {
            Probe p = new Probe(E_QR_PAGE, kind).expect(expect, status);
            p.method = "GET";
            p.uri = uri;
            return p;
        }

        private Probe formPost(String kind, String token, String form, Expect expect, Integer status) {
            Probe p = new Probe(E_QR_FORM, kind).expect(expect, status);
            p.uri = "/r/" + token;
            p.contentType = "application/x-www-form-urlencoded";
            p.body = form.getBytes(StandardCharsets.UTF_8);
            p.topic = ratingsTopic;
            return p;
        }

        Probe qrForm() {
            int dice = r.nextInt(1000);
            int n = n();
            String token = validToken("BI-FM-" + n);
            String ratingId = "bad-in-fm-" + n;
            int level = 1 + r.nextInt(5);
            List<TagCatalogue.Tag> tags = TagCatalogue.national().tagsOf(level);
            String tag = tags.get(r.nextInt(tags.size())).code();
            Probe p;
            if (dice < 120) {
                p = formPost("valid", token, form("ratingId", ratingId, "level", Integer.toString(level), "tag", tag),
                        Expect.OK, 200);
            } else if (dice < 260) {
                String comment = formSafeHostile();
                p = formPost("injection in comment", token, form("ratingId", ratingId, "level", Integer.toString(level),
                        "tag", tag, "comment", comment), Expect.OK, 200);
                p.verbatim.put("comment", comment);
            } else if (dice < 380) {
                String comment = formSafeHostile();
                String badLevel = pick(List.of("", "0", "6", "abc", "<script>alert(1)</script>", "5.5", "-1",
                        "99999999999999"));
                p = formPost("invalid form echoing injection", token, form("ratingId", ratingId, "level", badLevel,
                        "comment", comment, "tag", pick(MARKUP)), Expect.REJECTED, 400);
                p.mustContain.add(">" + QrPageHtml.escape(comment) + "</textarea>");
            } else if (dice < 430) {
                p = formPost("injection in ratingId and tags", token, form("ratingId", pick(MARKUP), "level",
                        Integer.toString(level), "tag", pick(MARKUP), "tag", "' OR 1=1 --"), Expect.REJECTED, 400);
            } else if (dice < 490) {
                p = formPost("expired token", caseToken("BI-FM-" + n, TestConfigs.NOW.minusSeconds(1 + r.nextInt(9999))),
                        form("ratingId", ratingId, "level", "5"), Expect.REJECTED, 410);
            } else if (dice < 570) {
                String forged = forgedToken();
                p = formPost("forged token", encodePathSegment(forged.isBlank() || forged.equals("...") ? "x" + forged.trim()
                        : forged), form("ratingId", ratingId, "level", "5"), Expect.REJECTED, 400);
            } else if (dice < 600) {
                p = formPost("hostile payload, genuine MAC", hostileButSigned(), form("ratingId", ratingId, "level", "5"),
                        Expect.ANY, null);
                p.knownId = ratingId;
            } else if (dice < 630) {
                p = formPost("poster token", CaseTokens.posterToken(), form("ratingId", ratingId, "level", "5"),
                        Expect.ANY, null);
                p.knownId = ratingId;
            } else if (dice < 720) {
                String body = pick(List.of(
                        "ratingId=" + ratingId + "&level=5&comment=%zz",
                        "ratingId=" + ratingId + "&level=5&comment=%E4%B8",
                        "ratingId=" + ratingId + "&level=5&comment=%FF%FE%ED%A0%80",
                        "ratingId=" + ratingId + "&level=5&comment=%",
                        "ratingId=" + ratingId + "&level=5&level=1&tag=&tag=%00",
                        "=&=&&&==&ratingId=" + ratingId + "&level=5",
                        "ratingId=" + ratingId + "&level=%35&comment=" + "%25".repeat(50),
                        "ratingId=" + ratingId + "&level=5&comment=a+b+%2B+%26+%3D"));
                p = formPost("malformed form encoding", token, body, Expect.ANY, null);
                p.knownId = ratingId;
            } else if (dice < 760) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(("ratingId=" + ratingId + "&level=5&comment=").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(pick(List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF})));
                p = formPost("invalid UTF-8", token, "", Expect.ANY, null);
                p.body = out.toByteArray();
                p.knownId = ratingId;
            } else if (dice < 820) {
                StringBuilder b = new StringBuilder("ratingId=" + ratingId + "&level=5");
                while (b.length() <= MAX_BODY + r.nextInt(20_000)) {
                    b.append("&comment=").append(URLEncoder.encode(hostile(), StandardCharsets.UTF_8));
                }
                p = formPost("huge body", token, b.toString(), Expect.REJECTED, 413);
                p.chunked = r.nextInt(3) == 0;
            } else if (dice < 860) {
                StringBuilder b = new StringBuilder("ratingId=" + ratingId + "&level=5");
                int count = 9 + r.nextInt(300);
                for (int i = 0; i < count; i++) {
                    b.append("&tag=").append(pick(TagCatalogue.national().tagsOf(5)).code());
                }
                p = formPost("many tags", token, b.toString(), Expect.REJECTED, 400);
            } else if (dice < 920) {
                p = formPost("JSON or multipart body", token, "", Expect.REJECTED, 400);
                p.body = ("{\"ratingId\":\"" + ratingId + "\",\"level\":5}").getBytes(StandardCharsets.UTF_8);
                p.contentType = pick(List.of("application/json", "multipart/form-data; boundary=xyz", "text/plain",
                        "multipart/form-data"));
            } else {
                p = formPost("double submit", token, form("ratingId", ratingId, "level", "5"), Expect.OK, 200);
                Probe again = formPost("double submit (again)", token, form("ratingId", ratingId, "level", "5"), Expect.OK, 200);
                again.noNewRecord = true;
                Probe other = formPost("second rating of a rated case", token, form("ratingId", ratingId + "-b", "level", "1",
                        "comment", "再评一次"), Expect.REJECTED, 409);
                p.then(again, other);
                again.knownId = ratingId;
                other.knownId = ratingId + "-b";
            }
            if (p.knownId == null) {
                p.knownId = ratingId;
            }
            return p;
        }

        // ---- the evaluator page ----

        Probe kiosk() {
            int dice = r.nextInt(1000);
            String counter = pick(List.of(CaseTokens.COUNTER, "counter-" + r.nextInt(100), "hall-7-c" + r.nextInt(9)));
            String key = CaseTokens.KIOSK_KEYS.forCounter(counter);
            Probe p = new Probe(E_KIOSK, "");
            p.method = "GET";
            if (dice < 150) {
                p = kioskProbe("paired page", "/kiosk/" + counter + "?key=" + key, Expect.OK, 200);
            } else if (dice < 300) {
                p = kioskProbe("wrong or missing key", "/kiosk/" + counter + pick(List.of("", "?key=", "?key=" + hex(22),
                        "?key=" + CaseTokens.KIOSK_KEYS.forCounter("other"), "?key=" + key.toUpperCase(Locale.ROOT) + "x",
                        "?keys=" + key)), Expect.REJECTED, 403);
            } else if (dice < 420) {
                p = kioskProbe("injection in key", "/kiosk/" + counter + "?key="
                        + URLEncoder.encode(hostile(), StandardCharsets.UTF_8), Expect.REJECTED, 403);
            } else if (dice < 560) {
                p = kioskProbe("injection in counter id", "/kiosk/" + encodePathSegment(hostile()) + "?key=" + key,
                        Expect.REJECTED, null);
            } else if (dice < 640) {
                p = kioskProbe("malformed escapes", pick(List.of("/kiosk/%zz?key=" + key, "/kiosk/" + counter + "?key=%zz",
                        "/kiosk/" + counter + "?key=%E4%B8", "/kiosk/%FF%FE?key=" + key, "/kiosk/" + counter + "?%=&&=%",
                        "/kiosk/" + counter + "?key=" + key + "&key=%00", "/kiosk/%00?key=x", "/kiosk/a%2Fb?key=x")),
                        Expect.ANY, null);
            } else if (dice < 700) {
                p = kioskProbe("over-long counter id", "/kiosk/" + "c".repeat(65 + r.nextInt(2000)) + "?key=" + key,
                        Expect.REJECTED, 400);
            } else if (dice < 820) {
                p = kioskProbe("event stream, bad key or counter", pick(List.of(
                        "/kiosk/" + counter + "/events",
                        "/kiosk/" + counter + "/events?key=" + hex(22),
                        "/kiosk/" + counter + "/events?key=" + URLEncoder.encode(hostile(), StandardCharsets.UTF_8),
                        "/kiosk/" + encodePathSegment(hostile()) + "/events?key=" + key)), Expect.REJECTED, null);
            } else if (dice < 900) {
                p = kioskProbe("wrong method", "/kiosk/" + counter + "?key=" + key, Expect.REJECTED, 405);
                p.method = pick(List.of("POST", "PUT", "DELETE"));
                if (p.method.equals("POST")) {
                    p.body = ("<script>" + hostile()).getBytes(StandardCharsets.UTF_8);
                    p.contentType = "text/html";
                }
            } else {
                p = kioskProbe("unknown path", pick(List.of("/kiosk/", "/kiosk", "/kiosk/" + counter + "/events/x",
                        "/kiosk/" + counter + "/" + encodePathSegment(hostile()))), Expect.REJECTED, 404);
            }
            return p;
        }

        private Probe kioskProbe(String kind, String uri, Expect expect, Integer status) {
            Probe p = new Probe(E_KIOSK, kind).expect(expect, status);
            p.method = "GET";
            p.uri = uri;
            return p;
        }

        // ---- body makers ----

        /** UTF-8 JSON; a lone surrogate is written as a \\u escape, so it reaches the edge as sent. */
        byte[] bytes(Map<String, Object> m) {
            try {
                return JSON.writeValueAsBytes(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String jsonString(Map<String, Object> m) {
            try {
                return JSON.writeValueAsString(m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        Object wrongValue() {
            return pick(List.of(12345 + n(), -1, 1e308, 3.7, true, false, List.of(), Map.of(), List.of("x", 1),
                    Map.of("a", List.of(1)), "string-" + n(), "", "NaN", "2026-13-45T99:99:99Z", Long.MAX_VALUE,
                    "9".repeat(40)));
        }

        /** JSON that no parser should take: one deliberate syntax error. */
        byte[] malformed(String json) {
            String s = switch (r.nextInt(9)) {
                case 0 -> json.replaceFirst("\"", "'");
                case 1 -> json.replaceFirst(":", " ");
                case 2 -> json.substring(0, json.length() - 1) + ",}";
                case 3 -> "{/* comment */" + json.substring(1);
                case 4 -> json.replaceFirst("\"([a-zA-Z]+)\":", "$1:");
                case 5 -> json.substring(0, json.length() - 1) + ",\"level\":NaN}";
                case 6 -> json.replaceFirst(",", ",,");
                case 7 -> json.replaceFirst("\":\"", "\":\"\u0001");
                default -> "{" + json;
            };
            return s.getBytes(StandardCharsets.UTF_8);
        }

        byte[] mutate(byte[] body) {
            byte[] b = body.clone();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            return b;
        }

        byte[] huge(Map<String, Object> m, String textField) {
            int size = MAX_BODY + 1 + r.nextInt(r.nextInt(10) == 0 ? 200_000 : 20_000);
            return switch (r.nextInt(4)) {
                case 0 -> {
                    m.put(textField, hostile().repeat(1 + size / 20));
                    yield bytes(m);
                }
                case 1 -> (jsonString(m).replace("{", "{" + " ".repeat(size))).getBytes(StandardCharsets.UTF_8);
                case 2 -> {
                    m.put("tagCodes", java.util.Collections.nCopies(size / 6, "501"));
                    yield bytes(m);
                }
                default -> {
                    m.put(textField, "😀".repeat(size / 4 + 1));
                    yield bytes(m);
                }
            };
        }

        byte[] deep(Map<String, Object> m) {
            int depth = r.nextInt(8) == 0 ? 3000 + r.nextInt(10_000) : 50 + r.nextInt(1700);
            String open;
            String close;
            if (r.nextBoolean()) {
                open = "[".repeat(depth);
                close = "]".repeat(depth);
            } else {
                open = "{\"a\":".repeat(depth);
                close = "}".repeat(depth);
            }
            String json = jsonString(m);
            String s = switch (r.nextInt(3)) {
                case 0 -> open + close;
                case 1 -> json.substring(0, json.length() - 1) + ",\"tagCodes\":" + open + "1" + close + "}";
                default -> json.replaceFirst(":", ":" + open + "\"x\"" + close + ",\"ignored\":");
            };
            return s.getBytes(StandardCharsets.UTF_8);
        }

        /** A valid body with invalid UTF-8 bytes inside the free-text string. */
        byte[] invalidUtf8(Map<String, Object> m, String textField) {
            String marker = "@@BAD@@";
            m.put(textField, "好" + marker + "评");
            byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
            String json = jsonString(m);
            int at = json.indexOf(marker);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(pick(List.of(bad)));
            out.writeBytes(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        String hex(int chars) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < chars; i++) {
                b.append(Character.forDigit(r.nextInt(16), 16));
            }
            return b.toString();
        }
    }

    static final List<String> NOT_OBJECTS = List.of("", " ", "[]", "null", "\"a string\"", "42", "true", "[{}]",
            "{}{}", "\u0000", "﻿", "{\"a\":}", "}", "{", "[", "\"", "nul", "1e999");

    static String form(String... namesAndValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** Percent-encodes everything outside the unreserved set, so any text is one path segment. */
    static String encodePathSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}

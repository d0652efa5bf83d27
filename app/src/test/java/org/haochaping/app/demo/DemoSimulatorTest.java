package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoSimulatorTest {

    private static final HcpConfig CONFIG = ConfigLoader.defaults().withDevice("demo-evaluator", "test-device-secret-0123456789");
    private static final String DEVICE = "demo-evaluator";
    private static final String SECRET = CONFIG.security().devices().get(DEVICE);
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Population POPULATION = Population.generate(3, 6, 1);

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static RatingGenerator generator(int count, double invalidShare) {
        return new RatingGenerator(POPULATION, "sim", count, NOW.minusSeconds(3600), NOW, invalidShare, 5);
    }

    /** An edge in miniature: checks the signature and validates like the real one, answers on a pool thread. */
    private final class FakeEdge implements DemoSimulator.Transport {
        final RatingValidator validator = new RatingValidator(CONFIG.validation(), TagCatalogue.national());
        final PhoneProtector phones = new PhoneProtector(CONFIG.security().phoneHashKey());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<String> order = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> unavailableFor = new HashMap<>();
        final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<DemoSimulator.Reply> post(EdgeRequest request, Map<String, String> headers, byte[] body) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(1);
                    return answer(headers, body);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inFlight.decrementAndGet();
                }
            }, pool);
        }

        private DemoSimulator.Reply answer(Map<String, String> headers, byte[] body) {
            long ts = Long.parseLong(headers.get(RequestSignature.TIMESTAMP_HEADER));
            assertThat(headers.get(RequestSignature.DEVICE_HEADER)).isEqualTo(DEVICE);
            if (!RequestSignature.matches(SECRET, ts, body, headers.get(RequestSignature.SIGNATURE_HEADER))) {
                return new DemoSimulator.Reply(401, null, "{\"error\":\"signature\"}");
            }
            try {
                var request = RatingJson.readRequest(body);
                order.add(request.ratingId());
                seen.add(new Seen(request.ratingId(), ts, headers.get(RequestSignature.SIGNATURE_HEADER)));
                synchronized (unavailableFor) {
                    Integer left = unavailableFor.get(request.ratingId());
                    if (left != null && left > 0) {
                        unavailableFor.put(request.ratingId(), left - 1);
                        return new DemoSimulator.Reply(503, "0", "{\"error\":\"unavailable\"}");
                    }
                }
                validator.check(request.toRating(Channel.EVALUATOR, DEVICE, NOW, phones), NOW);
                return new DemoSimulator.Reply(202, null, "{}");
            } catch (InvalidRatingException e) {
                return new DemoSimulator.Reply(400, null, e.getMessage());
            }
        }
    }

    private record Seen(String ratingId, long timestamp, String signature) {}

    private DemoSimulator simulator(DemoSimulator.Transport transport, PrintStream progress) {
        return new DemoSimulator(transport, CONFIG, Clock.fixed(NOW, ZoneOffset.UTC))
                .concurrency(8)
                .progress(DemoOptions.Progress.OFF, progress);
    }

    @Test
    void signedHeadersVerify() {
        byte[] body = "{\"ratingId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = DemoSimulator.signedHeaders(DEVICE, SECRET, 1_700_000_000_000L, body);
        assertThat(headers).containsOnlyKeys(RequestSignature.DEVICE_HEADER, RequestSignature.TIMESTAMP_HEADER,
                RequestSignature.SIGNATURE_HEADER);
        assertThat(headers.get(RequestSignature.TIMESTAMP_HEADER)).isEqualTo("1700000000000");
        assertThat(RequestSignature.matches(SECRET, 1_700_000_000_000L, body, headers.get(RequestSignature.SIGNATURE_HEADER)))
                .isTrue();
        assertThat(RequestSignature.matches(SECRET, 1_700_000_000_001L, body, headers.get(RequestSignature.SIGNATURE_HEADER)))
                .isFalse();
    }

    @Test
    void badSignatureRequestsAreSignedWrongAndOthersRight() {
        DemoSimulator simulator = simulator(new FakeEdge(), System.err);
        for (DemoRequest r : generator(3_000, 0.05)) {
            byte[] body = r.body();
            Map<String, String> headers = simulator.headersFor(EdgeRequest.evaluator(r), body, NOW.toEpochMilli());
            String signature = headers.get(RequestSignature.SIGNATURE_HEADER);
            assertThat(signature).matches("[0-9a-f]{64}");
            assertThat(RequestSignature.matches(SECRET, NOW.toEpochMilli(), body, signature))
                    .as("%s", r.invalid()).isEqualTo(r.invalid() != InvalidKind.BAD_SIGNATURE);
        }
    }

    @Test
    void choosesTheDemoDeviceOrTheFirstOne() {
        assertThat(DemoSimulator.chooseDevice(Map.of("b", "s", DEVICE, "t"))).isEqualTo(DEVICE);
        assertThat(DemoSimulator.chooseDevice(Map.of("zeta", "s", "alpha", "t"))).isEqualTo("alpha");
        assertThatThrownBy(() -> DemoSimulator.chooseDevice(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsAcceptedAndRejectedByKindAndChecksThem() throws Exception {
        FakeEdge edge = new FakeEdge();
        RatingGenerator generator = generator(2_000, 0.02);
        long invalid = generator.toList().stream().filter(r -> !r.isValid()).count();

        SimulationResult result = simulator(edge, System.err).run(generator);

        assertThat(result.total()).isEqualTo(2_000);
        assertThat(result.expectedRejected()).isEqualTo(invalid);
        assertThat(result.rejected()).isEqualTo(invalid);
        assertThat(result.accepted()).isEqualTo(2_000 - invalid);
        assertThat(result.failed()).isZero();
        assertThat(result.rejectedByKind()).containsOnlyKeys(
                "bad-signature", "level-out-of-range", "tag-of-other-level", "bad-rating-without-detail", "malformed-json");
        assertThat(result.rejectedByKind().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(invalid);
        assertThat(result.asExpected()).isTrue();
        assertThat(result.line()).startsWith("已发送 2000 条（").contains("受理 " + (2_000 - invalid));
        assertThat(edge.maxInFlight.get()).isLessThanOrEqualTo(8).isGreaterThan(1);
    }

    @Test
    void keepsTheOrderOfSubmission() throws Exception {
        FakeEdge edge = new FakeEdge();
        simulator(edge, System.err).concurrency(1).run(generator(300, 0));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            expected.add("sim-" + i);
        }
        assertThat(edge.order).containsExactlyElementsOf(expected);
    }

    @Test
    void retriesA503WithANewSignatureUntilAccepted() throws Exception {
        FakeEdge edge = new FakeEdge();
        edge.unavailableFor.put("sim-3", 2);
        // the clock stands still, yet every attempt must carry a new timestamp and signature
        SimulationResult result = simulator(edge, System.err).concurrency(4).run(generator(10, 0));

        assertThat(result.accepted()).isEqualTo(10);
        assertThat(result.failed()).isZero();
        assertThat(result.asExpected()).isTrue();
        List<Seen> attempts = edge.seen.stream().filter(s -> s.ratingId().equals("sim-3")).toList();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(Seen::timestamp).doesNotHaveDuplicates().allSatisfy(ts ->
                assertThat(ts).isBetween(NOW.toEpochMilli(), NOW.toEpochMilli() + 2));
        assertThat(attempts).extracting(Seen::signature).doesNotHaveDuplicates();
    }

    @Test
    void a503BeyondTheRetryLimitFails() throws Exception {
        FakeEdge edge = new FakeEdge();
        edge.unavailableFor.put("sim-2", 100);
        SimulationResult result = simulator(edge, System.err).maxRetries(3).run(generator(5, 0));
        assertThat(result.accepted()).isEqualTo(4);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.asExpected()).isFalse();
        assertThat(edge.order.stream().filter("sim-2"::equals)).hasSize(4);
    }

    @Test
    void otherAnswersAndTransportErrorsFailAndValidRejectionsAreUnexpected() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DemoSimulator.Transport odd = (request, headers, body) -> switch (calls.incrementAndGet()) {
            case 1 -> CompletableFuture.completedFuture(new DemoSimulator.Reply(500, null, "boom"));
            case 2 -> CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
            case 3 -> throw new IllegalStateException("synchronous failure");
            case 4 -> CompletableFuture.completedFuture(new DemoSimulator.Reply(400, null, "nope"));
            default -> CompletableFuture.completedFuture(new DemoSimulator.Reply(202, null, "{}"));
        };
        SimulationResult result = simulator(odd, System.err).concurrency(1).run(generator(6, 0));
        assertThat(result.failed()).isEqualTo(3);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejectedByKind()).containsExactly(Map.entry(SimulationResult.UNEXPECTED, 1L));
        assertThat(result.unexpectedlyRejected()).isEqualTo(1);
        assertThat(result.asExpected()).isFalse();
    }

    @Test
    void anInvalidRequestAcceptedIsAMissedRejection() throws Exception {
        DemoSimulator.Transport acceptsAll = (request, headers, body) ->
                CompletableFuture.completedFuture(new DemoSimulator.Reply(202, null, "{}"));
        SimulationResult result = simulator(acceptsAll, System.err).run(generator(1_000, 0.05));
        assertThat(result.expectedRejected()).isPositive();
        assertThat(result.missedRejections()).isEqualTo(result.expectedRejected());
        assertThat(result.asExpected()).isFalse();
    }

    @Test
    void printsALineEveryTenPercentInLogs() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        simulator(new FakeEdge(), System.err).progress(DemoOptions.Progress.LINES, out).run(generator(1_000, 0));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).startsWith("发送评价 10%：100/1000，");
        assertThat(lines[9]).startsWith("发送评价 100%：1000/1000，").endsWith(" 条/秒");
    }

    @Test
    void drawsABarOnOneLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        simulator(new FakeEdge(), System.err).progress(DemoOptions.Progress.BAR, out).run(generator(200, 0));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r发送评价 [").endsWith("\n").contains("100.0%  200/200");
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(ProgressReporter.bar(5, 10, 12.4)).isEqualTo("发送评价 [###############---------------]  50.0%  5/10  12 条/秒");
        assertThat(ProgressReporter.line(5, 10, 12.6)).isEqualTo("发送评价 50%：5/10，13 条/秒");
    }

    @Test
    void retryAfterIsParsedAndClamped() {
        assertThat(DemoSimulator.retryAfter("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DemoSimulator.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(DemoSimulator.retryAfter("3600")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DemoSimulator.retryAfter(null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DemoSimulator.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void tamperedSignatureStaysHex() {
        assertThat(DemoSimulator.tamper("0abc")).isEqualTo("1abc");
        assertThat(DemoSimulator.tamper("fabc")).isEqualTo("0abc");
    }

    private static EdgeRequest request(long sequence, EdgeRequest.Kind kind, Instant eventTime) {
        return new EdgeRequest(sequence, kind, "/x", EdgeRequest.JSON,
                ("{\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8), eventTime, "r" + sequence, null);
    }

    /** Answers 202 after a short pause, noting any request started against the simulator's promises. */
    private final class WatchingEdge implements DemoSimulator.Transport {
        final List<EdgeRequest> inFlight = new ArrayList<>();
        final List<String> broken = Collections.synchronizedList(new ArrayList<>());
        final Map<EdgeRequest.Kind, Map<String, String>> headers = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Duration spread;

        WatchingEdge(Duration spread) {
            this.spread = spread;
        }

        @Override
        public CompletableFuture<DemoSimulator.Reply> post(EdgeRequest request, Map<String, String> sent, byte[] body) {
            synchronized (inFlight) {
                for (EdgeRequest other : inFlight) {
                    if (Duration.between(other.eventTime(), request.eventTime()).compareTo(spread) > 0) {
                        broken.add(request.label() + " sent while " + other.label() + " was in flight");
                    }
                }
                if (request.kind().waitsForPrevious() && !inFlight.isEmpty()) {
                    broken.add(request.label() + " pressed again while " + inFlight.size() + " were in flight");
                }
                inFlight.add(request);
                maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
            }
            headers.put(request.kind(), sent);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                synchronized (inFlight) {
                    inFlight.remove(request);
                }
                return new DemoSimulator.Reply(202, null, "{}");
            }, pool);
        }
    }

    @Test
    void keepsWhatIsInFlightWithinTheEventTimeSpreadAndLetsASpamPressWaitForTheFirst() throws Exception {
        WatchingEdge edge = new WatchingEdge(Duration.ofMinutes(1));
        List<EdgeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            EdgeRequest.Kind kind = i % 10 == 9 ? EdgeRequest.Kind.SPAM_PRESS : EdgeRequest.Kind.EVALUATOR;
            requests.add(request(i + 1, kind, NOW.plusSeconds(20L * i)));
        }
        SimulationResult result = simulator(edge, System.err).concurrency(16).maxEventTimeSpread(Duration.ofMinutes(1))
                .run(requests, requests.size());
        assertThat(edge.broken).isEmpty();
        assertThat(result.accepted()).isEqualTo(200);
        assertThat(result.accepted(EdgeRequest.Kind.SPAM_PRESS)).isEqualTo(20);
        assertThat(edge.maxInFlight.get()).as("0, 20, 40 and 60 s at most").isLessThanOrEqualTo(4);
    }

    @Test
    void signsEachKindAsWhatSendsItInAHall() throws Exception {
        HcpConfig config = CONFIG.withSystem("demo-business-system", "test-system-secret-0123456789")
                .withSmsGateway("demo-sms-gateway", "test-gateway-secret-0123456789");
        WatchingEdge edge = new WatchingEdge(Duration.ofDays(1));
        SimulationResult result = new DemoSimulator(edge, config, Clock.fixed(NOW, ZoneOffset.UTC))
                .progress(DemoOptions.Progress.OFF, System.err)
                .run(List.of(request(1, EdgeRequest.Kind.TRANSACTION, NOW), request(2, EdgeRequest.Kind.SMS_REPLY, NOW),
                        request(3, EdgeRequest.Kind.QR_FORM, NOW), request(4, EdgeRequest.Kind.EVALUATOR, NOW)), 4);
        assertThat(result.accepted()).isEqualTo(4);
        assertSignedBy(edge.headers.get(EdgeRequest.Kind.TRANSACTION), "demo-business-system",
                "test-system-secret-0123456789", 1);
        assertSignedBy(edge.headers.get(EdgeRequest.Kind.SMS_REPLY), "demo-sms-gateway",
                "test-gateway-secret-0123456789", 2);
        assertSignedBy(edge.headers.get(EdgeRequest.Kind.EVALUATOR), DEVICE, SECRET, 4);
        assertThat(edge.headers.get(EdgeRequest.Kind.QR_FORM)).as("a phone's browser signs nothing").isEmpty();

        SimulationResult unsigned = simulator(new WatchingEdge(Duration.ofDays(1)), System.err)
                .run(List.of(request(1, EdgeRequest.Kind.TRANSACTION, NOW)), 1);
        assertThat(unsigned.failed()).as("no business system registered").isEqualTo(1);
    }

    private static void assertSignedBy(Map<String, String> headers, String id, String secret, long sequence) {
        assertThat(headers.get(RequestSignature.DEVICE_HEADER)).isEqualTo(id);
        assertThat(RequestSignature.matches(secret, NOW.toEpochMilli(),
                ("{\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8), headers.get(RequestSignature.SIGNATURE_HEADER)))
                .isTrue();
    }
}

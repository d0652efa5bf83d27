package org.haochaping.app.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a phase's requests to the edge ({@code POST {baseUrl}{path}}), each signed as what sends it in a
 * hall (an evaluator device, the counter business system, the SMS gateway, or unsigned like a phone's
 * browser), at most {@code concurrency} in flight, in the order given so that event times reach the
 * pipeline nearly in order. Counts what the edge answered and checks it against what each request
 * deserved (see {@link SimulationResult#asExpected()}).
 *
 * <p>With {@link #maxEventTimeSpread(Duration)} a request is held back while a request in flight carries
 * an event time more than that spread older: the demo compresses days into seconds, and without the bound
 * 32 requests in flight could overtake each other by hours of event time, further than the pipeline's
 * allowed lateness.
 *
 * <p>A 503 (the rating log is unavailable) is retried after its Retry-After with a fresh timestamp and
 * signature and the same rating id, up to {@link #maxRetries(int)} times; meanwhile no new request is
 * sent, so that the retried rating does not fall behind the pipeline's watermark. Any other answer is
 * final: 202 accepted, 4xx rejected, anything else (and transport errors) failed.
 *
 * <p>Configure with the fluent setters, then call {@link #run} (blocking); one run at a time.
 */
public final class DemoSimulator {

    public static final String RATINGS_PATH = "/api/v1/ratings";
    /** The device the simulator signs as when the configuration registers it. */
    public static final String PREFERRED_DEVICE = "demo-evaluator";
    public static final int DEFAULT_MAX_RETRIES = 10;
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final int MAX_LOGGED_SURPRISES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulator.class);

    /** An edge's answer: the status, its Retry-After header (or null) and the body. */
    public record Reply(int status, String retryAfter, String body) {}

    /** Sends one signed body; the HTTP one is {@link #httpTransport}, tests plug in their own. */
    @FunctionalInterface
    public interface Transport {
        CompletionStage<Reply> post(EdgeRequest request, Map<String, String> headers, byte[] body);
    }

    /** An id and its HMAC secret, as registered in the configuration. */
    record Credentials(String id, String secret) {}

    /** The business system the simulator signs transactions as when registered. */
    public static final String PREFERRED_SYSTEM = "demo-business-system";
    /** The SMS gateway the simulator posts replies as when registered. */
    public static final String PREFERRED_GATEWAY = "demo-sms-gateway";

    private final Transport transport;
    private final Clock clock;
    private final Map<EdgeRequest.Signer, Credentials> signers = new java.util.EnumMap<>(EdgeRequest.Signer.class);
    private Duration maxEventTimeSpread;
    private int concurrency = DemoOptions.DEFAULT_CONCURRENCY;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private DemoOptions.Progress progress = DemoOptions.Progress.AUTO;
    private PrintStream progressOut = System.err;

    /**
     * @param http e.g. {@link #defaultHttpClient()}
     * @param baseUrl the edge, e.g. {@code http://127.0.0.1:8080}
     * @param config its {@code security.devices} supply the device id and secret
     * @param clock for the signatures' {@code X-Timestamp}
     */
    public DemoSimulator(HttpClient http, String baseUrl, HcpConfig config, Clock clock) {
        this(httpTransport(http, baseUrl, Duration.ofSeconds(30)), config, clock);
    }

    public DemoSimulator(Transport transport, HcpConfig config, Clock clock) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, String> devices = config.security().devices();
        String deviceId = chooseDevice(devices);
        signers.put(EdgeRequest.Signer.DEVICE, new Credentials(deviceId, devices.get(deviceId)));
        choose(config.security().systems(), PREFERRED_SYSTEM)
                .ifPresent(id -> signers.put(EdgeRequest.Signer.SYSTEM, new Credentials(id, config.security().systems().get(id))));
        choose(config.security().smsGateways(), PREFERRED_GATEWAY)
                .ifPresent(id -> signers.put(EdgeRequest.Signer.GATEWAY, new Credentials(id, config.security().smsGateways().get(id))));
    }

    /** {@code preferred} when registered, else the first id in alphabetical order, else empty. */
    static java.util.Optional<String> choose(Map<String, String> registered, String preferred) {
        if (registered == null || registered.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(registered.containsKey(preferred) ? preferred : new TreeMap<>(registered).firstKey());
    }

    /** HTTP/1.1 (no h2c upgrade dance), 5 s connect timeout. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Posts to {@code baseUrl + path} with the request's content type. */
    public static Transport httpTransport(HttpClient http, String baseUrl, Duration requestTimeout) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return (edgeRequest, headers, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + edgeRequest.path()))
                    .timeout(requestTimeout)
                    .header("Content-Type", edgeRequest.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Reply(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body()));
        };
    }

    /** {@value #PREFERRED_DEVICE} when registered, else the first device id in alphabetical order. */
    static String chooseDevice(Map<String, String> devices) {
        return choose(devices, PREFERRED_DEVICE).orElseThrow(() ->
                new IllegalArgumentException("security.devices registers no evaluator device to sign as"));
    }

    /** The three signing headers of an evaluator request, in the order they are sent. */
    public static Map<String, String> signedHeaders(String deviceId, String secret, long timestampMillis, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RequestSignature.DEVICE_HEADER, deviceId);
        headers.put(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestampMillis));
        headers.put(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(secret, timestampMillis, body));
        return headers;
    }

    /**
     * The headers for one attempt of {@code request}: signed as its {@link EdgeRequest.Signer} (none for a
     * phone's browser), correctly unless it is a {@link InvalidKind#BAD_SIGNATURE}.
     */
    Map<String, String> headersFor(EdgeRequest request, byte[] body, long timestampMillis) {
        EdgeRequest.Signer signer = request.kind().signer();
        if (signer == EdgeRequest.Signer.NONE) {
            return Map.of();
        }
        Credentials credentials = signers.get(signer);
        if (credentials == null) {
            throw new IllegalStateException("the configuration registers no " + signer.name().toLowerCase(java.util.Locale.ROOT)
                    + " to sign " + request.kind() + " requests as");
        }
        Map<String, String> headers = signedHeaders(credentials.id(), credentials.secret(), timestampMillis, body);
        if (request.invalid() == InvalidKind.BAD_SIGNATURE) {
            headers.put(RequestSignature.SIGNATURE_HEADER, tamper(headers.get(RequestSignature.SIGNATURE_HEADER)));
        }
        return headers;
    }

    /** The same hex signature with its first digit changed: well-formed, but wrong. */
    static String tamper(String signature) {
        char first = signature.charAt(0);
        return (first == '0' ? '1' : '0') + signature.substring(1);
    }

    public String deviceId() {
        return signers.get(EdgeRequest.Signer.DEVICE).id();
    }

    /** The SMS gateway id replies are posted as (their rating ids are {@code sms:<gateway>:<messageId>}). */
    public java.util.Optional<String> gatewayId() {
        return java.util.Optional.ofNullable(signers.get(EdgeRequest.Signer.GATEWAY)).map(Credentials::id);
    }

    /**
     * Holds a request back while one in flight (or waiting for its retry) carries an event time more than
     * {@code spread} older than its own; requests without an event time are never held. Null: no bound.
     */
    public DemoSimulator maxEventTimeSpread(Duration spread) {
        this.maxEventTimeSpread = spread;
        return this;
    }

    public DemoSimulator concurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive, got " + concurrency);
        }
        this.concurrency = concurrency;
        return this;
    }

    /** How often a request answered 503 is retried before it counts as failed. */
    public DemoSimulator maxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
        return this;
    }

    public DemoSimulator progress(DemoOptions.Progress mode, PrintStream out) {
        this.progress = Objects.requireNonNull(mode, "mode");
        this.progressOut = Objects.requireNonNull(out, "out");
        return this;
    }

    /** Takes concurrency and progress mode from the options (progress to stderr). */
    public DemoSimulator configure(DemoOptions options) {
        return concurrency(options.concurrency()).progress(options.progress(), System.err);
    }

    /** Posts the generator's ratings as the evaluator. */
    public SimulationResult run(RatingGenerator generator) throws InterruptedException {
        Iterable<EdgeRequest> requests = () -> {
            java.util.Iterator<DemoRequest> ratings = generator.iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ratings.hasNext();
                }

                @Override
                public EdgeRequest next() {
                    return EdgeRequest.evaluator(ratings.next());
                }
            };
        };
        return run(requests, generator.count());
    }

    /** @param total how many requests {@code requests} yields (for progress only) */
    public SimulationResult run(Iterable<EdgeRequest> requests, long total) throws InterruptedException {
        return new Run(requests.iterator(), total).execute();
    }

    /** @param previousTimestamp the X-Timestamp of the previous attempt, {@link Long#MIN_VALUE} for the first */
    private record Attempt(EdgeRequest request, int retries, long previousTimestamp) {}

    /** The state of one run; every field is guarded by {@link #lock}. */
    private final class Run {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Iterator<EdgeRequest> source;
        /** event times (epoch millis) of the requests sent and not finally answered, with their counts */
        private final TreeMap<Long, Integer> unanswered = new TreeMap<>();
        private final Map<EdgeRequest.Kind, Long> acceptedByKind = new java.util.EnumMap<>(EdgeRequest.Kind.class);
        private EdgeRequest held;
        private final PriorityQueue<Attempt> retries =
                new PriorityQueue<>(Comparator.comparingLong((Attempt a) -> a.request().sequence()));
        private final ProgressReporter progressReporter;
        private final Map<String, Long> rejectedByKind = new LinkedHashMap<>();
        private int inFlight;
        private long pausedUntilNanos = Long.MIN_VALUE;
        private long accepted;
        private long rejected;
        private long failed;
        private long expectedRejected;
        private long surprisesLogged;

        Run(Iterator<EdgeRequest> source, long total) {
            this.source = source;
            this.progressReporter = new ProgressReporter(progress, progressOut, total, System::nanoTime);
        }

        SimulationResult execute() throws InterruptedException {
            long started = System.nanoTime();
            while (true) {
                Attempt next = nextAttempt();
                if (next == null) {
                    break;
                }
                send(next);
            }
            long elapsed = System.nanoTime() - started;
            lock.lock();
            try {
                progressReporter.finish(accepted + rejected + failed);
                return new SimulationResult(accepted, rejected, failed, expectedRejected, orderedKinds(),
                        Duration.ofNanos(elapsed), acceptedByKind);
            } finally {
                lock.unlock();
            }
        }

        /** Blocks until a request may go out; null once everything is sent and answered. */
        private Attempt nextAttempt() throws InterruptedException {
            lock.lock();
            try {
                while (true) {
                    if (inFlight >= concurrency) {
                        changed.await();
                        continue;
                    }
                    long now = System.nanoTime();
                    if (pausedUntilNanos != Long.MIN_VALUE && now - pausedUntilNanos < 0) {
                        changed.awaitNanos(pausedUntilNanos - now);
                        continue;
                    }
                    Attempt next = retries.poll();
                    if (next == null && held == null && source.hasNext()) {
                        held = source.next();
                    }
                    if (next == null && held != null && mayStart(held)) {
                        EdgeRequest request = held;
                        held = null;
                        if (!request.isValid()) {
                            expectedRejected++;
                        }
                        if (request.eventTime() != null) {
                            unanswered.merge(request.eventTime().toEpochMilli(), 1, Integer::sum);
                        }
                        next = new Attempt(request, 0, Long.MIN_VALUE);
                    }
                    if (next != null) {
                        inFlight++;
                        return next;
                    }
                    if (inFlight == 0 && held == null) {
                        return null;
                    }
                    changed.await();
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Within the event-time spread of the oldest request still unanswered (see {@link #maxEventTimeSpread}),
         * and for a request that {@linkplain EdgeRequest.Kind#waitsForPrevious() waits}, nothing unanswered.
         */
        private boolean mayStart(EdgeRequest request) {
            if (request.kind().waitsForPrevious() && (inFlight > 0 || !retries.isEmpty())) {
                return false;
            }
            if (maxEventTimeSpread == null || request.eventTime() == null || unanswered.isEmpty()) {
                return true;
            }
            return request.eventTime().toEpochMilli() - unanswered.firstKey() <= maxEventTimeSpread.toMillis();
        }

        private void settled(EdgeRequest request) {
            if (request.eventTime() != null) {
                unanswered.computeIfPresent(request.eventTime().toEpochMilli(), (k, n) -> n == 1 ? null : n - 1);
            }
        }

        private void send(Attempt attempt) {
            // a retry is signed anew, and never with the timestamp (so never the signature) of the attempt before
            long timestamp = attempt.previousTimestamp() == Long.MIN_VALUE ? clock.millis()
                    : Math.max(clock.millis(), attempt.previousTimestamp() + 1);
            CompletionStage<Reply> reply;
            try {
                byte[] body = attempt.request().body();
                reply = transport.post(attempt.request(), headersFor(attempt.request(), body, timestamp), body);
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            reply.whenComplete((r, error) -> answered(attempt, timestamp, r, error));
        }

        private void answered(Attempt attempt, long timestamp, Reply reply, Throwable error) {
            lock.lock();
            try {
                EdgeRequest request = attempt.request();
                boolean retry = reply != null && error == null && reply.status() == 503 && attempt.retries() < maxRetries;
                if (!retry) {
                    settled(request);
                }
                if (error != null || reply == null) {
                    failed++;
                    surprise(request, "failed: " + (error == null ? "no reply" : error));
                } else if (retry) {
                    Duration wait = retryAfter(reply.retryAfter());
                    long until = System.nanoTime() + wait.toNanos();
                    if (pausedUntilNanos == Long.MIN_VALUE || until - pausedUntilNanos > 0) {
                        pausedUntilNanos = until;
                    }
                    retries.add(new Attempt(request, attempt.retries() + 1, timestamp));
                } else if (reply.status() >= 200 && reply.status() < 300) {
                    accepted++;
                    acceptedByKind.merge(request.kind(), 1L, Long::sum);
                    if (!request.isValid()) {
                        surprise(request, "accepted although " + request.invalid().key());
                    }
                } else if (reply.status() >= 400 && reply.status() < 500) {
                    rejected++;
                    boolean refusedDuplicate = request.isValid() && request.kind().duplicate() && reply.status() == 409;
                    String kind = refusedDuplicate ? SimulationResult.DUPLICATE
                            : request.isValid() ? SimulationResult.UNEXPECTED : request.invalid().key();
                    rejectedByKind.merge(kind, 1L, Long::sum);
                    if (refusedDuplicate) {
                        // what the edge should do where it can know the case was rated
                    } else if (request.isValid()) {
                        surprise(request, "rejected with " + reply.status() + ": " + reply.body());
                    } else if (reply.status() != request.invalid().expectedStatus()) {
                        surprise(request, request.invalid().key() + " rejected with " + reply.status()
                                + " instead of " + request.invalid().expectedStatus() + ": " + reply.body());
                    }
                } else {
                    failed++;
                    surprise(request, "answered " + reply.status()
                            + (reply.status() == 503 ? " " + (attempt.retries() + 1) + " times" : "") + ": " + reply.body());
                }
                progressReporter.update(accepted + rejected + failed);
            } finally {
                inFlight--;
                changed.signalAll();
                lock.unlock();
            }
        }

        private void surprise(EdgeRequest request, String what) {
            if (surprisesLogged++ < MAX_LOGGED_SURPRISES) {
                LOG.warn("{} {} ({}): {}", request.kind(), request.label(), request.path(), what);
            }
        }

        private Map<String, Long> orderedKinds() {
            Map<String, Long> ordered = new LinkedHashMap<>();
            for (InvalidKind kind : InvalidKind.values()) {
                Long n = rejectedByKind.get(kind.key());
                if (n != null) {
                    ordered.put(kind.key(), n);
                }
            }
            for (String key : List.of(SimulationResult.DUPLICATE, SimulationResult.UNEXPECTED)) {
                Long n = rejectedByKind.get(key);
                if (n != null) {
                    ordered.put(key, n);
                }
            }
            return ordered;
        }
    }

    /** Retry-After in whole seconds, clamped to [0, 30 s]; 1 s when absent or an HTTP date. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return Duration.ofSeconds(Math.max(0, Math.min(MAX_RETRY_AFTER.toSeconds(), seconds)));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }
}

package org.haochaping.bench.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.haochaping.model.RequestSignature;

/**
 * An open-loop load generator for the edge's {@code POST /api/v1/ratings}: each step sends signed ratings
 * ({@link EdgeRatings}) at a fixed rate on a schedule that does not wait for answers, over a pool of
 * keep-alive connections (Vert.x HTTP client; requests beyond the pool queue in the client and that wait
 * counts as latency). Every request's outcome is kept by sequence number (which ids got a 202), and an
 * optional {@link AnswerListener} hears each answer as it comes (e.g. when a rating was accepted).
 *
 * <p>Requests are built and signed before they are due — a step of up to a minute entirely before it starts,
 * a longer one a minute ahead on a background thread — so the sender thread only keeps time. Each is rated
 * and signed at its due time (the step's wall-clock start plus its slot), so event times advance with the
 * sends as in production; it is sent later than that by the time the first minute of requests took to build.
 *
 * <pre>{@code
 * EdgeRatings ratings = new EdgeRatings("edge-run-1", process.deviceId(), process.deviceSecret(), seed);
 * try (LoadGenerator load = new LoadGenerator(process.baseUrl(), 64, Duration.ofSeconds(30), ratings)) {
 *     StepResult step = load.run(2_000, Duration.ofSeconds(15), LoadGenerator.AnswerListener.NONE);
 *     step.acceptedPerSecond(); step.latency().percentileMicros(0.99); step.sequences(Outcome.ACCEPTED);
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {

    /** Hears every answer, on a Vert.x event-loop thread: keep it short. */
    @FunctionalInterface
    public interface AnswerListener {
        AnswerListener NONE = (sequence, ratingId, outcome, status, latencyNanos, answeredAtMillis) -> { };

        /**
         * @param status           the HTTP status, 0 without one
         * @param latencyNanos     from the request's scheduled send time to its answer
         * @param answeredAtMillis wall-clock time of the answer (epoch milliseconds)
         */
        void answered(long sequence, String ratingId, Outcome outcome, int status, long latencyNanos,
                      long answeredAtMillis);
    }

    private static final Duration PREPARE_AHEAD = Duration.ofMinutes(1);
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final EdgeRatings ratings;
    private final String host;
    private final int port;
    private final Duration requestTimeout;
    private final Vertx vertx;
    private final HttpClientAgent client;
    /** One per event loop: requests are issued on them in turn, so connections spread over the loops. */
    private final Context[] contexts;
    private long nextSequence = 1;
    private volatile boolean stopRequested;

    /**
     * @param baseUrl        the edge, e.g. {@code http://127.0.0.1:8080}
     * @param connections    keep-alive connections at most (HTTP/1.1, no pipelining)
     * @param requestTimeout an answer later than this counts as {@link Outcome#TIMEOUT}
     */
    public LoadGenerator(String baseUrl, int connections, Duration requestTimeout, EdgeRatings ratings) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.requestTimeout = requestTimeout;
        this.ratings = ratings;
        this.vertx = Vertx.vertx();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis())),
                new PoolOptions().setHttp1MaxSize(connections));
        // from a thread outside Vert.x, each call makes a new context on the next event loop
        this.contexts = new Context[Math.max(1, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = vertx.getOrCreateContext();
        }
    }

    /** The next sequence number a step will use (they continue across steps, so ids never repeat). */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Sends {@code round(perSecond × duration)} ratings at {@code perSecond}, then waits for every answer.
     *
     * @return the step, with every request's outcome
     */
    public StepResult run(double perSecond, Duration duration, AnswerListener listener) throws InterruptedException {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + perSecond);
        }
        int n = (int) Math.round(perSecond * duration.toNanos() / 1e9);
        long first = nextSequence;
        nextSequence += n;
        // a step of up to a minute is built before it starts; a longer one a minute ahead in the background,
        // so no timestamp gets near the edge's signature skew (5 minutes)
        int chunk = (int) Math.max(1, Math.min(n, Math.round(perSecond * PREPARE_AHEAD.toSeconds())));
        ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "load-preparer");
            t.setDaemon(true);
            return t;
        });
        // rated and signed at its due time on the wall clock of this call: later than that, when sent, by the
        // time the first chunk takes to build (about a second for a minute at 20,000/s)
        long wallStart = System.currentTimeMillis();
        double millisPerRequest = 1e3 / perSecond;
        Future<EdgeRatings.Prepared[]> nextChunk = CompletableFuture.completedFuture(
                prepare(first, 0, Math.min(n, chunk), wallStart, millisPerRequest));
        EdgeRatings.Prepared[] requests = null;

        Answers answers = new Answers(n, listener);
        double nanosPerRequest = 1e9 / perSecond;
        long start = System.nanoTime() + START_DELAY_NANOS;
        stopRequested = false;
        int sent = 0;
        try {
            for (int i = 0; i < n && !stopRequested; i++) {
                if (i % chunk == 0) {
                    requests = nextChunk.get();
                    int from = i + chunk;
                    nextChunk = from < n
                            ? preparer.submit(() -> prepare(first, from, Math.min(n, from + chunk), wallStart,
                                    millisPerRequest))
                            : CompletableFuture.completedFuture(null);
                }
                long scheduled = start + (long) (i * nanosPerRequest);
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(requests[i % chunk], scheduled, i, answers);
                requests[i % chunk] = null;
                sent++;
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not build the requests", e.getCause());
        } finally {
            preparer.shutdownNow();
        }
        long lastSend = System.nanoTime();
        for (int i = sent; i < n; i++) {
            answers.pending.countDown(); // never sent (stopped)
        }
        if (!answers.pending.await(requestTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            // requests without any answer or failure stay NONE: unknown to the caller
            answers.lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
        }
        return new StepResult(perSecond, first, Arrays.copyOf(answers.outcomes, sent), (lastSend - start) / 1e9,
                (Math.max(answers.lastNanos.get(), lastSend) - start) / 1e9, answers.statuses, answers.latency,
                answers.firstFailure.get());
    }

    /**
     * Ends the running step's sending early (e.g. once the server was killed): {@link #run} then waits for the
     * answers of what was sent and returns a step of only those.
     */
    public void stopSending() {
        stopRequested = true;
    }

    /** Requests {@code [from, to)} of a step starting at sequence {@code first}, built on all cores. */
    private EdgeRatings.Prepared[] prepare(long first, int from, int to, long wallStart, double millisPerRequest) {
        return IntStream.range(from, to).parallel()
                .mapToObj(i -> ratings.prepare(first + i, wallStart + Math.round(i * millisPerRequest)))
                .toArray(EdgeRatings.Prepared[]::new);
    }

    /** What a step's answers leave behind, written from the event loops; read once {@code pending} is zero. */
    private static final class Answers {
        final byte[] outcomes;
        final AtomicLongArray statuses = new AtomicLongArray(600);
        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicLong lastNanos = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        final CountDownLatch pending;
        final AnswerListener listener;

        Answers(int requests, AnswerListener listener) {
            this.outcomes = new byte[requests];
            this.pending = new CountDownLatch(requests);
            this.listener = listener;
        }

        void record(EdgeRatings.Prepared r, int index, long scheduled, AsyncResult<Integer> ar) {
            long now = System.nanoTime();
            int status = ar.succeeded() ? ar.result() : 0;
            Outcome outcome = ar.succeeded() ? Outcome.ofStatus(status) : failure(ar.cause());
            if (ar.failed()) {
                firstFailure.compareAndSet(null, ar.cause().toString());
            }
            outcomes[index] = (byte) outcome.ordinal();
            if (status > 0) {
                statuses.incrementAndGet(Math.min(status, statuses.length() - 1));
                latency.recordNanos(now - scheduled);
            }
            lastNanos.accumulateAndGet(now, Math::max);
            try {
                listener.answered(r.sequence(), r.ratingId(), outcome, status, now - scheduled,
                        System.currentTimeMillis());
            } finally {
                pending.countDown(); // a failing listener must not leave run() waiting
            }
        }
    }

    private void send(EdgeRatings.Prepared r, long scheduled, int index, Answers answers) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setURI(EdgeRatings.PATH)
                .setIdleTimeout(requestTimeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(RequestSignature.DEVICE_HEADER, ratings.deviceId())
                .putHeader(RequestSignature.TIMESTAMP_HEADER, Long.toString(r.timestampMillis()))
                .putHeader(RequestSignature.SIGNATURE_HEADER, r.signature());
        contexts[index % contexts.length].runOnContext(v -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(r.body())))
                .compose(response -> response.body().map(body -> response.statusCode()))
                // a deadline from issue to answer, waiting for a pooled connection included
                .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(ar -> answers.record(r, index, scheduled, ar)));
    }

    static Outcome failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return Outcome.TIMEOUT;
            }
        }
        return Outcome.CONNECTION_ERROR;
    }

    @Override
    public void close() {
        client.close().await();
        vertx.close().await();
    }
}

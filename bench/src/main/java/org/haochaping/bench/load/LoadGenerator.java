package org.haochaping.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>Requests of a step are built and signed before the step starts, so the sender thread only schedules;
 * their timestamps are at most the step's length old, well within the edge's signature skew.
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

    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final EdgeRatings ratings;
    private final String host;
    private final int port;
    private final Duration requestTimeout;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private long nextSequence = 1;

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
        EdgeRatings.Prepared[] requests = IntStream.range(0, n).parallel()
                .mapToObj(i -> ratings.prepare(first + i)).toArray(EdgeRatings.Prepared[]::new);

        byte[] outcomes = new byte[n];
        AtomicLongArray statuses = new AtomicLongArray(600);
        LatencyHistogram latency = new LatencyHistogram();
        AtomicLong lastAnswer = new AtomicLong();
        CountDownLatch answered = new CountDownLatch(n);
        double nanosPerRequest = 1e9 / perSecond;
        long start = System.nanoTime() + START_DELAY_NANOS;
        for (int i = 0; i < n; i++) {
            long scheduled = start + (long) (i * nanosPerRequest);
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(requests[i], scheduled, i, outcomes, statuses, latency, lastAnswer, answered, listener);
            requests[i] = null;
        }
        long lastSend = System.nanoTime();
        if (!answered.await(requestTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            // requests without any answer or failure stay NONE: unknown to the caller
            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
        }
        return new StepResult(perSecond, first, outcomes, (lastSend - start) / 1e9,
                (Math.max(lastAnswer.get(), lastSend) - start) / 1e9, statuses, latency);
    }

    private void send(EdgeRatings.Prepared r, long scheduled, int index, byte[] outcomes, AtomicLongArray statuses,
                      LatencyHistogram latency, AtomicLong lastAnswer, CountDownLatch answered,
                      AnswerListener listener) {
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
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(r.body())))
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(ar -> {
                    long now = System.nanoTime();
                    int status = ar.succeeded() ? ar.result() : 0;
                    Outcome outcome = ar.succeeded() ? Outcome.ofStatus(status) : failure(ar.cause());
                    outcomes[index] = (byte) outcome.ordinal();
                    if (status > 0) {
                        statuses.incrementAndGet(Math.min(status, statuses.length() - 1));
                        latency.recordNanos(now - scheduled);
                    }
                    lastAnswer.accumulateAndGet(now, Math::max);
                    listener.answered(r.sequence(), r.ratingId(), outcome, status, now - scheduled,
                            System.currentTimeMillis());
                    answered.countDown();
                });
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

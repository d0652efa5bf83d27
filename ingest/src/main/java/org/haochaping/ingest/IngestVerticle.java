package org.haochaping.ingest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.Violation;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP edge for counter evaluators: {@code POST /api/v1/ratings}, plus {@code GET /health}
 * and {@code GET /metrics}. A rating is answered 202 only after Kafka acknowledged it; when Kafka
 * fails or does not answer within {@code http.kafkaTimeout} the answer is 503 with Retry-After,
 * never a false accept.
 *
 * <p>Errors are JSON: {@code {"error": "..."}}; an invalid rating (400) adds
 * {@code "violations": [{"field": "...", "message": "..."}]}.
 *
 * <p>Deploy one instance (as {@link IngestServer} does): each instance has its own
 * {@link ReplayCache}, so a replay reaching a sibling instance would not be recognised.
 */
public final class IngestVerticle extends VerticleBase {

    public static final String RATINGS_PATH = "/api/v1/ratings";
    public static final String HEALTH_PATH = "/health";
    public static final String METRICS_PATH = "/metrics";

    static final String JSON = "application/json; charset=utf-8";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Map<String, String> ALLOWED_METHODS =
            Map.of(RATINGS_PATH, "POST", HEALTH_PATH, "GET", METRICS_PATH, "GET");
    private static final String UNMATCHED_ROUTE = "unmatched";
    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

    private final HcpConfig config;
    private final RatingPublisher publisher;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final DeviceAuthenticator authenticator;
    private final ReplayCache replays;
    private final PhoneProtector phones;
    private final RatingValidator validator;
    private final long kafkaTimeoutMillis;
    private HttpServer server;

    public IngestVerticle(HcpConfig config, RatingPublisher publisher, PrometheusMeterRegistry registry, Clock clock) {
        this(config, publisher, registry, clock, ReplayCache.DEFAULT_CAPACITY);
    }

    /** @param replayCapacity how many used signatures to remember at most (see {@link ReplayCache}) */
    public IngestVerticle(HcpConfig config, RatingPublisher publisher, PrometheusMeterRegistry registry, Clock clock,
                          int replayCapacity) {
        this.config = Objects.requireNonNull(config, "config");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new IngestMetrics(registry);
        this.authenticator = new DeviceAuthenticator(config.security().devices(), config.security().signatureSkew());
        this.replays = new ReplayCache(replayCapacity);
        this.phones = new PhoneProtector(config.security().phoneHashKey());
        this.validator = new RatingValidator(config.validation(), TagCatalogue.national());
        this.kafkaTimeoutMillis = Math.max(1, config.http().kafkaTimeout().toMillis());
        metrics.replayCache(replays, ReplayCache::size, ReplayCache::evictions);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(this::instrument);
        router.post(RATINGS_PATH)
                .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
                .handler(this::postRating);
        router.get(HEALTH_PATH).handler(this::health);
        router.get(METRICS_PATH).handler(this::metrics);
        router.errorHandler(400, ctx -> error(ctx, 400, "bad request"));
        router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()));
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(413, ctx -> error(ctx, 413,
                "body larger than " + config.http().maxBodyBytes() + " bytes"));
        router.errorHandler(500, this::internalError);
        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.bindAddress())
                        .setPort(config.http().port()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("ingest edge listening on {}:{}", config.bindAddress(), s.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port the server listens on (the chosen one when {@code http.port} is 0); -1 before start. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    // ---- handlers -----------------------------------------------------------------------------

    /** First on every request: counts it by route template and status once the answer is written. */
    private void instrument(RoutingContext ctx) {
        long started = System.nanoTime();
        String path = ctx.request().path();
        String route = ALLOWED_METHODS.containsKey(path) ? path : UNMATCHED_ROUTE;
        ctx.addBodyEndHandler(v -> metrics.request(route, ctx.response().getStatusCode(),
                Duration.ofNanos(System.nanoTime() - started)));
        ctx.next();
    }

    private void postRating(RoutingContext ctx) {
        Instant now = clock.instant();
        HttpServerRequest request = ctx.request();
        Buffer bodyBuffer = ctx.body().buffer();
        byte[] body = bodyBuffer == null ? new byte[0] : bodyBuffer.getBytes();

        DeviceAuthenticator.Result auth = authenticator.verify(
                request.getHeader(RequestSignature.DEVICE_HEADER),
                request.getHeader(RequestSignature.TIMESTAMP_HEADER),
                request.getHeader(RequestSignature.SIGNATURE_HEADER),
                body, now);
        if (!auth.ok()) {
            metrics.rejected("unauthorized");
            error(ctx, 401, auth.error());
            return;
        }
        // Replay protection. The signature is recorded before anything else happens, which also
        // refuses a copy arriving while the original is still waiting for Kafka. It then stays
        // recorded when the request ends accepted (202) or refused as invalid (400): sending it again
        // cannot change the answer. It is released when Kafka failed (503): the device's retry may
        // re-send the very same signed request within the skew window (or sign anew, which always
        // works). A 503 after a timeout may still have reached Kafka late; the retry then duplicates
        // the record with the same rating id, which the stream job's de-duplication drops.
        // Requests failing authentication are never recorded: they must not fill the cache.
        String replayKey = ReplayCache.key(auth.deviceId(), auth.signature());
        long expiresAt = auth.timestampMillis() + authenticator.skew().toMillis();
        if (!replays.tryRecord(replayKey, expiresAt, now.toEpochMilli())) {
            metrics.rejected("replayed");
            error(ctx, 401, "replayed: this " + RequestSignature.SIGNATURE_HEADER
                    + " was already used; sign every request anew");
            return;
        }

        Rating rating;
        try {
            RatingRequest ratingRequest = RatingJson.readRequest(body);
            rating = ratingRequest.toRating(Channel.EVALUATOR, auth.deviceId(), now, phones);
            if (rating.channel() != Channel.EVALUATOR && rating.channel() != Channel.KIOSK) {
                throw new InvalidRatingException("channel", "this endpoint takes ratings from hall devices: '"
                        + Channel.EVALUATOR.wireName() + "' or '" + Channel.KIOSK.wireName() + "'");
            }
            validator.check(rating, now);
        } catch (InvalidRatingException e) {
            metrics.rejected("invalid");
            invalid(ctx, e);
            return;
        }

        String key = rating.hallId() + "/" + rating.counterId();
        Future<Void> acked;
        try {
            acked = Future.fromCompletionStage(publisher.publish(key, RatingJson.write(rating)), context);
        } catch (RuntimeException e) {
            acked = Future.failedFuture(e);
        }
        acked.timeout(kafkaTimeoutMillis, TimeUnit.MILLISECONDS).onComplete(ar -> {
            if (ar.succeeded()) {
                metrics.accepted(rating.channel().wireName());
                send(ctx, 202, new JsonObject().put("ratingId", rating.ratingId()));
            } else {
                replays.release(replayKey);
                metrics.kafkaSendFailure();
                LOG.warn("rating {} not acknowledged by Kafka: {}", rating.ratingId(), ar.cause().toString());
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(config.http().retryAfterSeconds()));
                error(ctx, 503, "the rating log is unavailable; nothing was stored, retry later");
            }
        });
    }

    private void health(RoutingContext ctx) {
        Future<Boolean> ready;
        try {
            ready = Future.fromCompletionStage(publisher.ready(), context);
        } catch (RuntimeException e) {
            ready = Future.failedFuture(e);
        }
        ready.timeout(kafkaTimeoutMillis, TimeUnit.MILLISECONDS).onComplete(ar -> {
            if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
                send(ctx, 200, new JsonObject().put("status", "UP"));
            } else {
                send(ctx, 503, new JsonObject().put("status", "DOWN").put("kafka", "unreachable"));
            }
        });
    }

    private void metrics(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                .end(registry.scrape());
    }

    private void methodNotAllowed(RoutingContext ctx) {
        String allowed = ALLOWED_METHODS.get(ctx.request().path());
        if (allowed != null) {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
        }
        error(ctx, 405, "method " + ctx.request().method() + " not allowed on " + ctx.request().path()
                + (allowed == null ? "" : "; use " + allowed));
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        error(ctx, 500, "internal error");
    }

    // ---- responses ----------------------------------------------------------------------------

    private static void invalid(RoutingContext ctx, InvalidRatingException e) {
        JsonArray violations = new JsonArray();
        for (Violation v : e.violations()) {
            violations.add(new JsonObject().put("field", v.field()).put("message", v.message()));
        }
        send(ctx, 400, new JsonObject().put("error", "invalid rating").put("violations", violations));
    }

    private static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("error", message));
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(body.encode());
    }
}

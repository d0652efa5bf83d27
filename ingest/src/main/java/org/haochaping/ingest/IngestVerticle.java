package org.haochaping.ingest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.cases.CaseEventValidator;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.qr.KioskKey;
import org.haochaping.model.qr.QrTokenSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP edge: one server, one router composed of the roles' routes.
 * <ul>
 *   <li>{@link DeviceRatingApi}: {@code POST /api/v1/ratings} (signed by an evaluator device)</li>
 *   <li>{@link SignedRecordApi}: {@code POST /api/v1/transactions} (business system, {@link TransactionDecoder})
 *       and {@code POST /api/v1/sms/inbound} (SMS gateway, {@link SmsReplyDecoder})</li>
 *   <li>{@link RatingRequestApi}: {@code POST /api/v1/rating-requests} ("请评价", business system)</li>
 *   <li>{@link KioskPages}: {@code GET /kiosk/{counterId}} and its event stream</li>
 *   <li>{@link TokenRatingApi}: {@code POST /api/v1/token-ratings}; {@link QrPages}: {@code GET|POST /r/{token}}</li>
 *   <li>here: {@code GET /health}, {@code GET /metrics}, and the JSON answers for 404, 405, 413, 500</li>
 * </ul>
 * Anything that reaches Kafka is answered only after Kafka acknowledged it ({@link KafkaHandoff}).
 *
 * <p>Deploy one instance (as {@link IngestServer} does): the {@link ReplayCache}, {@link RatedCases}
 * and the {@link KioskHub}'s streams and pending cases live in this instance.
 */
public final class IngestVerticle extends VerticleBase {

    public static final String RATINGS_PATH = DeviceRatingApi.PATH;
    public static final String TRANSACTIONS_PATH = TransactionDecoder.PATH;
    public static final String SMS_INBOUND_PATH = SmsReplyDecoder.PATH;
    public static final String RATING_REQUESTS_PATH = RatingRequestApi.PATH;
    public static final String TOKEN_RATINGS_PATH = TokenRatingApi.PATH;
    public static final String HEALTH_PATH = "/health";
    public static final String METRICS_PATH = "/metrics";

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

    private final HcpConfig config;
    private final RecordPublisher publisher;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final ReplayCache replays;
    private final RatedCases ratedCases;
    private final KioskHub hub;
    private final long kafkaTimeoutMillis;
    private EdgeRoutes routes;
    private HttpServer server;
    private long heartbeatTimer = -1;

    public IngestVerticle(HcpConfig config, RecordPublisher publisher, PrometheusMeterRegistry registry, Clock clock) {
        this(config, publisher, registry, clock, ReplayCache.DEFAULT_CAPACITY);
    }

    /** @param replayCapacity how many used signatures to remember at most (see {@link ReplayCache}) */
    public IngestVerticle(HcpConfig config, RecordPublisher publisher, PrometheusMeterRegistry registry, Clock clock,
                          int replayCapacity) {
        this.config = Objects.requireNonNull(config, "config");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new IngestMetrics(registry);
        this.replays = new ReplayCache(replayCapacity);
        this.ratedCases = new RatedCases(RatedCases.DEFAULT_CAPACITY);
        this.hub = new KioskHub(ratedCases);
        this.kafkaTimeoutMillis = Math.max(1, config.http().kafkaTimeout().toMillis());
        metrics.replayCache(replays, ReplayCache::size, ReplayCache::evictions);
        metrics.gauge("hcp.rated.cases.entries", "Cases rated at this edge and remembered against a second rating",
                ratedCases, RatedCases::size);
        metrics.gauge("hcp.kiosk.connections", "Evaluator pages connected to their event stream", hub,
                KioskHub::connections);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(this::instrument);
        routes = new EdgeRoutes(router, config.http().maxBodyBytes());
        mountRoles(routes);
        routes.get(HEALTH_PATH, this::health);
        routes.get(METRICS_PATH, this::metrics);
        router.errorHandler(400, ctx -> EdgeHttp.error(ctx, 400, "bad request"));
        router.errorHandler(404, ctx -> EdgeHttp.error(ctx, 404, "no such resource: " + ctx.request().path()));
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(413, ctx -> EdgeHttp.error(ctx, 413,
                "body larger than " + config.http().maxBodyBytes() + " bytes"));
        router.errorHandler(500, this::internalError);
        heartbeatTimer = vertx.setPeriodic(KioskHub.HEARTBEAT_MILLIS, id -> hub.heartbeat());
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

    /** Wires every role's routes; the objects are built here, where their shared state is. */
    private void mountRoles(EdgeRoutes routes) {
        HcpConfig.Security security = config.security();
        Duration skew = security.signatureSkew();
        KafkaHandoff kafka = new KafkaHandoff(publisher, metrics, kafkaTimeoutMillis, config.http().retryAfterSeconds());
        SignedRequestGate devices = gate(RequestAuthenticator.Party.DEVICE, security.devices(), skew);
        SignedRequestGate systems = gate(RequestAuthenticator.Party.BUSINESS_SYSTEM, security.systems(), skew);
        SignedRequestGate gateways = gate(RequestAuthenticator.Party.SMS_GATEWAY, security.smsGateways(), skew);
        PhoneProtector phones = new PhoneProtector(security.phoneHashKey());
        RatingValidator ratingValidator = new RatingValidator(config.validation(), TagCatalogue.national());
        QrTokenSigner tokens = new QrTokenSigner(security.qrSecret());
        RatingLog ratings = new RatingLog(kafka, ratedCases, metrics, config.kafka().ratingsTopic());
        TokenRatings tokenRatings = new TokenRatings(tokens, hub, ratings, ratingValidator, metrics);

        new DeviceRatingApi(devices, ratings, phones, ratingValidator, metrics, clock).mount(routes);
        new SignedRecordApi(new SignedRecordApi.Spec(TransactionDecoder.PATH, config.kafka().transactionsTopic(),
                "case_event", "eventId", "invalid case event"), systems,
                new TransactionDecoder(phones, PhoneCipher.fromBase64Key(security.phoneEncryptionKey()),
                        new CaseEventValidator(config.validation())), kafka, metrics, clock).mount(routes);
        new SignedRecordApi(new SignedRecordApi.Spec(SmsReplyDecoder.PATH, config.kafka().smsInboundTopic(),
                "sms_reply", "messageId", "invalid SMS reply"), gateways, new SmsReplyDecoder(phones), kafka,
                metrics, clock).mount(routes);
        new RatingRequestApi(systems, tokens, hub, metrics, config.qr().caseTokenTtl(), config.qr().publicBaseUrl(),
                clock).mount(routes);
        new KioskPages(hub, new KioskKey(security.qrSecret()), config.kiosk().resetAfter(), clock).mount(routes);
        new TokenRatingApi(tokenRatings, ratings, metrics, clock).mount(routes);
        new QrPages(tokenRatings, new QrPageHtml(config.validation().maxCommentChars()),
                config.http().retryAfterSeconds(), clock).mount(routes);
    }

    private SignedRequestGate gate(RequestAuthenticator.Party party, java.util.Map<String, String> secrets,
                                   Duration skew) {
        return new SignedRequestGate(new RequestAuthenticator(party, secrets, skew), replays, metrics);
    }

    @Override
    public Future<?> stop() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        hub.closeAll();
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port the server listens on (the chosen one when {@code http.port} is 0); -1 before start. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** The evaluator pages' registry and the counters' pending cases (for tests and the app's diagnostics). */
    KioskHub kioskHub() {
        return hub;
    }

    // ---- handlers -----------------------------------------------------------------------------

    /** First on every request: counts it by route template and status once the answer is written. */
    private void instrument(RoutingContext ctx) {
        long started = System.nanoTime();
        String route = routes.templateOf(ctx.request().path());
        ctx.addBodyEndHandler(v -> metrics.request(route, ctx.response().getStatusCode(),
                Duration.ofNanos(System.nanoTime() - started)));
        ctx.next();
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
                EdgeHttp.json(ctx, 200, new JsonObject().put("status", "UP"));
            } else {
                EdgeHttp.json(ctx, 503, new JsonObject().put("status", "DOWN").put("kafka", "unreachable"));
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
        String allowed = routes.allowedMethods(ctx.request().path());
        if (allowed != null) {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
        }
        EdgeHttp.error(ctx, 405, "method " + ctx.request().method() + " not allowed on " + ctx.request().path()
                + (allowed == null ? "" : "; use " + allowed));
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        EdgeHttp.error(ctx, 500, "internal error");
    }
}

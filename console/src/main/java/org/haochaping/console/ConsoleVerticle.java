package org.haochaping.console;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.qr.QrTokenSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server on {@code bindAddress:console.port}: {@code GET /health} open, everything under
 * {@code /api/v1} behind {@link BearerAuth}, composed of {@link WorkOrderApi} (reads) and {@link CommandApi}
 * (commands through Kafka). Every answer is JSON; errors are {@code {"error": "<Chinese>"}} including 404,
 * 405, 413 and 500.
 */
public final class ConsoleVerticle extends VerticleBase {

    public static final String API_ROOT = "/api/v1";
    public static final String HEALTH_PATH = "/health";
    /**
     * The largest body a command endpoint reads. The largest valid command (a follow-up: citizenFeedback and
     * note of at most 1000 characters each, up to 3 UTF-8 bytes or a 6-character escape per character) is
     * about 12 KB; anything larger is refused with 413 before it is parsed.
     */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);

    private final HcpConfig config;
    private final CommandGateway gateway;
    private final WorkOrderQueries queries;
    private final org.haochaping.evaluation.EvaluationService evaluations;
    private final Clock clock;
    private HttpServer server;

    public ConsoleVerticle(HcpConfig config, CommandGateway gateway, WorkOrderQueries queries,
                           org.haochaping.evaluation.EvaluationService evaluations, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.evaluations = Objects.requireNonNull(evaluations, "evaluations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<?> start() {
        Router root = Router.router(vertx);
        root.get(HEALTH_PATH).handler(this::health);
        root.route(API_ROOT + "/*").subRouter(api());
        root.errorHandler(400, ctx -> ConsoleHttp.error(ctx, 400, "请求格式不正确"));
        root.errorHandler(404, ctx -> ConsoleHttp.error(ctx, 404, "没有这个接口：" + ctx.request().path()));
        root.errorHandler(405, ctx -> ConsoleHttp.error(ctx, 405,
                "接口 " + ctx.request().path() + " 不支持 " + ctx.request().method() + " 请求"));
        root.errorHandler(413, ctx -> ConsoleHttp.error(ctx, 413, "请求内容过大（上限 " + MAX_BODY_BYTES + " 字节）"));
        root.errorHandler(500, this::internalError);
        if (config.console().users().isEmpty()) {
            LOG.warn("console.users is empty: every console API request will be refused (401); "
                    + "add users with `hcp console-token`");
        }
        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.bindAddress())
                        .setPort(config.console().port()))
                .requestHandler(root)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("console listening on {}:{} ({} users)", config.bindAddress(), s.actualPort(),
                            config.console().users().size());
                });
    }

    /** {@code /api/v1}: authentication first, then the endpoints. */
    private Router api() {
        Router api = Router.router(vertx);
        api.route().handler(new BearerAuth(config.console().users())::handle);
        new WorkOrderApi(vertx, queries, new RerateLinks(new QrTokenSigner(config.security().qrSecret()),
                config.qr().publicBaseUrl())).mount(api);
        new CommandApi(vertx, gateway, queries, clock, Math.max(1, config.http().kafkaTimeout().toMillis()),
                config.http().retryAfterSeconds(), Math.max(1, config.console().commandTimeout().toMillis()))
                .mount(api);
        new EvaluationApi(vertx, evaluations, config.rules().timeZone()).mount(api);
        return api;
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port the server listens on (the chosen one when {@code console.port} is 0); -1 before start. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private void health(RoutingContext ctx) {
        Future<Boolean> ready;
        try {
            ready = Future.fromCompletionStage(gateway.ready(), context);
        } catch (RuntimeException e) {
            ready = Future.failedFuture(e);
        }
        ready.timeout(Math.max(1, config.http().kafkaTimeout().toMillis()), TimeUnit.MILLISECONDS).onComplete(ar -> {
            if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
                ConsoleHttp.json(ctx, 200, new JsonObject().put("status", "UP"));
            } else {
                ConsoleHttp.json(ctx, 503, new JsonObject().put("status", "DOWN")
                        .put("error", "消息队列（Kafka）暂时不可用"));
            }
        });
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        ConsoleHttp.error(ctx, 500, "系统内部错误，请稍后重试");
    }
}

package org.haochaping.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.haochaping.model.FieldRules;
import org.haochaping.model.Violation;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command endpoints. Each request is checked in this order: authenticated ({@link BearerAuth}, 401), the
 * role may issue this type at all ({@code ConsoleRole.mayIssue}, 403), the body ({@link CommandBodies}, 400);
 * then the command is published ({@link CommandGateway}) and the answer waits for Kafka's acknowledgement
 * (else 503 with {@code Retry-After}, nothing was stored) and then for the stream job's outcome, whose
 * result gives the status: 200 applied, 409 conflict, 403 forbidden (another hall, someone else's rating),
 * 404 no such work order, each with the job's reason. No outcome within {@code console.commandTimeout} →
 * 202 with the URL that tells it later.
 *
 * <pre>
 * POST /api/v1/work-orders/{id}/follow-ups      回访
 * POST /api/v1/work-orders/{id}/rectification   整改
 * POST /api/v1/work-orders/{id}/appeal          申诉
 * POST /api/v1/work-orders/{id}/appeal/review   复核
 * GET  /api/v1/commands/{id}                    a command's outcome (200), still pending (202), unknown (404)
 * </pre>
 */
final class CommandApi {

    static final String COMMANDS_PATH = "/api/v1/commands/";
    private static final Logger LOG = LoggerFactory.getLogger(CommandApi.class);

    private final Vertx vertx;
    private final CommandGateway gateway;
    private final WorkOrderQueries queries;
    private final Clock clock;
    private final long kafkaTimeoutMillis;
    private final int retryAfterSeconds;
    private final long commandTimeoutMillis;

    CommandApi(Vertx vertx, CommandGateway gateway, WorkOrderQueries queries, Clock clock, long kafkaTimeoutMillis,
               int retryAfterSeconds, long commandTimeoutMillis) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.queries = queries;
        this.clock = clock;
        this.kafkaTimeoutMillis = kafkaTimeoutMillis;
        this.retryAfterSeconds = retryAfterSeconds;
        this.commandTimeoutMillis = commandTimeoutMillis;
    }

    /**
     * Mounts on the {@code /api/v1} router, behind {@link BearerAuth}. Each command route reads its body first
     * (at most {@link ConsoleVerticle#MAX_BODY_BYTES}, else 413); the body handler is on these routes only, so
     * an unknown path stays a 404 rather than matching a catch-all POST route (405).
     */
    void mount(Router api) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(ConsoleVerticle.MAX_BODY_BYTES);
        api.post("/work-orders/:id/follow-ups").handler(body).handler(this::followUp);
        api.post("/work-orders/:id/rectification").handler(body).handler(this::rectify);
        api.post("/work-orders/:id/appeal").handler(body).handler(this::appeal);
        api.post("/work-orders/:id/appeal/review").handler(body).handler(this::reviewAppeal);
        api.get("/commands/:id").handler(this::status);
    }

    private void followUp(RoutingContext ctx) {
        issue(ctx, WorkOrderCommandType.FOLLOW_UP);
    }

    private void rectify(RoutingContext ctx) {
        issue(ctx, WorkOrderCommandType.RECTIFY);
    }

    private void appeal(RoutingContext ctx) {
        issue(ctx, WorkOrderCommandType.APPEAL);
    }

    private void reviewAppeal(RoutingContext ctx) {
        issue(ctx, WorkOrderCommandType.REVIEW_APPEAL);
    }

    private void issue(RoutingContext ctx, WorkOrderCommandType type) {
        Principal actor = BearerAuth.principal(ctx);
        if (!actor.role().mayIssue(type)) {
            ConsoleHttp.error(ctx, 403, "您的角色（" + actor.role().chinese() + "）不能办理" + chinese(type));
            return;
        }
        String workOrderId = ctx.pathParam("id");
        if (!FieldRules.ID.matcher(workOrderId).matches()) {
            ConsoleHttp.invalid(ctx, java.util.List.of(new Violation("workOrderId", WorkOrderApi.BAD_ID)));
            return;
        }
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        CommandBodies.Parsed parsed = CommandBodies.parse(type, body, new CommandBodies.Envelope(
                UUID.randomUUID().toString(), workOrderId, actor, clock.instant()));
        if (parsed.command() == null) {
            ConsoleHttp.invalid(ctx, parsed.violations());
            return;
        }
        WorkOrderCommand command = parsed.command();
        CommandGateway.Submission submission = gateway.submit(command);
        Future.fromCompletionStage(submission.acked(), vertx.getOrCreateContext())
                .timeout(kafkaTimeoutMillis, TimeUnit.MILLISECONDS)
                .onFailure(cause -> {
                    gateway.stopWaiting(command.commandId());
                    LOG.warn("command {} ({} on {} by {}) not acknowledged by Kafka: {}", command.commandId(),
                            type.wireName(), workOrderId, actor.userId(), cause.toString());
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
                    ConsoleHttp.error(ctx, 503, "系统繁忙，指令未能提交，请稍后重试");
                })
                .onSuccess(acked -> {
                    LOG.info("command {} ({} on {} by {} {}) published", command.commandId(), type.wireName(),
                            workOrderId, actor.role().wireName(), actor.userId());
                    awaitOutcome(ctx, command, submission);
                });
    }

    private void awaitOutcome(RoutingContext ctx, WorkOrderCommand command, CommandGateway.Submission submission) {
        Future.fromCompletionStage(submission.outcome(), vertx.getOrCreateContext())
                .timeout(commandTimeoutMillis, TimeUnit.MILLISECONDS)
                .onSuccess(outcome -> answer(ctx, outcome))
                .onFailure(timeout -> {
                    gateway.stopWaiting(command.commandId());
                    pending(ctx, command.commandId(), command.workOrderId());
                });
    }

    /** {@code GET /api/v1/commands/{id}}: from the outcomes seen here, else ClickHouse, else pending or 404. */
    private void status(RoutingContext ctx) {
        String commandId = ctx.pathParam("id");
        if (!FieldRules.ID.matcher(commandId).matches()) {
            ConsoleHttp.error(ctx, 404, "指令不存在：" + commandId);
            return;
        }
        if (answeredFromMemory(ctx, commandId)) {
            return;
        }
        vertx.executeBlocking(() -> queries.command(commandId), false).onComplete(ar -> {
            if (ar.failed()) {
                WorkOrderApi.unavailable(ctx, ar.cause());
                return;
            }
            if (answeredFromMemory(ctx, commandId)) {
                return; // the outcome came in while ClickHouse was asked (its row may not be written yet)
            }
            Optional<JsonObject> row = ar.result();
            if (row.isPresent()) {
                ConsoleHttp.json(ctx, 200, new JsonObject()
                        .put("commandId", row.get().getString("commandId"))
                        .put("workOrderId", row.get().getString("workOrderId"))
                        .put("result", row.get().getString("result"))
                        .put("reason", row.get().getString("reason"))
                        .put("status", row.get().getString("statusAfter"))
                        .put("version", row.get().getLong("version"))
                        .put("decidedAt", row.get().getString("decidedAt")));
            } else if (gateway.publishedHere(commandId)) {
                pending(ctx, commandId, null);
            } else {
                ConsoleHttp.error(ctx, 404, "指令不存在：" + commandId);
            }
        });
    }

    private boolean answeredFromMemory(RoutingContext ctx, String commandId) {
        Optional<CommandOutcome> seen = gateway.outcome(commandId);
        seen.ifPresent(outcome -> ConsoleHttp.json(ctx, 200, body(outcome)));
        return seen.isPresent();
    }

    /** The outcome as the command's answer: the result's status; a refusal carries its reason as the error. */
    private static void answer(RoutingContext ctx, CommandOutcome outcome) {
        JsonObject body = body(outcome);
        if (outcome.result() != CommandOutcome.Result.APPLIED) {
            body.put("error", outcome.reason() == null || outcome.reason().isBlank()
                    ? "指令未被执行（" + outcome.result().wireName() + "）" : outcome.reason());
        }
        ConsoleHttp.json(ctx, outcome.result().httpStatus(), body);
    }

    private static JsonObject body(CommandOutcome o) {
        return new JsonObject()
                .put("commandId", o.commandId())
                .put("workOrderId", o.workOrderId())
                .put("result", o.result().wireName())
                .put("reason", o.reason() == null ? "" : o.reason())
                .put("status", o.status())
                .put("version", o.version())
                .put("decidedAt", o.decidedAt() == null ? null : o.decidedAt().toString());
    }

    private static void pending(RoutingContext ctx, String commandId, String workOrderId) {
        JsonObject body = new JsonObject()
                .put("commandId", commandId)
                .put("status", "pending")
                .put("statusUrl", COMMANDS_PATH + commandId)
                .put("message", "指令已提交，正在处理，请稍后查询结果");
        if (workOrderId != null) {
            body.put("workOrderId", workOrderId);
        }
        ConsoleHttp.json(ctx, 202, body);
    }

    static String chinese(WorkOrderCommandType type) {
        return switch (type) {
            case FOLLOW_UP -> "回访";
            case RECTIFY -> "整改";
            case APPEAL -> "申诉";
            case REVIEW_APPEAL -> "复核";
        };
    }
}

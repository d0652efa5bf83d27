package org.haochaping.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationException;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.EvaluationRun;
import org.haochaping.evaluation.EvaluationService;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.evaluation.export.EvaluationCsv;
import org.haochaping.evaluation.export.EvaluationWorkbook;
import org.haochaping.evaluation.export.ExplanationPage;
import org.haochaping.evaluation.export.ExplanationPdf;
import org.haochaping.fonts.CjkFont;
import org.haochaping.model.FieldRules;
import org.haochaping.model.Violation;
import org.haochaping.model.workorders.ConsoleRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly evaluation in the console ({@link EvaluationService}, on worker threads):
 *
 * <pre>
 * POST /api/v1/evaluations                        {"month": "2026-10"} → 201 {run, results}: a new revision
 * GET  /api/v1/evaluations                        ?month=2026-10 → {items: [run]}, newest first
 * GET  /api/v1/evaluations/{runId}                {run, policyYaml, results, audit}
 * GET  /api/v1/evaluations/{runId}/compare        ?with={otherRunId} → {from, to, same, changes}
 * POST /api/v1/evaluations/{runId}/approve        → 200 {approval}; 409 when the month is already approved
 * GET  /api/v1/evaluations/{runId}/export.xlsx    汇总, one sheet per hall, 审计
 * GET  /api/v1/evaluations/{runId}/export.csv     one row per clerk, for HR systems
 * GET  /api/v1/evaluations/{runId}/clerks/{clerkId}/explanation.html | explanation.pdf
 * </pre>
 *
 * Who: running and approving need a supervisor of all halls (a run covers every hall, and an approval
 * fixes everyone's pay coefficient); supervisors and auditors read, compare and download what concerns
 * their halls; a clerk lists approved revisions and reads only their own explanation of one. Nothing here
 * changes a stored revision: PUT, PATCH and DELETE under {@code /evaluations} are 405, and an approval is
 * refused (409) once the month has one.
 */
final class EvaluationApi {

    static final String IMMUTABLE = "考核结果生成后不可修改：如需更正，请重新运行生成新版本；已核定的版本任何人都不能更改";
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationApi.class);
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final Set<String> LIST_PARAMS = Set.of("month");
    private static final Set<String> COMPARE_PARAMS = Set.of("with");

    private final Vertx vertx;
    private final EvaluationService evaluations;
    private final ZoneId zone;
    private CjkFont font;

    EvaluationApi(Vertx vertx, EvaluationService evaluations, ZoneId zone) {
        this.vertx = vertx;
        this.evaluations = evaluations;
        this.zone = zone;
    }

    /** Mounts on the {@code /api/v1} router, behind {@link BearerAuth}. */
    void mount(Router api) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(ConsoleVerticle.MAX_BODY_BYTES);
        for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            api.route("/evaluations").method(method).handler(ctx -> ConsoleHttp.error(ctx, 405, IMMUTABLE));
            api.route("/evaluations/*").method(method).handler(ctx -> ConsoleHttp.error(ctx, 405, IMMUTABLE));
        }
        api.post("/evaluations").handler(body).handler(this::run);
        api.get("/evaluations").handler(this::list);
        api.get("/evaluations/:runId").handler(this::get);
        api.get("/evaluations/:runId/compare").handler(this::compare);
        api.post("/evaluations/:runId/approve").handler(this::approve);
        api.get("/evaluations/:runId/export.xlsx").handler(this::xlsx);
        api.get("/evaluations/:runId/export.csv").handler(this::csv);
        api.get("/evaluations/:runId/clerks/:clerkId/explanation.html").handler(this::explanationHtml);
        api.get("/evaluations/:runId/clerks/:clerkId/explanation.pdf").handler(this::explanationPdf);
    }

    private void run(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        if (!mayDecide(ctx, who, "运行考核")) {
            return;
        }
        JsonObject request;
        try {
            request = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            request = null;
        }
        String month = request == null ? null : request.getValue("month") instanceof String s ? s : null;
        EvaluationMonth parsed;
        try {
            parsed = EvaluationMonth.parse(month, zone);
        } catch (IllegalArgumentException e) {
            ConsoleHttp.invalid(ctx, List.of(new Violation("month", e.getMessage())));
            return;
        }
        blocking(ctx, () -> evaluations.run(parsed, who.userId()),
                e -> ConsoleHttp.json(ctx, 201, EvaluationJson.evaluation(e, false)));
    }

    private void list(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        QueryParams q = new QueryParams(ctx.queryParams(), LIST_PARAMS);
        String month = q.month("month");
        if (!q.violations().isEmpty()) {
            ConsoleHttp.invalid(ctx, q.violations());
            return;
        }
        blocking(ctx, () -> evaluations.list(Optional.ofNullable(month)), runs -> {
            List<EvaluationRun> visible = who.role() == ConsoleRole.CLERK
                    ? runs.stream().filter(EvaluationRun::approved).toList() : runs;
            ConsoleHttp.json(ctx, 200, new JsonObject().put("items", EvaluationJson.runs(visible)));
        });
    }

    private void get(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        if (!mayRead(ctx, who)) {
            return;
        }
        withRun(ctx, runId -> blocking(ctx, () -> evaluations.load(runId),
                e -> ConsoleHttp.json(ctx, 200, EvaluationJson.evaluation(e.forHalls(who.halls()), true))));
    }

    private void compare(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        if (!mayRead(ctx, who)) {
            return;
        }
        QueryParams q = new QueryParams(ctx.queryParams(), COMPARE_PARAMS);
        String with = q.id("with");
        if (with == null && q.violations().isEmpty()) {
            q.violations().add(new Violation("with", "请用 with 指定要比较的另一个版本编号"));
        }
        if (!q.violations().isEmpty()) {
            ConsoleHttp.invalid(ctx, q.violations());
            return;
        }
        withRun(ctx, runId -> blocking(ctx, () -> evaluations.compare(with, runId),
                c -> ConsoleHttp.json(ctx, 200, EvaluationJson.comparison(c, who.halls()))));
    }

    private void approve(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        if (!mayDecide(ctx, who, "核定考核结果")) {
            return;
        }
        withRun(ctx, runId -> blocking(ctx, () -> evaluations.approve(runId, who.userId()),
                a -> ConsoleHttp.json(ctx, 200, new JsonObject().put("approval", EvaluationJson.approval(a)))));
    }

    private void xlsx(RoutingContext ctx) {
        export(ctx, EvaluationWorkbook::write, XLSX, "xlsx");
    }

    private void csv(RoutingContext ctx) {
        export(ctx, EvaluationCsv::write, "text/csv; charset=utf-8", "csv");
    }

    /** Writes a whole revision, limited to the user's halls. */
    private interface Exporter {
        void write(Evaluation evaluation, java.io.OutputStream out) throws java.io.IOException;
    }

    private void export(RoutingContext ctx, Exporter exporter, String contentType, String extension) {
        Principal who = BearerAuth.principal(ctx);
        if (!mayRead(ctx, who)) {
            return;
        }
        withRun(ctx, runId -> blocking(ctx, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exporter.write(evaluations.load(runId).forHalls(who.halls()), out);
            return out.toByteArray();
        }, bytes -> file(ctx, contentType, "考核结果-" + runId + "." + extension, bytes)));
    }

    private void explanationHtml(RoutingContext ctx) {
        explanation(ctx, (e, clerk) -> ExplanationPage.html(e, clerk).getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "html");
    }

    private void explanationPdf(RoutingContext ctx) {
        explanation(ctx, (e, clerk) -> ExplanationPdf.pdf(e, clerk, font()), "application/pdf", "pdf");
    }

    /** The Chinese font, found on the first PDF and kept: finding it parses font files. A miss is not kept. */
    private synchronized CjkFont font() {
        if (font == null) {
            font = CjkFont.locate(Optional.empty());
        }
        return font;
    }

    /** Renders one clerk's page of a revision. */
    private interface Renderer {
        byte[] render(Evaluation evaluation, SubjectResult clerk) throws Exception;
    }

    private void explanation(RoutingContext ctx, Renderer renderer, String contentType, String extension) {
        Principal who = BearerAuth.principal(ctx);
        String clerkId = ctx.pathParam("clerkId");
        if (!FieldRules.ID.matcher(clerkId).matches()) {
            ConsoleHttp.invalid(ctx, List.of(new Violation("clerkId", WorkOrderApi.BAD_ID)));
            return;
        }
        if (who.role() == ConsoleRole.CLERK && !who.userId().equals(clerkId)) {
            ConsoleHttp.error(ctx, 403, "窗口工作人员只能查看本人的考核说明");
            return;
        }
        record Page(SubjectResult clerk, boolean approved, byte[] bytes) {}
        withRun(ctx, runId -> blocking(ctx, () -> {
            Evaluation e = evaluations.load(runId);
            SubjectResult clerk = e.clerks().stream().filter(r -> r.subjectId().equals(clerkId)).findFirst().orElse(null);
            if (clerk == null || !who.sees(clerk.hallId(), clerk.subjectId())
                    || (who.role() == ConsoleRole.CLERK && !e.run().approved())) {
                return new Page(clerk, e.run().approved(), null);
            }
            return new Page(clerk, true, renderer.render(e, clerk));
        }, page -> {
            if (page.clerk() == null) {
                ConsoleHttp.error(ctx, 404, "版本 " + ctx.pathParam("runId") + " 中没有工作人员 " + clerkId);
            } else if (page.bytes() == null && !page.approved()) {
                ConsoleHttp.error(ctx, 403, "该版本尚未核定，工作人员只能查看已核定版本的考核说明");
            } else if (page.bytes() == null) {
                ConsoleHttp.error(ctx, 403, "工作人员 " + clerkId + " 属于大厅 " + page.clerk().hallId() + "，不在您的管辖范围内");
            } else {
                file(ctx, contentType, "考核说明-" + ctx.pathParam("runId") + "-" + clerkId + "." + extension, page.bytes());
            }
        }));
    }

    private static boolean mayDecide(RoutingContext ctx, Principal who, String what) {
        if (who.role() != ConsoleRole.SUPERVISOR || !who.allHalls()) {
            ConsoleHttp.error(ctx, 403, "只有管辖全部大厅的督查员可以" + what);
            return false;
        }
        return true;
    }

    private static boolean mayRead(RoutingContext ctx, Principal who) {
        if (who.role() == ConsoleRole.CLERK) {
            ConsoleHttp.error(ctx, 403, "窗口工作人员只能查看本人已核定的考核说明");
            return false;
        }
        return true;
    }

    private static void withRun(RoutingContext ctx, Consumer<String> then) {
        String runId = ctx.pathParam("runId");
        if (!FieldRules.ID.matcher(runId).matches()) {
            ConsoleHttp.invalid(ctx, List.of(new Violation("runId", WorkOrderApi.BAD_ID)));
            return;
        }
        then.accept(runId);
    }

    private static void file(RoutingContext ctx, String contentType, String name, byte[] bytes) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("Content-Disposition", "attachment; filename=\"evaluation." + name.substring(name.lastIndexOf('.') + 1)
                        + "\"; filename*=UTF-8''" + encoded)
                .end(Buffer.buffer(bytes));
    }

    /** A worker-thread call; EvaluationException maps to 404 / 409 / 400 with its message, anything else to 503. */
    private <T> void blocking(RoutingContext ctx, Callable<T> work, Consumer<T> then) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                then.accept(ar.result());
            } else if (ar.cause() instanceof EvaluationException e) {
                ConsoleHttp.error(ctx, switch (e.kind()) {
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case INVALID -> 400;
                }, e.getMessage());
            } else if (ar.cause() instanceof CjkFont.FontMissingException e) {
                ConsoleHttp.error(ctx, 503, e.getMessage());
            } else {
                LOG.error("evaluation request failed on {} {}", ctx.request().method(), ctx.request().path(), ar.cause());
                ConsoleHttp.error(ctx, 503, "考核服务暂时不可用，请稍后重试");
            }
        });
    }
}

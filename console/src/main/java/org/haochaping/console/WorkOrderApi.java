package org.haochaping.console;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.haochaping.model.FieldRules;
import org.haochaping.model.Violation;
import org.haochaping.model.workorders.ConsoleRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's read endpoints, answered from ClickHouse ({@link WorkOrderQueries}, on a worker thread):
 *
 * <pre>
 * GET /api/v1/me                   {userId, role, roleName, halls}
 * GET /api/v1/work-orders          ?status=open,followed_up &amp;hallId= &amp;clerkId= &amp;counterId= &amp;overdue=true|false
 *                                  &amp;appealStatus= &amp;from= &amp;to= (opened_at, ISO-8601) &amp;limit= (≤ 500, 100) &amp;offset=
 *                                  → {items, total, limit, offset}, newest first
 * GET /api/v1/work-orders/{id}     {workOrder, events, commands}; 404 unknown, 403 outside the user's scope
 * GET /api/v1/my/ratings           a clerk's own ratings, each with counted (false after an upheld appeal)
 * GET /api/v1/alerts               ?type= &amp;hallId= &amp;workOrderId= &amp;from= &amp;to= &amp;limit= &amp;offset=
 * </pre>
 *
 * Scope: supervisors and auditors see their halls ("*" = all), a clerk only what concerns them (clerk_id =
 * their user id). A filter naming a hall or clerk outside the scope is 403 rather than an empty list, so a
 * mistyped or unauthorised hall is not mistaken for "no work orders". Clerks are not shown the rater's
 * masked phone: the follow-up call is the supervisor's.
 */
final class WorkOrderApi {

    static final String BAD_ID = "编号格式不正确：只能包含字母、数字和 . _ : -，最长 64 个字符";
    private static final Logger LOG = LoggerFactory.getLogger(WorkOrderApi.class);
    private static final Set<String> LIST_PARAMS = Set.of("status", "hallId", "clerkId", "counterId", "overdue",
            "appealStatus", "from", "to", "limit", "offset");
    private static final Set<String> RATING_PARAMS = Set.of("from", "to", "limit", "offset");
    private static final Set<String> ALERT_PARAMS = Set.of("type", "hallId", "workOrderId", "from", "to", "limit",
            "offset");
    private static final Map<String, String> STATUS_NAMES = Map.of("open", "待回访", "followed_up", "待整改",
            "rectified", "待追评", "closed", "已办结", "voided", "申诉成立");

    private final Vertx vertx;
    private final WorkOrderQueries queries;
    private final RerateLinks rerateLinks;

    WorkOrderApi(Vertx vertx, WorkOrderQueries queries, RerateLinks rerateLinks) {
        this.vertx = vertx;
        this.queries = queries;
        this.rerateLinks = rerateLinks;
    }

    /** Mounts on the {@code /api/v1} router, behind {@link BearerAuth}. */
    void mount(Router api) {
        api.get("/me").handler(this::me);
        api.get("/work-orders").handler(this::list);
        api.get("/work-orders/:id").handler(this::get);
        api.get("/my/ratings").handler(this::myRatings);
        api.get("/alerts").handler(this::alerts);
    }

    private void me(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        ConsoleHttp.json(ctx, 200, new JsonObject()
                .put("userId", who.userId())
                .put("role", who.role().wireName())
                .put("roleName", who.role().chinese())
                .put("halls", new JsonArray(who.halls())));
    }

    private void list(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        QueryParams q = new QueryParams(ctx.queryParams(), LIST_PARAMS);
        List<String> statuses = q.oneOf("status", WorkOrderQueries.STATUSES);
        List<String> appealStatuses = q.oneOf("appealStatus", WorkOrderQueries.APPEAL_STATUSES);
        String hallId = q.id("hallId");
        String clerkId = q.id("clerkId");
        String counterId = q.id("counterId");
        Boolean overdue = q.bool("overdue");
        Instant from = q.instant("from");
        Instant to = q.instant("to");
        q.ordered(from, to);
        QueryParams.Page page = q.page(WorkOrderQueries.DEFAULT_LIMIT, WorkOrderQueries.MAX_LIMIT);
        if (!q.violations().isEmpty()) {
            ConsoleHttp.invalid(ctx, q.violations());
            return;
        }
        if (outsideScope(ctx, who, hallId, clerkId)) {
            return;
        }
        WorkOrderQueries.WorkOrderFilter filter = new WorkOrderQueries.WorkOrderFilter(statuses, hallId, clerkId,
                counterId, overdue, appealStatuses, from, to, page.limit(), page.offset());
        blocking(ctx, () -> queries.workOrders(who, filter), result -> {
            JsonArray items = new JsonArray();
            result.items().forEach(wo -> items.add(present(who, wo)));
            ConsoleHttp.json(ctx, 200, pageBody(items, result.total(), page));
        });
    }

    private void get(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        String id = ctx.pathParam("id");
        if (!FieldRules.ID.matcher(id).matches()) {
            ConsoleHttp.invalid(ctx, List.of(new Violation("workOrderId", BAD_ID)));
            return;
        }
        record Found(JsonObject workOrder, List<JsonObject> events, List<JsonObject> commands) {}
        blocking(ctx, () -> {
            Optional<JsonObject> wo = queries.workOrder(id);
            if (wo.isEmpty() || !who.sees(wo.get().getString("hallId"), wo.get().getString("clerkId"))) {
                return new Found(wo.orElse(null), null, null); // nothing more is read for a refusal
            }
            return new Found(wo.get(), queries.events(id), queries.commands(id));
        }, found -> {
            if (found.workOrder() == null) {
                ConsoleHttp.error(ctx, 404, "工单不存在：" + id);
            } else if (found.events() == null) {
                ConsoleHttp.error(ctx, 403, who.role() == ConsoleRole.CLERK
                        ? "只能查看本人的工单"
                        : "该工单属于大厅 " + found.workOrder().getString("hallId") + "，不在您的管辖范围内");
            } else {
                ConsoleHttp.json(ctx, 200, new JsonObject()
                        .put("workOrder", present(who, found.workOrder()))
                        .put("events", new JsonArray(List.copyOf(found.events())))
                        .put("commands", new JsonArray(List.copyOf(found.commands()))));
            }
        });
    }

    private void myRatings(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        if (who.role() != ConsoleRole.CLERK) {
            ConsoleHttp.error(ctx, 403, "只有窗口工作人员可以查看本人的评价");
            return;
        }
        QueryParams q = new QueryParams(ctx.queryParams(), RATING_PARAMS);
        Instant from = q.instant("from");
        Instant to = q.instant("to");
        q.ordered(from, to);
        QueryParams.Page page = q.page(WorkOrderQueries.DEFAULT_LIMIT, WorkOrderQueries.MAX_LIMIT);
        if (!q.violations().isEmpty()) {
            ConsoleHttp.invalid(ctx, q.violations());
            return;
        }
        WorkOrderQueries.RatingFilter filter = new WorkOrderQueries.RatingFilter(from, to, page.limit(), page.offset());
        blocking(ctx, () -> queries.ratingsOf(who.userId(), filter),
                result -> ConsoleHttp.json(ctx, 200, pageBody(new JsonArray(List.copyOf(result.items())),
                        result.total(), page)));
    }

    private void alerts(RoutingContext ctx) {
        Principal who = BearerAuth.principal(ctx);
        QueryParams q = new QueryParams(ctx.queryParams(), ALERT_PARAMS);
        List<String> types = q.oneOf("type", WorkOrderQueries.alertTypes());
        String hallId = q.id("hallId");
        String workOrderId = q.id("workOrderId");
        Instant from = q.instant("from");
        Instant to = q.instant("to");
        q.ordered(from, to);
        QueryParams.Page page = q.page(WorkOrderQueries.DEFAULT_LIMIT, WorkOrderQueries.MAX_LIMIT);
        if (!q.violations().isEmpty()) {
            ConsoleHttp.invalid(ctx, q.violations());
            return;
        }
        if (outsideScope(ctx, who, hallId, null)) {
            return;
        }
        WorkOrderQueries.AlertFilter filter = new WorkOrderQueries.AlertFilter(types, hallId, workOrderId, from, to,
                page.limit(), page.offset());
        blocking(ctx, () -> queries.alerts(who, filter),
                result -> ConsoleHttp.json(ctx, 200, pageBody(new JsonArray(List.copyOf(result.items())),
                        result.total(), page)));
    }

    /** Answers 403 (and returns true) when a filter names a hall or clerk the user may not see. */
    private static boolean outsideScope(RoutingContext ctx, Principal who, String hallId, String clerkId) {
        if (who.role() == ConsoleRole.CLERK) {
            if (clerkId != null && !clerkId.equals(who.userId())) {
                ConsoleHttp.error(ctx, 403, "窗口工作人员只能查看本人的工单");
                return true;
            }
            return false;
        }
        if (hallId != null && !who.allHalls() && !who.halls().contains(hallId)) {
            ConsoleHttp.error(ctx, 403, "大厅 " + hallId + " 不在您的管辖范围内");
            return true;
        }
        return false;
    }

    /** A work order as this user sees it: Chinese status name, the 追评 link when rectified. */
    private JsonObject present(Principal who, JsonObject workOrder) {
        JsonObject wo = workOrder.copy();
        wo.put("statusName", STATUS_NAMES.getOrDefault(wo.getString("status"), wo.getString("status")));
        rerateLinks.of(wo).ifPresent(url -> wo.put("rerateUrl", url));
        if (who.role() == ConsoleRole.CLERK) {
            wo.remove("raterPhoneMasked");
        }
        return wo;
    }

    private static JsonObject pageBody(JsonArray items, long total, QueryParams.Page page) {
        return new JsonObject()
                .put("items", items)
                .put("total", total)
                .put("limit", page.limit())
                .put("offset", page.offset());
    }

    /** Runs a ClickHouse read on a worker thread; a failure is 503 (logged), the result goes to {@code then}. */
    private <T> void blocking(RoutingContext ctx, Callable<T> read, Consumer<T> then) {
        vertx.executeBlocking(read, false).onComplete(ar -> {
            if (ar.succeeded()) {
                then.accept(ar.result());
            } else {
                unavailable(ctx, ar.cause());
            }
        });
    }

    static void unavailable(RoutingContext ctx, Throwable cause) {
        LOG.error("console read failed on {} {}", ctx.request().method(), ctx.request().path(), cause);
        ConsoleHttp.error(ctx, 503, "数据查询暂时不可用，请稍后重试");
    }
}

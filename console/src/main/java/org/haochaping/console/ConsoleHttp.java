package org.haochaping.console;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.haochaping.model.Violation;

/**
 * How the console answers: always JSON; errors as {@code {"error": "<Chinese message>", ...}} (hall staff
 * read them), a 400 with {@code violations: [{field, message}]}. Writing to a response that already ended
 * or closed is a no-op, so an outcome that arrives after the client hung up is harmless.
 */
final class ConsoleHttp {

    static final String JSON = "application/json; charset=utf-8";
    static final String INVALID = "请求内容有误，请按提示修改后重新提交";

    private ConsoleHttp() {}

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body.encode());
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    /** 400 listing every violation. */
    static void invalid(RoutingContext ctx, List<Violation> violations) {
        JsonArray list = new JsonArray();
        for (Violation v : violations) {
            list.add(new JsonObject().put("field", v.field()).put("message", v.message()));
        }
        json(ctx, 400, new JsonObject().put("error", INVALID).put("violations", list));
    }
}

package org.haochaping.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;

/**
 * How the edge answers: JSON for the APIs ({@code {"error": "..."}}, plus {@code violations} for a
 * 400), HTML for the pages. Writing to a response that already ended or closed is a no-op, so a late
 * Kafka acknowledgement after a client hung up is harmless.
 */
final class EdgeHttp {

    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private EdgeHttp() {}

    /** The request body as bytes; empty when there was none. */
    static byte[] body(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        end(ctx, status, JSON, body.encode());
    }

    static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("error", message));
    }

    /** 400 listing every violation: {@code {"error": what, "violations": [{"field", "message"}]}}. */
    static void invalid(RoutingContext ctx, String what, InvalidRatingException e) {
        JsonArray violations = new JsonArray();
        for (Violation v : e.violations()) {
            violations.add(new JsonObject().put("field", v.field()).put("message", v.message()));
        }
        json(ctx, 400, new JsonObject().put("error", what).put("violations", violations));
    }

    static void html(RoutingContext ctx, int status, String page) {
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        end(ctx, status, HTML, page);
    }

    private static void end(RoutingContext ctx, int status, String contentType, String body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .end(body);
    }
}

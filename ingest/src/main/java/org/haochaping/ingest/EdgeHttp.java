package org.haochaping.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.RatingJson;
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

    /**
     * A JSON body as {@code type}: strictly UTF-8 (RFC 8259 §8.1), then {@link RatingJson#read}. The check
     * comes first because the JSON parser guesses UTF-16/UTF-32 from NUL bytes and byte order marks at the
     * start (and throws an I/O error, not a parse error, for byte orders it cannot read: a 500), and decodes
     * some invalid UTF-8 (overlong forms, code points above U+10FFFF) into other text instead of refusing it.
     * JSON in UTF-8 never holds a NUL byte (a NUL in a string must be escaped), so one is refused too.
     *
     * @throws InvalidRatingException naming {@code body} when it is not UTF-8, or as {@link RatingJson#read}
     */
    static <T> T readJson(byte[] body, Class<T> type) throws InvalidRatingException {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw new InvalidRatingException("body", "must be JSON in UTF-8; byte " + i + " is NUL");
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CoderResult result = utf8.decode(in, CharBuffer.allocate(body.length), true);
        if (result.isError()) {
            throw new InvalidRatingException("body", "must be JSON in UTF-8; byte " + in.position()
                    + " is not valid UTF-8");
        }
        return RatingJson.read(body, type);
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

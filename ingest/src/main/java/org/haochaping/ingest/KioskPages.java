package org.haochaping.ingest;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.haochaping.model.FieldRules;
import org.haochaping.model.qr.KioskKey;

/**
 * The counter's evaluator page for a tablet: {@code GET /kiosk/{counterId}} (the self-contained page,
 * template {@code kiosk.html}, whose header comment lists the element ids tests rely on) and
 * {@code GET /kiosk/{counterId}/events} (its server-sent-events stream, see {@link KioskHub}).
 * A counter id outside the token alphabet is 400, since it could never receive a case.
 *
 * <p>Both routes require {@code ?key=} the counter's {@link KioskKey} (printed by {@code ./hcp qr}):
 * whoever holds the stream sees the counter's case tokens and could rate in the citizen's place. A
 * missing or wrong key is 403 (the page: a Chinese notice {@code #notice[data-notice=unpaired]}) and
 * opens no stream. The page hands its key on to its event stream.
 */
final class KioskPages {

    static final String PAGE_PATH = "/kiosk/:counterId";
    static final String EVENTS_PATH = "/kiosk/:counterId/events";
    private static final String TEMPLATE = load("kiosk.html");

    static final String KEY_PARAM = "key";

    private final KioskHub hub;
    private final KioskKey keys;
    private final Duration resetAfter;
    private final Clock clock;

    KioskPages(KioskHub hub, KioskKey keys, Duration resetAfter, Clock clock) {
        this.hub = hub;
        this.keys = keys;
        this.resetAfter = resetAfter;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.get(PAGE_PATH, this::page);
        routes.get(EVENTS_PATH, this::events);
    }

    private void page(RoutingContext ctx) {
        String counterId = ctx.pathParam("counterId");
        if (!FieldRules.ID.matcher(counterId).matches()) {
            EdgeHttp.html(ctx, 400, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>窗口编号无效"
                    + "</title></head><body><p id=\"error\">窗口编号无效：只能包含字母、数字和 . _ : -</p></body></html>");
            return;
        }
        if (keyProblem(ctx, counterId) != null) {
            EdgeHttp.html(ctx, 403, QrPageHtml.notice("kiosk-notice", QrPageHtml.Notice.UNPAIRED));
            return;
        }
        EdgeHttp.html(ctx, 200, render(counterId, keys.forCounter(counterId), resetAfter));
    }

    private void events(RoutingContext ctx) {
        String counterId = ctx.pathParam("counterId");
        if (!FieldRules.ID.matcher(counterId).matches()) {
            EdgeHttp.error(ctx, 400, "counterId must be 1-64 letters, digits, '.', '_', ':' or '-'");
            return;
        }
        String problem = keyProblem(ctx, counterId);
        if (problem != null) {
            EdgeHttp.error(ctx, 403, "评价器未授权 (" + problem + "; open the evaluator address printed by ./hcp qr)");
            return;
        }
        hub.open(counterId, ctx.response(), clock.instant());
    }

    /** @return what is wrong with the request's kiosk key, or null when it is the counter's */
    private String keyProblem(RoutingContext ctx, String counterId) {
        String key = ctx.request().getParam(KEY_PARAM);
        if (key == null || key.isEmpty()) {
            return "query parameter 'key' is missing";
        }
        return keys.matches(counterId, key) ? null : "'key' is not the kiosk key of counter " + counterId;
    }

    /**
     * The page for one counter; the counter id is already checked against the token alphabet and
     * {@code key} is its kiosk key, which the page passes on to its event stream.
     */
    static String render(String counterId, String key, Duration resetAfter) {
        return TEMPLATE.replace("{{counterId}}", QrPageHtml.escape(counterId))
                .replace("{{key}}", QrPageHtml.escape(key))
                .replace("{{resetAfterMillis}}", Long.toString(resetAfter.toMillis()));
    }

    private static String load(String resource) {
        try (InputStream in = KioskPages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("page template missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

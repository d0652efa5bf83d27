package org.haochaping.ingest;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The counter's evaluator page for a tablet: {@code GET /kiosk/{counterId}} (the self-contained page,
 * template {@code kiosk.html}, whose header comment lists the element ids tests rely on) and
 * {@code GET /kiosk/{counterId}/events} (its server-sent-events stream, see {@link KioskHub}).
 * A counter id outside the token alphabet is 400, since it could never receive a case.
 */
final class KioskPages {

    static final String PAGE_PATH = "/kiosk/:counterId";
    static final String EVENTS_PATH = "/kiosk/:counterId/events";
    private static final Pattern COUNTER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String TEMPLATE = load("kiosk.html");

    private final KioskHub hub;
    private final Duration resetAfter;
    private final Clock clock;

    KioskPages(KioskHub hub, Duration resetAfter, Clock clock) {
        this.hub = hub;
        this.resetAfter = resetAfter;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.get(PAGE_PATH, this::page);
        routes.get(EVENTS_PATH, this::events);
    }

    private void page(RoutingContext ctx) {
        String counterId = ctx.pathParam("counterId");
        if (!COUNTER_ID.matcher(counterId).matches()) {
            EdgeHttp.html(ctx, 400, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>窗口编号无效"
                    + "</title></head><body><p id=\"error\">窗口编号无效：只能包含字母、数字和 . _ : -</p></body></html>");
            return;
        }
        EdgeHttp.html(ctx, 200, render(counterId, resetAfter));
    }

    private void events(RoutingContext ctx) {
        String counterId = ctx.pathParam("counterId");
        if (!COUNTER_ID.matcher(counterId).matches()) {
            EdgeHttp.error(ctx, 400, "counterId must be 1-64 letters, digits, '.', '_', ':' or '-'");
            return;
        }
        hub.open(counterId, ctx.response(), clock.instant());
    }

    /** The page for one counter; the counter id is already checked against the token alphabet. */
    static String render(String counterId, Duration resetAfter) {
        return TEMPLATE.replace("{{counterId}}", QrPageHtml.escape(counterId))
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

package org.haochaping.ingest;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Rating;
import org.haochaping.model.Violation;

/**
 * The citizen's QR page: {@code GET /r/{token}} shows the form (200) or a plain page for a forged
 * (400 二维码无效), expired (410 二维码已过期) or used (409 该办件已评价) token, or a poster with no
 * pending case (404 当前窗口暂无待评价的办件). {@code POST /r/{token}} takes the form
 * (application/x-www-form-urlencoded: {@code ratingId}, {@code level}, {@code tag}*, {@code comment})
 * and answers the thank-you page (200), the form again with a Chinese message (400), or a plain page.
 *
 * <p>A poster (counter) token's form rates the pending case: its action is the case's own token, so
 * the post rates the case that was shown even if the clerk offers the next one meanwhile. The hidden
 * {@code ratingId} is generated when the form is rendered, so a double submit is the same rating.
 */
final class QrPages {

    static final String PATH_PREFIX = "/r/";
    static final String PATH = PATH_PREFIX + ":token";

    private final TokenRatings tokenRatings;
    private final QrPageHtml html;
    private final int retryAfterSeconds;
    private final Clock clock;

    QrPages(TokenRatings tokenRatings, QrPageHtml html, int retryAfterSeconds, Clock clock) {
        this.tokenRatings = tokenRatings;
        this.html = html;
        this.retryAfterSeconds = retryAfterSeconds;
        this.clock = clock;
    }

    void mount(EdgeRoutes routes) {
        routes.get(PATH, this::show);
        routes.post(PATH, this::submit);
    }

    private void show(RoutingContext ctx) {
        TokenRatings.Lookup lookup = tokenRatings.lookup(ctx.pathParam("token"), clock.instant(), true);
        if (lookup instanceof TokenRatings.Refused refused) {
            refuse(ctx, refused.refusal());
            return;
        }
        RateableCase rateable = ((TokenRatings.Found) lookup).rateable();
        EdgeHttp.html(ctx, 200, html.form(new QrPageHtml.Form(rateable, newRatingId(), null, new LinkedHashSet<>(),
                "", null)));
    }

    private void submit(RoutingContext ctx) {
        Instant now = clock.instant();
        TokenRatings.Lookup lookup = tokenRatings.lookup(ctx.pathParam("token"), now, false);
        if (lookup instanceof TokenRatings.Refused refused) {
            refuse(ctx, refused.refusal());
            return;
        }
        RateableCase rateable = ((TokenRatings.Found) lookup).rateable();
        MultiMap form = ctx.request().formAttributes();
        String ratingId = form.get("ratingId");
        Integer level = parseLevel(form.get("level"));
        List<String> tags = form.getAll("tag");
        String comment = form.get("comment") == null ? "" : form.get("comment");
        Rating rating;
        try {
            rating = tokenRatings.rating(rateable, new TokenRatings.Choice(ratingId, level, tags, comment), false, now);
        } catch (InvalidRatingException e) {
            String keptId = ratingId == null || e.violations().stream().anyMatch(v -> v.field().equals("ratingId"))
                    ? newRatingId() : ratingId;
            EdgeHttp.html(ctx, 400, html.form(new QrPageHtml.Form(rateable, keptId, level, new LinkedHashSet<>(tags),
                    comment, chineseMessage(e))));
            return;
        }
        tokenRatings.submit(rating).onSuccess(result -> {
            switch (result) {
                case ACCEPTED -> EdgeHttp.html(ctx, 200, html.thanks());
                case DUPLICATE -> EdgeHttp.html(ctx, 409, html.notice(QrPageHtml.Notice.USED));
                case UNAVAILABLE -> {
                    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
                    EdgeHttp.html(ctx, 503, html.notice(QrPageHtml.Notice.UNAVAILABLE));
                }
            }
        });
    }

    private void refuse(RoutingContext ctx, TokenRatings.Refusal refusal) {
        QrPageHtml.Notice notice = switch (refusal) {
            case FORGED -> QrPageHtml.Notice.FORGED;
            case EXPIRED -> QrPageHtml.Notice.EXPIRED;
            case USED -> QrPageHtml.Notice.USED;
            case NO_PENDING_CASE -> QrPageHtml.Notice.NO_PENDING;
        };
        EdgeHttp.html(ctx, refusal.status, html.notice(notice));
    }

    /** The first violation in the citizen's words; the form shows one message at a time. */
    static String chineseMessage(InvalidRatingException e) {
        Violation first = e.violations().get(0);
        return switch (first.field()) {
            case "level" -> "请选择您的满意程度。";
            case "tagCodes" -> first.message().contains("差评")
                    ? "选择“不满意”或“非常不满意”时，请至少选择一个标签或填写意见。"
                    : "所选标签与满意程度不符，请重新选择。";
            case "comment" -> "意见内容过长，请精简后再提交。";
            default -> "提交的内容有误，请重新填写后提交。";
        };
    }

    private static Integer parseLevel(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String newRatingId() {
        return "qr-" + UUID.randomUUID();
    }
}

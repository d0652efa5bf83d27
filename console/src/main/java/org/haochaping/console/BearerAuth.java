package org.haochaping.console;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code Authorization: Bearer <token>} against {@code console.users}: the configuration holds only each
 * token's SHA-256, so the presented token is hashed and compared with every user's hash in constant time
 * (no early exit, {@link MessageDigest#isEqual}), and a timing difference tells nothing about which
 * user, or how much of a hash, matched. A request without a usable token is answered 401 with
 * {@code WWW-Authenticate: Bearer} and a Chinese message; otherwise the {@link Principal} is put into the
 * routing context for the handlers ({@link #principal}).
 */
public final class BearerAuth {

    static final String REALM = "Bearer realm=\"haochaping-console\"";
    private static final String PRINCIPAL_KEY = "hcp.console.principal";
    private static final String SCHEME = "bearer ";
    /** Longer than any token `hcp console-token` makes; a megabyte header is not hashed. */
    private static final int MAX_TOKEN_CHARS = 512;

    /** Why a request is not authenticated; the message is shown to hall staff as is. */
    public enum Refusal {
        MISSING("请先登录：请求缺少 Authorization: Bearer 令牌"),
        MALFORMED("登录凭证格式不正确，应为 Authorization: Bearer <令牌>"),
        UNKNOWN("登录令牌无效或已停用，请向管理员索取新的令牌");

        final String message;

        Refusal(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** What {@link #authenticate} found: a principal or a refusal. */
    public record Outcome(Principal principal, Refusal refusal) {}

    /** @param tokenSha256 the hex digest's ASCII bytes, as configured (lower-case hex, checked at load) */
    private record Entry(byte[] tokenSha256, Principal principal) {}

    private final List<Entry> users;

    public BearerAuth(Map<String, HcpConfig.ConsoleUser> users) {
        List<Entry> entries = new ArrayList<>(users.size());
        for (Map.Entry<String, HcpConfig.ConsoleUser> u : users.entrySet()) {
            HcpConfig.ConsoleUser user = u.getValue();
            entries.add(new Entry(user.tokenSha256().getBytes(StandardCharsets.US_ASCII),
                    new Principal(u.getKey(), user.role(), user.halls())));
        }
        this.users = List.copyOf(entries);
    }

    /** @param authorization the {@code Authorization} header, or null */
    public Outcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Outcome(null, Refusal.MISSING);
        }
        String header = authorization.strip();
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return new Outcome(null, Refusal.MALFORMED);
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS || token.chars().anyMatch(Character::isWhitespace)) {
            return new Outcome(null, Refusal.MALFORMED);
        }
        byte[] presented = HcpConfig.ConsoleUser.hash(token).getBytes(StandardCharsets.US_ASCII);
        Principal found = null;
        for (Entry e : users) {
            // every hash is compared, matching or not: the time taken does not depend on which user matched
            if (MessageDigest.isEqual(e.tokenSha256(), presented)) {
                found = e.principal();
            }
        }
        return found == null ? new Outcome(null, Refusal.UNKNOWN) : new Outcome(found, null);
    }

    /** The route handler: puts the principal into the context and continues, or answers 401. */
    public void handle(RoutingContext ctx) {
        Outcome outcome = authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (outcome.principal() == null) {
            ctx.response().putHeader("WWW-Authenticate", outcome.refusal() == Refusal.MISSING
                    ? REALM : REALM + ", error=\"invalid_token\"");
            ConsoleHttp.error(ctx, 401, outcome.refusal().message());
            return;
        }
        ctx.put(PRINCIPAL_KEY, outcome.principal());
        ctx.next();
    }

    /** The principal {@link #handle} authenticated; only for handlers mounted behind it. */
    static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL_KEY);
        if (p == null) {
            throw new IllegalStateException("route " + ctx.request().path() + " is not behind BearerAuth");
        }
        return p;
    }
}

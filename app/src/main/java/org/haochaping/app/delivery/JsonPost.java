package org.haochaping.app.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST url} with a JSON body and {@code Authorization: Bearer <token>} (when there is a token), to
 * an outside receiver: the HTTP SMS gateway, the alert webhook. A timeout or a broken connection is a
 * retryable {@link DeliveryException}; an answer of any status is returned for the caller to judge
 * ({@link #retryable(int)} says which ones are worth trying again).
 *
 * <p>A timeout is ambiguous (the receiver may have taken the message and not answered in time); it is
 * treated as retryable because a lost message costs more than a rare second one.
 */
public final class JsonPost {

    private static final int MAX_DETAIL = 200;

    /** The receiver's answer. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI url;
    private final String token;
    private final Duration timeout;
    private final String receiver;
    private final HttpClient client;

    /**
     * @param urlKey the configuration key of the URL, for the message when it is not http(s)
     * @param receiver what the receiver is called in failure messages, e.g. "gateway", "webhook"
     */
    public JsonPost(URI url, String token, Duration timeout, String urlKey, String receiver) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException(urlKey + " must be an http(s) URL, got " + url);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.url = url;
        this.token = token == null ? "" : token;
        this.timeout = timeout;
        this.receiver = receiver;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** 408, 429 and 5xx: the receiver was busy or timed out, so trying again may help. */
    public static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** An answer's body on one line, cut to 200 characters: for log rows. */
    public static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }

    /**
     * Posts once.
     *
     * @param headers more request headers, e.g. {@code Idempotency-Key}
     * @throws DeliveryException (retryable) when no answer came: timeout, unreachable, interrupted
     */
    public Response post(byte[] json, Map<String, String> headers) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body() == null ? "" : response.body());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(receiver + " did not answer within " + timeout, true, e);
        } catch (IOException e) {
            throw new DeliveryException(receiver + " unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while sending", true, e);
        }
    }
}

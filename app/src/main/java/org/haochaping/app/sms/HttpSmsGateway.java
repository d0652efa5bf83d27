package org.haochaping.app.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.haochaping.model.config.HcpConfig;

/**
 * A generic HTTP SMS gateway: {@code POST url} with {@code {"phone": …, "text": …}} and
 * {@code Authorization: Bearer <token>}. 2xx = sent (the response's {@code messageId}, if any, is the
 * gateway message id); 408, 429 and 5xx, timeouts and broken connections = retryable; any other status =
 * refused for good.
 *
 * <p>A timeout is ambiguous (the gateway may have sent the message and not answered in time); it is
 * treated as retryable because a lost invitation costs a rating, and such timeouts are rare.
 */
public final class HttpSmsGateway implements SmsGateway {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DETAIL = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String token;
    private final Duration timeout;
    private final HttpClient client;

    public HttpSmsGateway(URI url, String token, Duration timeout) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("sms.httpUrl must be an http(s) URL, got " + url);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.url = url;
        this.token = token == null ? "" : token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static HttpSmsGateway fromConfig(HcpConfig.Sms sms) {
        return new HttpSmsGateway(URI.create(sms.httpUrl().trim()), sms.httpToken(), DEFAULT_TIMEOUT);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String send(String phone, String text) throws SmsSendException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("phone", phone);
        body.put("text", text);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new SmsSendException("cannot encode the request: " + e.getMessage(), false, e);
        }
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new SmsSendException("gateway did not answer within " + timeout, true, e);
        } catch (IOException e) {
            throw new SmsSendException("gateway unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsSendException("interrupted while sending", true, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return messageId(response.body());
        }
        String detail = "gateway answered " + status + ": " + abbreviate(response.body().replace(phone, LoggingSmsGateway.masked(phone)));
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new SmsSendException(detail, retryable);
    }

    /** The {@code messageId} of a JSON object response; "" when the body has none (still sent). */
    private static String messageId(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode id = JSON.readTree(body).path("messageId");
            return id.isValueNode() ? id.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}

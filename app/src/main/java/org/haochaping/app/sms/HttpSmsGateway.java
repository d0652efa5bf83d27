package org.haochaping.app.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.haochaping.app.delivery.DeliveryException;
import org.haochaping.app.delivery.JsonPost;
import org.haochaping.model.config.HcpConfig;

/**
 * A generic HTTP SMS gateway: {@code POST url} with {@code {"phone": …, "text": …}} and
 * {@code Authorization: Bearer <token>} ({@link JsonPost}). 2xx = sent (the response's {@code messageId},
 * if any, is the gateway message id); 408, 429 and 5xx, timeouts and broken connections = retryable; any
 * other status = refused for good.
 */
public final class HttpSmsGateway implements SmsGateway {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonPost post;

    public HttpSmsGateway(URI url, String token, Duration timeout) {
        this.post = new JsonPost(url, token, timeout, "sms.httpUrl", "gateway");
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
        JsonPost.Response response;
        try {
            response = post.post(JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new SmsSendException("cannot encode the request: " + e.getMessage(), false, e);
        } catch (DeliveryException e) {
            throw new SmsSendException(e.getMessage(), e.retryable(), e.getCause());
        }
        if (response.ok()) {
            return messageId(response.body());
        }
        String answer = JsonPost.abbreviate(response.body().replace(phone, LoggingSmsGateway.masked(phone)));
        throw new SmsSendException("gateway answered " + response.status() + ": " + answer,
                JsonPost.retryable(response.status()));
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
}

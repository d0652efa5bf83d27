package org.haochaping.app.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.haochaping.app.delivery.DeliveryException;
import org.haochaping.app.delivery.JsonPost;
import org.haochaping.model.RatingJson;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.Alert;

/**
 * The outside receiver of alerts (a chat robot, an OA system, a 12345 work-order gateway): {@code POST
 * alerts.webhookUrl} with the alert as JSON — its fields as on the alerts topic plus {@code text}, the
 * Chinese title to show as the message — with {@code Idempotency-Key: <alertId>} so a receiver can drop a
 * repeated post (a retry after a timeout), and {@code Authorization: Bearer <alerts.webhookToken>} when set.
 * 2xx = delivered; 408, 429, 5xx, timeouts and broken connections = retryable; other answers = refused.
 */
public final class AlertWebhook {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String HTTP_STATUS = "http_status";

    private final JsonPost post;

    public AlertWebhook(URI url, String token, Duration timeout) {
        this.post = new JsonPost(url, token, timeout, "alerts.webhookUrl", "webhook");
    }

    public static AlertWebhook fromConfig(HcpConfig.Alerts alerts) {
        return new AlertWebhook(URI.create(alerts.webhookUrl().trim()), alerts.webhookToken(), alerts.webhookTimeout());
    }

    /** The JSON body of one alert. */
    static byte[] body(Alert alert) {
        ObjectNode json = RatingJson.mapper().valueToTree(alert);
        json.put("text", alert.title());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Posts one alert once.
     *
     * @return the {@code alert_deliveries} columns of the delivery ({@code http_status})
     * @throws DeliveryException when the receiver did not take it, with the answer's status as column
     */
    Map<String, Object> post(Alert alert) throws DeliveryException {
        JsonPost.Response response = post.post(body(alert), Map.of(IDEMPOTENCY_KEY, alert.alertId()));
        Map<String, Object> columns = Map.of(HTTP_STATUS, response.status());
        if (response.ok()) {
            return columns;
        }
        throw new DeliveryException("webhook answered " + response.status() + ": " + JsonPost.abbreviate(response.body()),
                JsonPost.retryable(response.status()), columns, null);
    }
}

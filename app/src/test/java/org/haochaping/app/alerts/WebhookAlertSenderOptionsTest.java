package org.haochaping.app.alerts;

import org.haochaping.app.delivery.DeliveryLoop;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class WebhookAlertSenderOptionsTest {

    @Test
    void theDefaultsTryEightTimesForAboutFourMinutesAndTakeASendingRowAsAbandonedAfterTenMinutes() {
        DeliveryLoop.Options o = WebhookAlertSender.optionsFrom(ConfigLoader.defaults().alerts());
        assertThat(o.maxAttempts()).isEqualTo(8);
        assertThat(o.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
        // 8 posts of at most 5 s, pauses 2 + 4 + 8 + 16 + 32 + 60 + 60 s
        assertThat(o.worstCase()).isEqualTo(Duration.ofSeconds(8 * 5 + 182));
        assertThat(o.inDoubtAfter()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void moreAttemptsKeepTheAbandonedMarkBeyondTwiceTheLongestDelivery() {
        HcpConfig.Alerts alerts = ConfigLoader.load(null, Map.of(), Map.of("alerts.webhookMaxAttempts", "20",
                "alerts.webhookTimeout", "30s")).alerts();
        DeliveryLoop.Options o = WebhookAlertSender.optionsFrom(alerts);
        Duration worst = Duration.ofSeconds(20 * 30 + 2 + 4 + 8 + 16 + 32 + 14 * 60);
        assertThat(o.worstCase()).isEqualTo(worst);
        assertThat(o.inDoubtAfter()).isEqualTo(worst.multipliedBy(2));
    }
}

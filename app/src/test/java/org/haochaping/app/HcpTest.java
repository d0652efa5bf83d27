package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class HcpTest {

    @Test
    void theBannerNamesWhereAlertsGoWithoutTheKeyARobotUrlCarries() {
        assertThat(Hcp.webhookLine(ConfigLoader.defaults().alerts()))
                .isEqualTo("未配置（告警只写入 alerts 表；推送地址见配置项 alerts.webhookUrl）");
        HcpConfig.Alerts robot = ConfigLoader.load(null, Map.of(), Map.of("alerts.webhookUrl",
                "https://bot:pw@oapi.example.cn:8443/robot/send?access_token=secret-key")).alerts();
        assertThat(Hcp.webhookLine(robot)).isEqualTo("推送到 https://oapi.example.cn:8443（告警类型 bad_rating, overdue, spike）");
    }
}

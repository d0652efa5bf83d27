package org.haochaping.app.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggingSmsGatewayTest {

    @Test
    void keepsTheLastMessagesAndNumbersThem() {
        LoggingSmsGateway gateway = new LoggingSmsGateway(2);
        assertThat(gateway.send("13912345671", "a")).isEqualTo("log-1");
        assertThat(gateway.send("13912345672", "b")).isEqualTo("log-2");
        assertThat(gateway.send("13912345673", "c")).isEqualTo("log-3");

        assertThat(gateway.recent()).extracting(LoggingSmsGateway.Message::messageId).containsExactly("log-2", "log-3");
        assertThat(gateway.recent()).extracting(LoggingSmsGateway.Message::phone)
                .containsExactly("13912345672", "13912345673");
        assertThat(gateway.sentCount()).isEqualTo(3);
    }

    @Test
    void aMessageShowsItsPhoneOnlyMasked() {
        LoggingSmsGateway gateway = new LoggingSmsGateway(1);
        gateway.send("+86 139-1234-5678", "请评价");

        assertThat(gateway.recent().get(0).toString()).contains("139****5678").doesNotContain("12345678");
        assertThat(LoggingSmsGateway.masked("12")).isEqualTo("(not a mobile number)");
    }
}

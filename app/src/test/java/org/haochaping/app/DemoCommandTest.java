package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haochaping.app.demo.DemoOptions;
import org.haochaping.app.demo.DemoScenario;
import org.haochaping.app.demo.Population;
import org.haochaping.app.sms.LoggingSmsGateway;
import org.haochaping.model.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:35:00Z");
    private static final DemoOptions OPTIONS = DemoOptions.defaults(Clock.fixed(NOW, ZoneOffset.UTC)).withCases(200);
    private static final DemoScenario SCENARIO = DemoScenario.generate(Population.generate(OPTIONS), OPTIONS,
            "demo-20261122T003500-0abc", ConfigLoader.defaults());

    private static List<LoggingSmsGateway.Message> messages() {
        List<LoggingSmsGateway.Message> out = new ArrayList<>();
        for (Map.Entry<String, String> e : SCENARIO.expectedSms().entrySet()) {
            out.add(new LoggingSmsGateway.Message("log-" + out.size(), e.getKey(), "办件编号" + e.getValue() + "，请回复", NOW));
        }
        return out;
    }

    @Test
    void theGatewaysMessagesMatchTheInvitationsOneByOne() {
        List<LoggingSmsGateway.Message> messages = messages();
        assertThat(messages).hasSize(31);
        messages.add(new LoggingSmsGateway.Message("log-x", "13900000000", "办件编号 another-run-1", NOW));
        assertThat(DemoCommand.smsMismatches(messages, SCENARIO)).isEmpty();
    }

    @Test
    void namesWhatIsMissingDoubledOrUnexpected() {
        List<LoggingSmsGateway.Message> messages = messages();
        LoggingSmsGateway.Message first = messages.remove(0);
        assertThat(DemoCommand.smsMismatches(messages, SCENARIO)).containsExactly("缺少 1 条");
        messages.add(first);
        messages.add(first);
        assertThat(DemoCommand.smsMismatches(messages, SCENARIO)).singleElement().asString().startsWith("重复发送 ");
        messages.remove(messages.size() - 1);
        messages.add(new LoggingSmsGateway.Message("log-y", SCENARIO.unknownPhone(),
                "办件编号" + SCENARIO.runId() + "-440300000001", NOW));
        assertThat(DemoCommand.smsMismatches(messages, SCENARIO)).singleElement().asString().startsWith("意外的短信 ");
    }
}

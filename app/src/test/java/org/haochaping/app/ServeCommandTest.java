package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

    private static final String KAFKA = "kafka.embedded 为 true（应为 false，并用 kafka.bootstrapServers 指定 Kafka 集群）";
    private static final String CLICKHOUSE =
            "clickhouse.mode 为 embedded（应为 server，并用 clickhouse.url 指定 ClickHouse 服务器）";

    private static HcpConfig config(Map<String, String> overrides) {
        return ConfigLoader.load(null, Map.of(), overrides);
    }

    @Test
    void theBuiltInEmbeddedConfigurationIsRefusedNamingBothKeys() {
        assertThat(ServeCommand.refusal(ConfigLoader.defaults())).contains(
                "serve 只连接外部的 Kafka 和 ClickHouse，不启动内嵌组件，而当前配置中 " + KAFKA + "；" + CLICKHOUSE
                        + "。在一台机器上试用全部功能请用 ./hcp run。");
    }

    @Test
    void eachEmbeddedPartIsRefusedOnItsOwn() {
        assertThat(ServeCommand.refusal(config(Map.of("kafka.embedded", "false",
                "kafka.bootstrapServers", "kafka:9092")))).contains(
                "serve 只连接外部的 Kafka 和 ClickHouse，不启动内嵌组件，而当前配置中 " + CLICKHOUSE
                        + "。在一台机器上试用全部功能请用 ./hcp run。");
        assertThat(ServeCommand.refusal(config(Map.of("clickhouse.mode", "server")))).contains(
                "serve 只连接外部的 Kafka 和 ClickHouse，不启动内嵌组件，而当前配置中 " + KAFKA
                        + "。在一台机器上试用全部功能请用 ./hcp run。");
    }

    @Test
    void externalKafkaAndAClickHouseServerAreServed() {
        assertThat(ServeCommand.refusal(config(Map.of("kafka.embedded", "false", "kafka.bootstrapServers",
                "kafka:9092", "clickhouse.mode", "server")))).isEmpty();
    }

    @Test
    void theCommandExitsWith2AndTheMessageBeforeStartingAnything() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ServeCommand.run(ConfigLoader.defaults(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "hcp: " + ServeCommand.refusal(ConfigLoader.defaults()).orElseThrow() + System.lineSeparator());
        // start() is the same guard for callers that skip run()
        assertThatThrownBy(() -> ServeCommand.start(ConfigLoader.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(ServeCommand.refusal(ConfigLoader.defaults()).orElseThrow());
    }

    @Test
    void serveIsACommandOfTheCommandLine() {
        CommandLine cli = CommandLine.parse(new String[] {"serve", "--config", "/etc/haochaping/hcp.yaml"});
        assertThat(cli.command()).isEqualTo(ServeCommand.NAME);
        assertThat(cli.option("config")).contains("/etc/haochaping/hcp.yaml");
        assertThat(CommandLine.USAGE).contains("\n  serve                   生产模式：");
    }
}

package org.haochaping.app;

import static org.haochaping.app.Shutdown.quietly;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hcp serve}: the production process of one host. Against external Kafka and a ClickHouse server it
 * applies the pending migrations, creates the missing topics ({@link KafkaTopics}) and runs the
 * {@link EdgeServices}; the rating pipeline runs on a Flink cluster ({@code RatingPipelineJob} from the job
 * jar), so nothing here starts a broker, chDB or a MiniCluster. A configuration that asks for embedded parts
 * is refused: serving the edge without the job would accept ratings nobody counts.
 */
public final class ServeCommand {

    public static final String NAME = "serve";
    static final String USAGE = """
            serve                   生产模式：连接外部 Kafka 与 ClickHouse 服务器，运行评价接收接口、
                                    管理控制台、短信发送与告警推送（评价流水线在 Flink 集群上运行，见 docker/）
            """;
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private ServeCommand() {}

    static int run(HcpConfig config, PrintStream out, PrintStream err) throws Exception {
        Optional<String> refusal = refusal(config);
        if (refusal.isPresent()) {
            err.println("hcp: " + refusal.get());
            return 2;
        }
        Running running = start(config);
        Hcp.printBanner("好差评分析服务已启动（生产模式，评价流水线在 Flink 集群上运行）", running.edge());
        out.println("  Kafka：       " + config.kafka().bootstrapServers());
        out.println("  ClickHouse：  " + config.clickhouse().url() + "（数据库 " + config.clickhouse().database() + "）");
        return Hcp.runUntilStopped(running);
    }

    /** Why {@code serve} cannot run with this configuration, in Chinese; empty when it can. */
    static Optional<String> refusal(HcpConfig config) {
        List<String> embedded = new ArrayList<>();
        if (config.kafka().embedded()) {
            embedded.add("kafka.embedded 为 true（应为 false，并用 kafka.bootstrapServers 指定 Kafka 集群）");
        }
        if (config.clickhouse().mode() == HcpConfig.ClickHouseMode.EMBEDDED) {
            embedded.add("clickhouse.mode 为 embedded（应为 server，并用 clickhouse.url 指定 ClickHouse 服务器）");
        }
        if (embedded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("serve 只连接外部的 Kafka 和 ClickHouse，不启动内嵌组件，而当前配置中 "
                + String.join("；", embedded) + "。在一台机器上试用全部功能请用 ./hcp run。");
    }

    /**
     * Starts everything {@code serve} runs; the configuration must pass {@link #refusal}.
     *
     * @throws IllegalArgumentException when it does not
     */
    static Running start(HcpConfig config) throws Exception {
        refusal(config).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
        // the log file and the evaluation exports live there
        Files.createDirectories(config.dataPath());
        ClickHouseStore store = ClickHouseStores.open(config);
        try {
            String bootstrap = config.kafka().bootstrapServers();
            KafkaTopics.ensure(bootstrap, config.kafka());
            EdgeServices edge = EdgeServices.start(config, bootstrap, store, Clock.systemUTC());
            LOG.info("haochaping serving: HTTP {}, console {}, Kafka {}, ClickHouse {}", edge.baseUrl(),
                    edge.consoleUrl(), bootstrap, config.clickhouse().url());
            return new Running(store, edge);
        } catch (Exception | Error e) {
            quietly("clickhouse", store::close);
            throw e;
        }
    }

    /** What {@code serve} runs; closing stops the services, then the store they use. */
    record Running(ClickHouseStore store, EdgeServices edge) implements AutoCloseable {
        @Override
        public void close() {
            edge.close();
            quietly("clickhouse", store::close);
        }
    }
}

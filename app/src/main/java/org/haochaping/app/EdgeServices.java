package org.haochaping.app;

import static org.haochaping.app.Shutdown.quietly;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.haochaping.app.alerts.WebhookAlertSender;
import org.haochaping.app.sms.SmsGateway;
import org.haochaping.app.sms.SmsSender;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.console.ConsoleServer;
import org.haochaping.ingest.IngestServer;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a host runs beside the stream job, given Kafka and ClickHouse: the SMS sender, the alert webhook
 * sender (only when {@code alerts.webhookUrl} is set), the ingest HTTP server and the console. The
 * all-in-one runtime ({@link EmbeddedRuntime}) adds its own broker, chDB and a MiniCluster around it;
 * {@code hcp serve} ({@link ServeCommand}) runs it against external Kafka and a ClickHouse server while the
 * job runs on a Flink cluster. The caller owns Kafka and the store and closes them after this.
 */
public final class EdgeServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServices.class);

    private final HcpConfig config;
    private SmsGateway smsGateway;
    private SmsSender smsSender;
    private WebhookAlertSender alertSender;
    private Vertx vertx;
    private IngestServer ingest;
    private ConsoleServer console;

    private EdgeServices(HcpConfig config) {
        this.config = config;
    }

    /**
     * @param bootstrap Kafka's address; every topic of {@code config.kafka().topics()} must exist
     * @param consoleClock the console's clock: the time its commands are issued at
     * @return running services; on failure whatever had started is stopped again
     */
    public static EdgeServices start(HcpConfig config, String bootstrap, ClickHouseStore store, Clock consoleClock)
            throws Exception {
        EdgeServices services = new EdgeServices(config);
        try {
            services.startAll(bootstrap, store, consoleClock);
            return services;
        } catch (Exception | Error e) {
            services.close();
            throw e;
        }
    }

    private void startAll(String bootstrap, ClickHouseStore store, Clock consoleClock) throws Exception {
        smsGateway = SmsGateway.fromConfig(config.sms());
        smsSender = SmsSender.fromConfig(config, bootstrap, store, smsGateway).start();
        alertSender = WebhookAlertSender.fromConfig(config, bootstrap, store, Clock.systemUTC())
                .map(WebhookAlertSender::start).orElse(null);
        if (alertSender == null) {
            LOG.info("alerts.webhookUrl is empty: alerts are kept in the alerts table only");
        }
        vertx = Vertx.vertx();
        ingest = IngestServer.start(vertx, config, bootstrap).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        console = ConsoleServer.start(vertx, config, bootstrap, store, consoleClock).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public HcpConfig config() {
        return config;
    }

    public int httpPort() {
        return ingest.port();
    }

    public String baseUrl() {
        return "http://" + config.bindAddress() + ":" + httpPort();
    }

    /** The console's port (the chosen one when {@code console.port} is 0). */
    public int consolePort() {
        return console.port();
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8081}; its API is under {@code /api/v1}. */
    public String consoleUrl() {
        return "http://" + config.bindAddress() + ":" + consolePort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public SmsGateway smsGateway() {
        return smsGateway;
    }

    public SmsSender smsSender() {
        return smsSender;
    }

    /** The alert webhook sender, or empty when {@code alerts.webhookUrl} is not set. */
    public Optional<WebhookAlertSender> alertSender() {
        return Optional.ofNullable(alertSender);
    }

    /** The HTTP servers first (no new work), then the senders, which still use Kafka and the store. */
    @Override
    public void close() {
        if (console != null) {
            quietly("console", () -> console.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        if (ingest != null) {
            quietly("ingest server", () -> ingest.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        if (vertx != null) {
            quietly("vert.x", () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        if (smsSender != null) {
            quietly("sms sender", smsSender::close);
        }
        if (alertSender != null) {
            quietly("alert sender", alertSender::close);
        }
    }
}

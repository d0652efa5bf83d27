package org.haochaping.app;

import static org.haochaping.app.Shutdown.quietly;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.haochaping.app.alerts.WebhookAlertSender;
import org.haochaping.app.sms.LoggingSmsGateway;
import org.haochaping.app.sms.SmsGateway;
import org.haochaping.app.sms.SmsSender;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.jobs.ratings.RatingPipelineJob;
import org.haochaping.kafka.EmbeddedKafkaBroker;
import org.haochaping.model.config.HcpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one runtime in one JVM: chDB, an in-JVM Kafka broker with every topic of
 * {@code kafka.topics()} (ratings, transactions, SMS inbound and outbox, work-order commands and outcomes,
 * alerts), a Flink MiniCluster running the rating pipeline (with the work orders) and the {@link EdgeServices}
 * (the SMS sender through the gateway {@code sms.gateway} selects, logging by default; the alert webhook
 * sender; the ingest HTTP server and the supervisors' console on its own port), all bound to
 * {@code bindAddress} (127.0.0.1 by default), with all data under {@code dataDir} so a restart keeps
 * everything.
 */
public final class EmbeddedRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRuntime.class);
    private static final Duration JOB_START_TIMEOUT = Duration.ofMinutes(2);

    private final HcpConfig config;
    private final Clock consoleClock;
    private ClickHouseStore store;
    private EmbeddedKafkaBroker kafka;
    private JobClient job;
    private EdgeServices edge;

    private EmbeddedRuntime(HcpConfig config, Clock consoleClock) {
        this.config = config;
        this.consoleClock = consoleClock;
    }

    public static EmbeddedRuntime start(HcpConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /**
     * @param consoleClock the console's clock: the time its commands are issued at, which is their event
     *     time in the stream job (tests pass a fixed one to act at a chosen moment of a work order's life)
     */
    public static EmbeddedRuntime start(HcpConfig config, Clock consoleClock) throws Exception {
        EmbeddedRuntime runtime = new EmbeddedRuntime(config, consoleClock);
        try {
            runtime.startAll();
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path data = config.dataPath().toAbsolutePath();
        Files.createDirectories(data);
        // chDB first: it installs signal handlers, which must happen before other threads start
        store = ClickHouseStores.open(config);
        String bootstrap;
        if (config.kafka().embedded()) {
            kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), config.bindAddress(), 0);
            bootstrap = kafka.bootstrapServers();
            for (String topic : config.kafka().topics()) {
                kafka.createTopic(topic, config.kafka().partitions());
            }
        } else {
            bootstrap = config.kafka().bootstrapServers();
            KafkaTopics.ensure(bootstrap, config.kafka());
        }
        // The Flink job (local cluster, job graph, checkpoint restore) and the edge (Vert.x, Kafka producers) need
        // nothing of each other: started side by side, start-up takes the longer of the two, not their sum.
        CompletableFuture<JobClient> pipeline = new CompletableFuture<>();
        Thread pipelineStarter = new Thread(() -> {
            try {
                pipeline.complete(startPipeline(bootstrap, data.resolve("checkpoints")));
            } catch (Throwable t) {
                pipeline.completeExceptionally(t);
            }
        }, "hcp-pipeline-start");
        pipelineStarter.start();
        try {
            edge = EdgeServices.start(config, bootstrap, store, consoleClock);
        } catch (Exception | Error e) {
            // wait for the job all the same: with the job known, close() cancels it
            try {
                job = submitted(pipeline);
            } catch (Exception second) {
                e.addSuppressed(second);
            }
            throw e;
        }
        job = submitted(pipeline);
        awaitRunning(job, JOB_START_TIMEOUT);
        // printed only once the job runs: the bench (and an operator) take this line as "ready"
        LOG.info("haochaping running: HTTP {}, console {}, Kafka {}, data {}", baseUrl(), consoleUrl(), bootstrap, data);
    }

    private static JobClient submitted(CompletableFuture<JobClient> pipeline) throws Exception {
        try {
            return pipeline.get(JOB_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Waits until Flink reports the job {@code RUNNING} (submitted, scheduled, restoring its checkpoint),
     * so "started" means the ratings are being processed, not only accepted.
     */
    static void awaitRunning(JobClient job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobStatus status = job.getJobStatus().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("the rating pipeline ended while starting: " + status);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rating pipeline is not running after " + timeout + ": " + status);
            }
            Thread.sleep(20);
        }
    }

    private JobClient startPipeline(String bootstrap, Path checkpoints) throws Exception {
        Configuration conf = RatingPipelineJob.localCluster(
                RatingPipelineJob.flinkConfiguration(config, checkpoints), config.bindAddress());
        Optional<Path> resume = CheckpointLocator.latest(checkpoints);
        resume.ifPresent(p -> {
            LOG.info("resuming the rating pipeline from checkpoint {}", p);
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
            CheckpointLocator.pruneAllBut(checkpoints, p);
        });
        int parallelism = config.flink().parallelism();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        RatingPipelineJob.build(env, config, bootstrap);
        return env.executeAsync(RatingPipelineJob.JOB_NAME);
    }

    public HcpConfig config() {
        return config;
    }

    /** The ingest edge, the console and the senders this runtime started. */
    public EdgeServices edge() {
        return edge;
    }

    public int httpPort() {
        return edge.httpPort();
    }

    public String baseUrl() {
        return edge.baseUrl();
    }

    /** The console's port (the chosen one when {@code console.port} is 0). */
    public int consolePort() {
        return edge.consolePort();
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8081}; its API is under {@code /api/v1}. */
    public String consoleUrl() {
        return edge.consoleUrl();
    }

    public ClickHouseStore store() {
        return store;
    }

    public String bootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : config.kafka().bootstrapServers();
    }

    public Vertx vertx() {
        return edge.vertx();
    }

    public JobClient job() {
        return job;
    }

    /** Where SMS invitations go; with {@code sms.gateway: logging} a {@link LoggingSmsGateway} to read them back. */
    public SmsGateway smsGateway() {
        return edge.smsGateway();
    }

    public SmsSender smsSender() {
        return edge.smsSender();
    }

    /** The alert webhook sender, or empty when {@code alerts.webhookUrl} is not set. */
    public Optional<WebhookAlertSender> alertSender() {
        return edge.alertSender();
    }

    /**
     * Stops in reverse order; the job is cancelled with its last checkpoint retained for the next start,
     * the senders stop before Kafka and ClickHouse, which they use.
     */
    @Override
    public void close() {
        if (edge != null) {
            edge.close();
        }
        if (job != null) {
            quietly("rating pipeline", () -> Shutdown.cancelAndAwait(job));
        }
        if (kafka != null) {
            quietly("kafka", kafka::close);
        }
        if (store != null) {
            quietly("clickhouse", store::close);
        }
    }
}

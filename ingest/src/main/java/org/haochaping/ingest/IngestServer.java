package org.haochaping.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;
import org.haochaping.model.config.HcpConfig;

/**
 * The ingest edge as one running unit: a {@link KafkaRecordPublisher}, a Prometheus registry and the
 * deployed {@link IngestVerticle} (APIs, evaluator pages and QR pages on one HTTP server and port). The entry point the app module starts the edge with:
 *
 * <pre>{@code
 * IngestServer edge = IngestServer.start(vertx, config, broker.bootstrapServers()).await();
 * int port = edge.port();
 * ...
 * edge.close().await();
 * }</pre>
 */
public final class IngestServer {

    private final Vertx vertx;
    private final String deploymentId;
    private final IngestVerticle verticle;
    private final KafkaRecordPublisher publisher;
    private final PrometheusMeterRegistry registry;
    private Future<Void> closing;

    private IngestServer(Vertx vertx, String deploymentId, IngestVerticle verticle, KafkaRecordPublisher publisher,
                         PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.publisher = publisher;
        this.registry = registry;
    }

    /** Starts with a fresh Prometheus registry and the system clock. */
    public static Future<IngestServer> start(Vertx vertx, HcpConfig config, String bootstrapServers) {
        return start(vertx, config, bootstrapServers, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC());
    }

    /**
     * @param bootstrapServers Kafka's address (the embedded broker's is only known once it runs)
     * @param registry where the edge's meters go and what {@code GET /metrics} serves
     * @return completes once the HTTP server listens; fails (with the producer closed again) otherwise
     */
    public static Future<IngestServer> start(Vertx vertx, HcpConfig config, String bootstrapServers,
                                             PrometheusMeterRegistry registry, Clock clock) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        return vertx.executeBlocking(() -> new KafkaRecordPublisher(config, bootstrapServers), false)
                .compose(publisher -> {
                    IngestVerticle verticle = new IngestVerticle(config, publisher, registry, clock);
                    return vertx.deployVerticle(verticle)
                            .map(id -> new IngestServer(vertx, id, verticle, publisher, registry))
                            .recover(failure -> vertx.executeBlocking(() -> {
                                publisher.close();
                                return null;
                            }, false).transform(ignored -> Future.failedFuture(failure)));
                });
    }

    /** The HTTP port actually bound (useful with {@code http.port: 0}). */
    public int port() {
        return verticle.actualPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public RecordPublisher publisher() {
        return publisher;
    }

    /** Stops the HTTP server, then closes the Kafka clients (pending sends are failed). Idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(deploymentId)
                    .transform(undeployed -> vertx.executeBlocking(() -> {
                        publisher.close();
                        return null;
                    }, false).transform(ignored -> undeployed.succeeded()
                            ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(undeployed.cause())));
        }
        return closing;
    }
}

package org.haochaping.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.evaluation.EvaluationService;
import org.haochaping.model.config.HcpConfig;

/**
 * The console as one running unit: the {@link CommandGateway} (command producer, outcomes reader) and the
 * deployed {@link ConsoleVerticle}. The entry point the app module starts it with:
 *
 * <pre>{@code
 * ConsoleServer console = ConsoleServer.start(vertx, config, broker.bootstrapServers(), store, Clock.systemUTC()).await();
 * int port = console.port();
 * ...
 * console.close().await();
 * }</pre>
 *
 * The outcomes reader is positioned at the end of the outcomes topic before the HTTP server listens, so
 * the answer to every command the console accepts is seen. The store is the caller's: it is not closed here.
 */
public final class ConsoleServer {

    private final Vertx vertx;
    private final String deploymentId;
    private final ConsoleVerticle verticle;
    private final CommandGateway gateway;
    private Future<Void> closing;

    private ConsoleServer(Vertx vertx, String deploymentId, ConsoleVerticle verticle, CommandGateway gateway) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.gateway = gateway;
    }

    /**
     * @param bootstrapServers Kafka's address (the embedded broker's is only known once it runs)
     * @param store where work orders, their events and commands, ratings and alerts are read, and evaluations
     *     are run and stored
     * @param clock the commands' issuedAt (their event time in the stream job) and evaluation runs' createdAt
     * @return completes once the HTTP server listens; fails (with the Kafka clients closed again) otherwise
     */
    public static Future<ConsoleServer> start(Vertx vertx, HcpConfig config, String bootstrapServers,
                                              ClickHouseStore store, Clock clock) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        return vertx.executeBlocking(() -> CommandGateway.open(config, bootstrapServers), false)
                .compose(gateway -> {
                    ConsoleVerticle verticle = new ConsoleVerticle(config, gateway, new WorkOrderQueries(store),
                            EvaluationService.forConfig(store, config, clock), clock);
                    return vertx.deployVerticle(verticle)
                            .map(id -> new ConsoleServer(vertx, id, verticle, gateway))
                            .recover(failure -> vertx.executeBlocking(() -> {
                                gateway.close();
                                return null;
                            }, false).transform(ignored -> Future.failedFuture(failure)));
                });
    }

    /** The HTTP port actually bound (useful with {@code console.port: 0}). */
    public int port() {
        return verticle.actualPort();
    }

    /** Stops the HTTP server, then closes the Kafka clients. Idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(deploymentId)
                    .transform(undeployed -> vertx.executeBlocking(() -> {
                        gateway.close();
                        return null;
                    }, false).transform(ignored -> undeployed.succeeded()
                            ? Future.<Void>succeededFuture()
                            : Future.<Void>failedFuture(undeployed.cause())));
        }
        return closing;
    }
}

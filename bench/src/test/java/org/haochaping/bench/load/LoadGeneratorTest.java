package org.haochaping.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The generator's bookkeeping against a plain HTTP server that answers by the rating's sequence number
 * (odd: 202, even: 503): every request's outcome lands on its own sequence, the listener hears each once,
 * the rate is kept, each request is signed at its slot. (The real edge under load is EmbeddedProcessKillITCase and the edge benchmark.)
 */
class LoadGeneratorTest {

    @Test
    void everyAnswerIsKeptByItsSequenceNumber() throws Exception {
        Vertx vertx = Vertx.vertx();
        Map<Long, Long> timestamps = new ConcurrentHashMap<>();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                String id = new io.vertx.core.json.JsonObject(body).getString("ratingId");
                long sequence = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
                timestamps.put(sequence, Long.parseLong(req.getHeader("X-Timestamp")));
                req.response().setStatusCode(sequence % 2 == 1 ? 202 : 503).end();
            })).listen(0, "127.0.0.1").await();
            EdgeRatings ratings = new EdgeRatings("gen-1", "dev-1", "a-secret-of-sixteen-chars", 3);
            Map<Long, Outcome> heard = new ConcurrentHashMap<>();
            try (LoadGenerator load = new LoadGenerator("http://127.0.0.1:" + server.actualPort(), 4,
                    Duration.ofSeconds(10), ratings)) {
                StepResult first = load.run(400, Duration.ofMillis(500), (seq, id, outcome, status, nanos, at) ->
                        assertThat(heard.put(seq, outcome)).isNull());
                StepResult second = load.run(400, Duration.ofMillis(250), LoadGenerator.AnswerListener.NONE);

                assertThat(first.sent()).isEqualTo(200);
                assertThat(first.firstSequence()).isEqualTo(1);
                assertThat(second.firstSequence()).isEqualTo(201);
                assertThat(first.count(Outcome.ACCEPTED)).isEqualTo(100);
                assertThat(first.count(Outcome.SERVER_ERROR)).isEqualTo(100);
                assertThat(first.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of(202, 100L, 503, 100L));
                assertThat(first.sequences(Outcome.ACCEPTED)).allMatch(s -> s % 2 == 1).hasSize(100);
                assertThat(first.outcome(2)).isEqualTo(Outcome.SERVER_ERROR);
                assertThat(heard).hasSize(200);
                assertThat(first.latency().count()).isEqualTo(200);
                assertThat(first.offeredPerSecond()).isBetween(300.0, 420.0);
                assertThat(second.outcomeCounts()).containsExactlyInAnyOrderEntriesOf(
                        Map.of(Outcome.ACCEPTED, 50L, Outcome.SERVER_ERROR, 50L));
                assertThat(second.outcome(202)).isEqualTo(Outcome.SERVER_ERROR);
                assertThat(second.outcome(201)).isEqualTo(Outcome.ACCEPTED);
                // each rated and signed at its slot: 2.5 ms apart at 400/s
                assertThat(timestamps.get(200L) - timestamps.get(1L)).isBetween(496L, 498L);
                assertThat(timestamps.get(250L) - timestamps.get(201L)).isBetween(122L, 123L);
            }
            server.close().await();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void aRefusedConnectionIsAConnectionError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EdgeRatings ratings = new EdgeRatings("gen-2", "dev-1", "a-secret-of-sixteen-chars", 3);
        try (LoadGenerator load = new LoadGenerator("http://127.0.0.1:" + closedPort, 2, Duration.ofSeconds(5), ratings)) {
            StepResult step = load.run(100, Duration.ofMillis(100), LoadGenerator.AnswerListener.NONE);
            assertThat(step.count(Outcome.CONNECTION_ERROR)).isEqualTo(10);
            assertThat(step.firstFailure()).isNotNull();
        }
    }
}

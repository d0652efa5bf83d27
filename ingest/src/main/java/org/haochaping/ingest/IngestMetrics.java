package org.haochaping.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The edge's meters. Prometheus names (micrometer adds the unit and {@code _total} suffixes):
 * <ul>
 *   <li>{@code hcp_http_requests_total{route,status}}: every answered request</li>
 *   <li>{@code hcp_http_request_duration_seconds_bucket{route}} (and _count, _sum): latency histogram</li>
 *   <li>{@code hcp_kafka_send_failures_total}: publishes that failed or timed out (answered 503)</li>
 *   <li>{@code hcp_ratings_accepted_total{channel}}: ratings Kafka acknowledged (answered 202)</li>
 *   <li>{@code hcp_records_accepted_total{kind}}: case events and SMS replies Kafka acknowledged</li>
 *   <li>{@code hcp_ratings_rejected_total{reason}}: unauthorized, replayed, invalid, duplicate, token_forged,
 *       token_expired, no_pending_case, evaluator_offline (every refused request of the edge, by reason)</li>
 *   <li>{@code hcp_replay_cache_entries}, {@code hcp_replay_cache_evictions_total}</li>
 *   <li>{@code hcp_rated_cases_entries}, {@code hcp_kiosk_connections}</li>
 * </ul>
 * Route tags are the route templates (or {@code unmatched}), so cardinality stays bounded.
 */
final class IngestMetrics {

    static final String REQUESTS = "hcp.http.requests";
    static final String DURATION = "hcp.http.request.duration";
    static final String KAFKA_SEND_FAILURES = "hcp.kafka.send.failures";
    static final String ACCEPTED = "hcp.ratings.accepted";
    static final String RECORDS_ACCEPTED = "hcp.records.accepted";
    static final String REJECTED = "hcp.ratings.rejected";

    private final MeterRegistry registry;
    private final Counter kafkaSendFailures;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.kafkaSendFailures = Counter.builder(KAFKA_SEND_FAILURES)
                .description("Rating publishes Kafka did not acknowledge in time (answered 503)")
                .register(registry);
    }

    <T> void replayCache(T cache, ToDoubleFunction<T> size, ToDoubleFunction<T> evictions) {
        io.micrometer.core.instrument.Gauge.builder("hcp.replay.cache.entries", cache, size)
                .description("Signatures remembered against replay")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("hcp.replay.cache.evictions", cache, evictions)
                .description("Live signatures evicted because the replay cache was full")
                .register(registry);
    }

    <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        io.micrometer.core.instrument.Gauge.builder(name, source, value).description(description).register(registry);
    }

    void request(String route, int status, Duration elapsed) {
        Counter.builder(REQUESTS)
                .description("HTTP requests answered, by route template and status")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        timers.computeIfAbsent(route, r -> Timer.builder(DURATION)
                        .description("HTTP request latency, by route template")
                        .tag("route", r)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry))
                .record(elapsed);
    }

    void kafkaSendFailure() {
        kafkaSendFailures.increment();
    }

    void accepted(String channel) {
        Counter.builder(ACCEPTED)
                .description("Ratings acknowledged by Kafka and answered 202")
                .tag("channel", channel)
                .register(registry)
                .increment();
    }

    /** @param kind {@code case_event} or {@code sms_reply} */
    void recordAccepted(String kind) {
        Counter.builder(RECORDS_ACCEPTED)
                .description("Case events and SMS replies acknowledged by Kafka and answered 202")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    void rejected(String reason) {
        Counter.builder(REJECTED)
                .description("Rating requests refused, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}

package org.haochaping.bench.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.LongStream;

/**
 * One open-loop step of a {@link LoadGenerator}: what was sent at which rate and how every request ended.
 * Latency is from each request's scheduled send time to its answer (an HTTP status), so a backlog in the
 * sender or the connection pool counts against it (no coordinated omission).
 */
public final class StepResult {

    private final double targetPerSecond;
    private final long firstSequence;
    private final byte[] outcomes;
    private final double sendSeconds;
    private final double answerSeconds;
    private final Map<Integer, Long> statuses;
    private final LatencyHistogram latency;
    private final String firstFailure;

    StepResult(double targetPerSecond, long firstSequence, byte[] outcomes, double sendSeconds, double answerSeconds,
               AtomicLongArray statusCounts, LatencyHistogram latency, String firstFailure) {
        this.firstFailure = firstFailure;
        this.targetPerSecond = targetPerSecond;
        this.firstSequence = firstSequence;
        this.outcomes = outcomes;
        this.sendSeconds = sendSeconds;
        this.answerSeconds = answerSeconds;
        Map<Integer, Long> s = new TreeMap<>();
        for (int i = 0; i < statusCounts.length(); i++) {
            if (statusCounts.get(i) > 0) {
                s.put(i, statusCounts.get(i));
            }
        }
        this.statuses = s;
        this.latency = latency;
    }

    public double targetPerSecond() {
        return targetPerSecond;
    }

    /** Requests of this step. */
    public int sent() {
        return outcomes.length;
    }

    /** Sequence numbers of this step: {@code [firstSequence, firstSequence + sent)}. */
    public long firstSequence() {
        return firstSequence;
    }

    /** From the first scheduled send to the last send. */
    public double sendSeconds() {
        return sendSeconds;
    }

    /** From the first scheduled send to the last answer. */
    public double answerSeconds() {
        return answerSeconds;
    }

    /** Requests per second actually sent (below the target when the sender itself could not keep up). */
    public double offeredPerSecond() {
        return sendSeconds > 0 ? sent() / sendSeconds : 0;
    }

    /** 202s per second, over the time from the first send to the last answer. */
    public double acceptedPerSecond() {
        return answerSeconds > 0 ? count(Outcome.ACCEPTED) / answerSeconds : 0;
    }

    public Outcome outcome(long sequence) {
        return Outcome.values()[outcomes[(int) (sequence - firstSequence)]];
    }

    public long count(Outcome outcome) {
        long n = 0;
        for (byte b : outcomes) {
            if (b == outcome.ordinal()) {
                n++;
            }
        }
        return n;
    }

    /** Every request that did not get a 202. */
    public long errors() {
        return sent() - count(Outcome.ACCEPTED);
    }

    public Map<Outcome, Long> outcomeCounts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            long n = count(o);
            if (n > 0) {
                counts.put(o, n);
            }
        }
        return counts;
    }

    /** HTTP status → answers. */
    public Map<Integer, Long> statuses() {
        return statuses;
    }

    /** Sequence numbers that ended so. */
    public LongStream sequences(Outcome outcome) {
        return LongStream.range(0, outcomes.length).filter(i -> outcomes[(int) i] == outcome.ordinal())
                .map(i -> i + firstSequence);
    }

    /** The first request failure without an HTTP answer (exception text), or null. */
    public String firstFailure() {
        return firstFailure;
    }

    /** Latency of every HTTP answer (any status). */
    public LatencyHistogram latency() {
        return latency;
    }

    /** The step as JSON-ready values (rates rounded, latencies in milliseconds). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targetPerSecond", Math.round(targetPerSecond));
        m.put("sent", sent());
        m.put("offeredPerSecond", Math.round(offeredPerSecond()));
        m.put("acceptedPerSecond", Math.round(acceptedPerSecond()));
        m.put("sendSeconds", round3(sendSeconds));
        m.put("answerSeconds", round3(answerSeconds));
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("p50", millis(latency.percentileMicros(0.50)));
        ms.put("p99", millis(latency.percentileMicros(0.99)));
        ms.put("p999", millis(latency.percentileMicros(0.999)));
        ms.put("max", millis(latency.maxMicros()));
        ms.put("mean", round3(latency.meanMicros() / 1000.0));
        m.put("latencyMs", ms);
        Map<String, Long> outcomesByName = new LinkedHashMap<>();
        outcomeCounts().forEach((o, n) -> outcomesByName.put(o.name().toLowerCase(), n));
        m.put("outcomes", outcomesByName);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        statuses.forEach((s, n) -> byStatus.put(Integer.toString(s), n));
        m.put("statuses", byStatus);
        if (firstFailure != null) {
            m.put("firstFailure", firstFailure);
        }
        return m;
    }

    static double millis(long micros) {
        return round3(micros / 1000.0);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

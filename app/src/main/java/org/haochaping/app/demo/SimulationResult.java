package org.haochaping.app.demo;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the edge answered to one simulated run.
 *
 * @param accepted answered 202
 * @param rejected answered 4xx (deliberately invalid requests, and valid ones the edge refused)
 * @param failed neither: other statuses, transport errors, 503 beyond the retry limit
 * @param expectedRejected deliberately invalid requests sent
 * @param rejectedByKind rejections by {@link InvalidKind#key()}, plus {@value #DUPLICATE} for deliberate
 *                       duplicates refused with 409 and {@value #UNEXPECTED} for valid requests that were
 *                       rejected
 * @param elapsed from the first request sent to the last answer
 * @param acceptedByKind accepted requests by kind
 */
public record SimulationResult(long accepted, long rejected, long failed, long expectedRejected,
                               Map<String, Long> rejectedByKind, Duration elapsed,
                               Map<EdgeRequest.Kind, Long> acceptedByKind) {

    /** The {@link #rejectedByKind()} key for valid requests that were rejected. */
    public static final String UNEXPECTED = "unexpected";
    /** The {@link #rejectedByKind()} key for deliberate duplicates the edge refused with 409. */
    public static final String DUPLICATE = "duplicate";

    public SimulationResult {
        rejectedByKind = Collections.unmodifiableMap(new LinkedHashMap<>(rejectedByKind));
        acceptedByKind = Collections.unmodifiableMap(new LinkedHashMap<>(acceptedByKind));
    }

    /** Both phases of a run together. */
    public SimulationResult plus(SimulationResult other) {
        Map<String, Long> rejections = new LinkedHashMap<>(rejectedByKind);
        other.rejectedByKind.forEach((k, v) -> rejections.merge(k, v, Long::sum));
        Map<EdgeRequest.Kind, Long> acceptances = new java.util.EnumMap<>(EdgeRequest.Kind.class);
        acceptances.putAll(acceptedByKind);
        other.acceptedByKind.forEach((k, v) -> acceptances.merge(k, v, Long::sum));
        return new SimulationResult(accepted + other.accepted, rejected + other.rejected, failed + other.failed,
                expectedRejected + other.expectedRejected, rejections, elapsed.plus(other.elapsed), acceptances);
    }

    /** Requests of {@code kind} the edge accepted. */
    public long accepted(EdgeRequest.Kind kind) {
        return acceptedByKind.getOrDefault(kind, 0L);
    }

    /** Deliberate duplicates the edge refused with 409. */
    public long refusedDuplicates() {
        return rejectedByKind.getOrDefault(DUPLICATE, 0L);
    }

    public long total() {
        return accepted + rejected + failed;
    }

    /** Valid requests the edge rejected. */
    public long unexpectedlyRejected() {
        return rejectedByKind.getOrDefault(UNEXPECTED, 0L);
    }

    /** Deliberately invalid requests that were not rejected (accepted, or failed). */
    public long missedRejections() {
        return expectedRejected - (rejected - unexpectedlyRejected() - refusedDuplicates());
    }

    /** Every deliberately invalid request rejected, every valid one accepted, nothing failed. */
    public boolean asExpected() {
        return failed == 0 && unexpectedlyRejected() == 0 && missedRejections() == 0;
    }

    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : total() / seconds;
    }

    /**
     * For hall staff, e.g. {@code 已发送 20000 条（12.3 秒，1626 条/秒）：受理 19900，拒绝 100（预期 100），失败 0};
     * with duplicates the edge refused, {@code 拒绝 130（预期 100，另有重复评价 30）}.
     */
    public String line() {
        String duplicates = refusedDuplicates() == 0 ? "" : "，另有重复评价 " + refusedDuplicates();
        return String.format(Locale.ROOT, "已发送 %d 条（%.1f 秒，%.0f 条/秒）：受理 %d，拒绝 %d（预期 %d%s），失败 %d",
                total(), elapsed.toNanos() / 1e9, ratePerSecond(), accepted, rejected, expectedRejected, duplicates,
                failed);
    }
}

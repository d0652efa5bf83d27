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
 * @param rejectedByKind rejections by {@link InvalidKind#key()}, plus {@value #UNEXPECTED} for valid
 *                       requests that were rejected
 * @param elapsed from the first request sent to the last answer
 */
public record SimulationResult(long accepted, long rejected, long failed, long expectedRejected,
                               Map<String, Long> rejectedByKind, Duration elapsed) {

    /** The {@link #rejectedByKind()} key for valid requests that were rejected. */
    public static final String UNEXPECTED = "unexpected";

    public SimulationResult {
        rejectedByKind = Collections.unmodifiableMap(new LinkedHashMap<>(rejectedByKind));
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
        return expectedRejected - (rejected - unexpectedlyRejected());
    }

    /** Every deliberately invalid request rejected, every valid one accepted, nothing failed. */
    public boolean asExpected() {
        return failed == 0 && unexpectedlyRejected() == 0 && missedRejections() == 0;
    }

    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : total() / seconds;
    }

    /** For hall staff, e.g. {@code 已发送 20000 条（12.3 秒，1626 条/秒）：受理 19900，拒绝 100（预期 100），失败 0} */
    public String line() {
        return String.format(Locale.ROOT, "已发送 %d 条（%.1f 秒，%.0f 条/秒）：受理 %d，拒绝 %d（预期 %d），失败 %d",
                total(), elapsed.toNanos() / 1e9, ratePerSecond(), accepted, rejected, expectedRejected, failed);
    }
}

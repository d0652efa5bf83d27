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

    /** e.g. {@code sent 20000 in 12.3 s (1626/s): accepted 19900, rejected 100 (expected 100), failed 0} */
    public String line() {
        return String.format(Locale.ROOT, "sent %d in %.1f s (%.0f/s): accepted %d, rejected %d (expected %d), failed %d",
                total(), elapsed.toNanos() / 1e9, ratePerSecond(), accepted, rejected, expectedRejected, failed);
    }
}

package org.haochaping.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Flink job of the pipeline bench, run to completion on the N ratings: which job, at which parallelism, how
 * long it took and where its time went.
 *
 * @param kind                 BARE, DISCARD or FULL
 * @param records              N
 * @param secondsFromSubmission from {@code executeAsync} (local cluster start included) until done
 * @param secondsFromFirstRecord from the first record the job read until done; the rate of the run
 * @param details              what the job wrote, checkpoints, firings … (label → value)
 * @param tasks                per Flink task, busy / back-pressured / idle between first record and done
 * @param cpu                  process CPU by thread from submission to done
 */
public record PipelineRun(BenchOptions.Run kind, int parallelism, long records, double secondsFromSubmission,
                          double secondsFromFirstRecord, Map<String, Object> details, List<TaskTimes.Share> tasks,
                          ThreadCpu.Phase cpu) {

    public PipelineRun {
        if (kind == BenchOptions.Run.INSERT) {
            throw new IllegalArgumentException("the insert baseline is not a Flink run");
        }
        if (!(secondsFromFirstRecord > 0) || secondsFromSubmission < secondsFromFirstRecord) {
            throw new IllegalArgumentException("need 0 < seconds from first record <= seconds from submission, got "
                    + secondsFromFirstRecord + ", " + secondsFromSubmission);
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        tasks = List.copyOf(tasks);
    }

    /** Stable id in the JSON result, e.g. {@code full-p2}. */
    public String key() {
        return key(kind, parallelism);
    }

    public static String key(BenchOptions.Run kind, int parallelism) {
        return kind.option() + "-p" + parallelism;
    }

    /** What the text table shows. */
    public String label() {
        return switch (kind) {
            case BARE -> "bare Flink job: Kafka → discard (bytes only)";
            case DISCARD -> "rating job → discarding sink";
            case FULL -> "rating job → ClickHouse (full)";
            case INSERT -> throw new IllegalStateException();
        } + String.format(Locale.ROOT, ", p%d", parallelism);
    }

    /** Records per second from the first record read until done: the rate the bench compares. */
    public double rate() {
        return records / secondsFromFirstRecord;
    }

    /** Records per second from submission, local cluster start included. */
    public double rateFromSubmission() {
        return records / secondsFromSubmission;
    }

    /** The Measurement of the rate the bench compares (from the first record read). */
    public Measurement measurement() {
        return new Measurement(key(), label(), records, secondsFromFirstRecord);
    }
}

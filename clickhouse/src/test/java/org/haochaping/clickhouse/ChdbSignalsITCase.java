package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JVM keeps working once chDB is open. HotSpot uses SIGSEGV itself (implicit null checks in compiled code,
 * stack banging, safepoint polls); if chDB's handlers took those signals the JVM would hang and die with exit 139,
 * and this test class would not complete.
 */
class ChdbSignalsITCase {

    private ChdbStore store;

    @BeforeEach
    void openChdb() {
        store = EmbeddedTestStore.truncateAll();
    }

    @Test
    void theTestJvmPreloadsTheJvmsSignalChainingLibrary() {
        assertThat(SignalGuard.libjsigLoaded())
                .as("surefire must start the test JVM with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so (see the parent POM)")
                .isTrue();
    }

    @Test
    void chdbCannotReadTheProcesssStandardInput() {
        // chDB would take data waiting on fd 0 as rows of the next INSERT (chdb-io/chdb-core#239)
        assertThat(StdinGuard.isDevNull()).isTrue();
        store.execute("CREATE TABLE IF NOT EXISTS stdin_probe (n UInt32) ENGINE = Memory");
        try {
            store.insertJsonEachRow("stdin_probe", List.of("{\"n\":1}", "{\"n\":2}"));
            assertThat(store.queryLong("SELECT count() FROM stdin_probe")).isEqualTo(2);
        } finally {
            store.execute("DROP TABLE stdin_probe");
        }
    }

    @Test
    void noSignalHandlerIsChdbs() throws IOException {
        List<long[]> chdbRanges = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith("/libchdb.so")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                chdbRanges.add(new long[] {Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)});
            }
        }
        assertThat(chdbRanges).as("libchdb.so is mapped").isNotEmpty();
        Map<Integer, Long> handlers = SignalGuard.handlers();
        assertThat(handlers).containsKeys(4, 5, 6, 7, 8, 11, 20, 31); // the signals chDB installs handlers for
        handlers.forEach((signal, handler) -> {
            for (long[] range : chdbRanges) {
                assertThat(Long.compareUnsigned(handler, range[0]) >= 0 && Long.compareUnsigned(handler, range[1]) < 0)
                        .as("handler of signal %d (0x%x) lies in libchdb.so", signal, handler)
                        .isFalse();
            }
        });
    }

    private static int length(int[] values) {
        return values.length;
    }

    @Test
    void nullPointerExceptionsInCompiledCodeAreCaught() {
        int[] three = new int[3];
        long sum = 0;
        int caught = 0;
        for (int i = 0; i < 2_000_000; i++) { // hot enough for C2, whose null checks are SIGSEGVs
            try {
                sum += length(i % 100_000 == 99_999 ? null : three);
            } catch (NullPointerException e) {
                caught++;
            }
        }
        assertThat(caught).isEqualTo(20);
        assertThat(sum).isEqualTo(3L * (2_000_000 - 20));
        assertThat(store.queryLong("SELECT 40 + 2")).isEqualTo(42);
    }

    private static int depth;

    private static void recurse() {
        depth++;
        recurse();
    }

    @Test
    void stackOverflowIsAnErrorNotACrash() {
        depth = 0;
        boolean overflowed = false;
        try {
            recurse();
        } catch (StackOverflowError e) {
            overflowed = true;
        }
        assertThat(overflowed).isTrue();
        assertThat(depth).isGreaterThan(1_000);
        assertThat(store.queryLong("SELECT count() FROM numbers(10)")).isEqualTo(10);
    }

    @Test
    void garbageCollectionAndBusyThreadsAlongsideChdbWork() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) { // allocation-heavy threads, like Kafka and Flink
                workers.add(pool.submit(() -> {
                    long total = 0;
                    for (int i = 0; i < 300_000; i++) {
                        total += new StringBuilder().append("event-").append(i).toString().length();
                    }
                    return total;
                }));
            }
            List<Future<Long>> writers = new ArrayList<>();
            for (int t = 0; t < 2; t++) { // two sink threads sharing the one connection
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int batch = 0; batch < 10; batch++) {
                        List<String> rows = new ArrayList<>();
                        for (int i = 0; i < 500; i++) {
                            rows.add("{\"dead_letter_id\":\"w" + writer + "-" + batch + "-" + i + "\",\"source\":\"test\","
                                    + "\"reason\":\"r\",\"occurred_at\":\"2026-05-01 08:00:00.000\"}");
                        }
                        store.insertJsonEachRow("dead_letters", rows);
                    }
                    return store.queryLong("SELECT count() FROM dead_letters WHERE startsWith(dead_letter_id, 'w"
                            + writer + "-')");
                }));
            }
            for (int i = 0; i < 10; i++) {
                System.gc();
            }
            long expected = 0;
            for (int i = 0; i < 300_000; i++) {
                expected += ("event-" + i).length();
            }
            for (Future<Long> w : workers) {
                assertThat(w.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            for (Future<Long> w : writers) {
                assertThat(w.get(60, TimeUnit.SECONDS)).isEqualTo(5_000);
            }
        } finally {
            pool.shutdownNow();
        }
        System.gc();
        assertThat(store.queryLong("SELECT count() FROM dead_letters FINAL")).isEqualTo(10_000);
    }
}

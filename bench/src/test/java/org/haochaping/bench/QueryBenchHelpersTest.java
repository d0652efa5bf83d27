package org.haochaping.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The queries bench's pure helpers: nearest-rank percentiles, its options and the --reuse parameters. */
class QueryBenchHelpersTest {

    private static final Path HOME = Path.of("/x");

    @Test
    void percentilesAreMeasuredTimingsByNearestRank() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 20 - i; // 20, 19, …, 1 ms: sorted by the record
        }
        Latencies l = new Latencies(twenty);
        assertThat(l.runs()).isEqualTo(20);
        assertThat(l.p50()).isEqualTo(10.0);
        assertThat(l.p95()).as("the 19th of 20").isEqualTo(19.0);
        assertThat(l.max()).isEqualTo(20.0);
        assertThat(l.min()).isEqualTo(1.0);

        Latencies five = Latencies.ofNanos(new long[] {5_000_000, 1_000_000, 4_000_000, 2_000_000, 3_000_000});
        assertThat(five.p50()).isEqualTo(3.0);
        assertThat(five.p95()).as("with five runs p95 is the slowest").isEqualTo(5.0);
        assertThat(five.toMap()).containsEntry("runs", 5).containsEntry("p50Ms", 3.0).containsEntry("p95Ms", 5.0);
        assertThatThrownBy(() -> new Latencies(new double[0])).hasMessageContaining("no timings");
    }

    @Test
    void defaultsAndOptions() {
        QueryBenchOptions d = QueryBenchOptions.parse(new String[0], HOME);
        assertThat(d.ratings()).isEqualTo(10_000_000);
        assertThat(d.runs()).isEqualTo(20);
        assertThat(d.evaluations()).isEqualTo(3);
        assertThat(d.reuse()).isFalse();
        assertThat(d.data()).isEqualTo(Path.of("/x/bench/target/queries-data"));
        assertThat(d.out()).isEqualTo(Path.of("/x/bench/results/queries.json"));

        QueryBenchOptions o = QueryBenchOptions.parse(new String[] {"--ratings", "200k", "--runs=7", "--budget", "30s",
                "--reuse", "--evaluations", "1", "--out", "/tmp/q.json"}, HOME);
        assertThat(o.ratings()).isEqualTo(200_000);
        assertThat(o.runs()).isEqualTo(7);
        assertThat(o.budget()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.reuse()).isTrue();
        assertThat(o.evaluations()).isEqualTo(1);
        assertThat(o.out()).isEqualTo(Path.of("/tmp/q.json"));
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> QueryBenchOptions.parse(new String[] {"--runs", "2"}, HOME))
                .hasMessageContaining("--runs");
        assertThatThrownBy(() -> QueryBenchOptions.parse(new String[] {"--ratings", "0"}, HOME))
                .hasMessageContaining("--ratings");
        assertThatThrownBy(() -> QueryBenchOptions.parse(new String[] {"--parallelism", "2"}, HOME))
                .hasMessageContaining("unknown option");
    }

    @Test
    void reusedDataMustHaveBeenMadeWithTheSameRatingsAndSeed() {
        String made = QueryBench.parameters(QueryBenchOptions.parse(new String[] {"--ratings", "200k"}, HOME));
        assertThat(QueryBench.parameters(QueryBenchOptions.parse(new String[] {"--ratings", "200k", "--reuse"}, HOME)))
                .isEqualTo(made);
        assertThat(QueryBench.parameters(QueryBenchOptions.parse(new String[] {"--ratings", "300k"}, HOME)))
                .isNotEqualTo(made);
        assertThat(QueryBench.parameters(QueryBenchOptions.parse(new String[] {"--ratings", "200k", "--seed", "7"},
                HOME))).isNotEqualTo(made);
    }
}

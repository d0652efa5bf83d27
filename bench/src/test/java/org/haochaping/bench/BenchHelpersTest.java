package org.haochaping.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's pure helpers; the bench itself is not part of the test run. */
class BenchHelpersTest {

    private static final Path HOME = Path.of("/x");

    @Test
    void defaultsAndOptions() {
        BenchOptions d = BenchOptions.parse(new String[0], HOME);
        assertThat(d.ratings()).isEqualTo(BenchOptions.DEFAULT_RATINGS);
        assertThat(d.parallelism()).isEqualTo(2);
        assertThat(d.topicPartitions()).as("the runtime's kafka.partitions").isEqualTo(4);
        assertThat(BenchOptions.parse(new String[] {"--parallelism", "1"}, HOME).topicPartitions()).isEqualTo(4);
        assertThat(BenchOptions.parse(new String[] {"--partitions", "3"}, HOME).topicPartitions()).isEqualTo(3);
        assertThat(d.data()).isEqualTo(Path.of("/x/bench/target/bench-data"));
        assertThat(d.out()).isEqualTo(Path.of("/x/bench/target/job-throughput.json"));

        BenchOptions o = BenchOptions.parse(new String[] {"--ratings", "250k", "--parallelism=1", "--span", "90m",
                "--data", "/tmp/b", "--timeout", "30s"}, HOME);
        assertThat(o.ratings()).isEqualTo(250_000);
        assertThat(o.parallelism()).isEqualTo(1);
        assertThat(o.span()).isEqualTo(Duration.ofMinutes(90));
        assertThat(o.data()).isEqualTo(Path.of("/tmp/b"));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(BenchOptions.parse(new String[] {"--ratings", "1_000_000"}, HOME).ratings()).isEqualTo(1_000_000);
        assertThat(BenchOptions.parse(new String[] {"--ratings", "2m"}, HOME).ratings()).isEqualTo(2_000_000);
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--ratings", "lots"}, HOME))
                .hasMessageContaining("--ratings");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--parallelism", "0"}, HOME))
                .hasMessageContaining("--parallelism");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--span", "10"}, HOME))
                .hasMessageContaining("--span");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--ratings"}, HOME))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"}, HOME))
                .hasMessageContaining("unknown option");
    }

    @Test
    void ratiosAreJobRateOverBaselineRate() {
        Measurement baseline = new Measurement("baselineA", "A", 1_000_000, 2.0);
        Measurement job = new Measurement("job", "job", 1_000_000, 8.0);
        assertThat(baseline.rate()).isEqualTo(500_000.0);
        assertThat(job.ratioTo(baseline)).isEqualTo(0.25);

        BenchReport report = new BenchReport().baseline(baseline).job(job);
        assertThat(report.ratios()).containsEntry("job", java.util.Map.of("baselineA", 0.25));
        assertThat(report.text()).contains("0.250");
    }

    @Test
    void procStatLineWithBlanksAndParenthesesInTheName() {
        String stat = "4242 (dedup-ratings -) S 1 1 1 0 -1 4194368 100 0 0 0 250 50 0 0 20 0 1 0 100 0 0";
        ThreadCpu.ThreadTime t = ThreadCpu.parseStat(stat);
        assertThat(t.name()).isEqualTo("dedup-ratings -");
        assertThat(t.cpuSeconds()).isEqualTo(3.0);
        assertThat(ThreadCpu.parseStat("7 (a) b) R 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 0 0").name()).isEqualTo("a) b");
    }

    @Test
    void machineBusyTicksLeaveOutIdleAndIowait() {
        assertThat(ThreadCpu.parseBusyTicks("cpu  100 2 30 5000 40 5 6 7 0 0")).isEqualTo(100 + 2 + 30 + 5 + 6 + 7);
    }

    @Test
    void threadGroupsDropPoolNumbers() {
        assertThat(ThreadCpu.Phase.groupName("GC Thread#1")).isEqualTo("GC Thread#N");
        assertThat(ThreadCpu.Phase.groupName("Flink-Metric-3")).isEqualTo("Flink-Metric-N");
        assertThat(ThreadCpu.Phase.groupName("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        ThreadCpu.Phase phase = new ThreadCpu.Phase(1, 2, 2, 0, 0, List.of(new ThreadCpu.ThreadTime("GC Thread#0", 0.5),
                new ThreadCpu.ThreadTime("GC Thread#1", 0.5), new ThreadCpu.ThreadTime("main", 0.25)));
        assertThat(phase.topGroups(1)).containsExactly(new ThreadCpu.ThreadTime("GC Thread#N", 1.0));
        assertThat(phase.coresUsed()).isEqualTo(2.0);
    }
}

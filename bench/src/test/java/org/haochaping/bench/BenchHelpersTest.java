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
        assertThat(d.ratings()).isEqualTo(2_000_000);
        assertThat(d.parallelisms()).containsExactly(1, 2);
        assertThat(d.runs()).containsExactlyInAnyOrder(BenchOptions.Run.values());
        assertThat(d.topicPartitions()).as("the runtime's kafka.partitions").isEqualTo(4);
        assertThat(BenchOptions.parse(new String[] {"--partitions", "3"}, HOME).topicPartitions()).isEqualTo(3);
        assertThat(d.data()).isEqualTo(Path.of("/x/bench/target/pipeline-data"));
        assertThat(d.out()).isEqualTo(Path.of("/x/bench/results/pipeline.json"));
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(20));

        BenchOptions o = BenchOptions.parse(new String[] {"--ratings", "250k", "--parallelism=1", "--span", "90m",
                "--data", "/tmp/b", "--timeout", "30s", "--runs", "full, discard"}, HOME);
        assertThat(o.ratings()).isEqualTo(250_000);
        assertThat(o.parallelisms()).containsExactly(1);
        assertThat(o.runs()).containsExactlyInAnyOrder(BenchOptions.Run.FULL, BenchOptions.Run.DISCARD);
        assertThat(o.runs(BenchOptions.Run.BARE)).isFalse();
        assertThat(o.span()).isEqualTo(Duration.ofMinutes(90));
        assertThat(o.data()).isEqualTo(Path.of("/tmp/b"));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(BenchOptions.parse(new String[] {"--ratings", "1_000_000"}, HOME).ratings()).isEqualTo(1_000_000);
        assertThat(BenchOptions.parse(new String[] {"--ratings", "2m"}, HOME).ratings()).isEqualTo(2_000_000);
        assertThat(BenchOptions.parse(new String[] {"--parallelism", "2,1,2"}, HOME).parallelisms())
                .as("ascending, each once").containsExactly(1, 2);
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--ratings", "lots"}, HOME))
                .hasMessageContaining("--ratings");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--parallelism", "0"}, HOME))
                .hasMessageContaining("--parallelism");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--parallelism", "1,x"}, HOME))
                .hasMessageContaining("--parallelism");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--runs", "full,fast"}, HOME))
                .hasMessageContaining("--runs").hasMessageContaining("fast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--span", "10"}, HOME))
                .hasMessageContaining("--span");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--ratings"}, HOME))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"}, HOME))
                .hasMessageContaining("unknown option");
    }

    @Test
    void ratiosAreFullRateOverEachBaselineOfTheSameParallelism() {
        Measurement insert = new Measurement("insert", "insert", 1_000_000, 2.0); // 500,000/s
        PipelineRun bare1 = run(BenchOptions.Run.BARE, 1, 1.0);      // 1,000,000/s
        PipelineRun bare2 = run(BenchOptions.Run.BARE, 2, 0.5);      // 2,000,000/s
        PipelineRun discard2 = run(BenchOptions.Run.DISCARD, 2, 4.0); // 250,000/s
        PipelineRun full1 = run(BenchOptions.Run.FULL, 1, 10.0);     // 100,000/s
        PipelineRun full2 = run(BenchOptions.Run.FULL, 2, 8.0);      // 125,000/s
        assertThat(full2.rate()).isEqualTo(125_000.0);
        assertThat(full2.rateFromSubmission()).isEqualTo(1_000_000 / 9.0);
        assertThat(full2.key()).isEqualTo("full-p2");

        BenchReport report = new BenchReport().insert(insert).run(bare1).run(full1).run(bare2).run(discard2).run(full2);
        assertThat(report.ratios()).containsOnlyKeys("full-p1", "full-p2");
        assertThat(report.ratios().get("full-p1")).as("no discard run at p1: no such ratio")
                .isEqualTo(java.util.Map.of("bare", 0.1, "insert", 0.2));
        assertThat(report.ratios().get("full-p2")).containsEntry("bare", 0.0625).containsEntry("discard", 0.5)
                .containsEntry("insert", 0.25);
        assertThat(report.text()).contains("0.063").contains("0.500").contains("0.250")
                .contains("target ≥ 150,000 ratings/s at parallelism 2: measured 125,000/s = 83.3% of the target "
                        + "(not met)");
        assertThat(report.toMap()).containsKey("target");
        assertThat(new BenchReport().run(full1).toMap()).as("no full run at p2: no target line")
                .doesNotContainKey("target");
    }

    @Test
    void aRunNeedsATimeFromItsFirstRecord() {
        assertThatThrownBy(() -> new PipelineRun(BenchOptions.Run.FULL, 2, 10, 1.0, 0.0, java.util.Map.of(),
                List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PipelineRun(BenchOptions.Run.INSERT, 2, 10, 1.0, 1.0, java.util.Map.of(),
                List.of(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void discardSinkCountsByLabel() throws Exception {
        CountingDiscardSink.reset();
        CountingDiscardSink<String> sink = new CountingDiscardSink<>(s -> s.substring(0, 1));
        var writer = sink.createWriter(null);
        for (String s : List.of("a1", "b1", "a2", "a3")) {
            writer.write(s, null);
        }
        assertThat(CountingDiscardSink.count("a")).isEqualTo(3);
        assertThat(CountingDiscardSink.count("c")).isZero();
        assertThat(CountingDiscardSink.counts()).isEqualTo(java.util.Map.of("a", 3L, "b", 1L));
        CountingDiscardSink.reset();
        assertThat(CountingDiscardSink.counts()).isEmpty();
    }

    @Test
    void experimentalFlinkOptionsComeFromSystemProperties() {
        System.setProperty("hcp.bench.flink.taskmanager.memory.network.max", "256m");
        try {
            assertThat(JobThroughputBench.experimentalFlinkOptions())
                    .containsEntry("taskmanager.memory.network.max", "256m");
        } finally {
            System.clearProperty("hcp.bench.flink.taskmanager.memory.network.max");
        }
        assertThat(JobThroughputBench.experimentalFlinkOptions()).doesNotContainKey("taskmanager.memory.network.max");
    }

    @Test
    void oneEvaluatorPerCounter() {
        assertThat(BenchRatings.deviceOf("hall-01-c02")).isEqualTo("evaluator-hall-01-c02");
    }

    /** N = 1,000,000 in {@code seconds} from the first record, one second more from submission. */
    private static PipelineRun run(BenchOptions.Run kind, int parallelism, double seconds) {
        return new PipelineRun(kind, parallelism, 1_000_000, seconds + 1, seconds, java.util.Map.of(), List.of(), null);
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

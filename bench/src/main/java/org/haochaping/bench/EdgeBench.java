package org.haochaping.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haochaping.app.demo.TextTable;
import org.haochaping.bench.load.EdgeRatings;
import org.haochaping.bench.load.LoadGenerator;
import org.haochaping.bench.load.Outcome;
import org.haochaping.bench.load.RawProducerBaseline;
import org.haochaping.bench.load.StepResult;
import org.haochaping.bench.process.HcpProcess;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code ./hcp bench edge}: the ingest edge of a real {@code hcp run} (a child process) under signed ratings
 * from this JVM at stepped open-loop rates over loopback, beside the raw Kafka producer rate for the same
 * records to the same broker measured in the same run. See bench/README.md.
 */
public final class EdgeBench {

    static final String NAME = "edge";
    static final List<Long> DEFAULT_STEPS = List.of(2_000L, 5_000L, 10_000L, 15_000L, 20_000L, 30_000L);
    /** A step is sustained when it had no error and at least this share of the target rate was accepted. */
    static final double SUSTAINED_SHARE = 0.97;
    /**
     * Enough that the generator's pool is not the limit: every connection carries one request at a time, so
     * the rate it can carry is connections ÷ latency (Little's law): 512 at 10 ms is 51,200/s. Many
     * connections is also what the edge sees in a hall, one per evaluator device.
     */
    static final int DEFAULT_CONNECTIONS = 512;
    /** Opens the connections and lets the JIT compile the hot paths of both JVMs before anything is measured. */
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(20);
    static final long DEFAULT_WARMUP_RATE = 2_000;
    static final String RAW_TOPIC = "bench.edge.raw-producer";
    /** Sequence numbers of the raw producer's records: far from the HTTP ones (other topic, never read by the job). */
    static final long RAW_FIRST_SEQUENCE = 1_000_000_000L;

    static final String USAGE = """
            usage: ./hcp bench edge [--steps R1,R2,...] [--step DURATION] [--warmup DURATION] [--warmup-rate R]
                                    [--pause DURATION] [--connections N] [--raw-records N] [--heap SIZE]
                                    [--launch script|classpath] [--data DIR] [--out FILE] [--seed S]
              --steps          target rates in ratings/s, one step each (default 2k,5k,10k,15k,20k,30k)
              --step           length of each step (default 15s)
              --warmup         a first step not reported, to warm both JVMs and open the connections (default 20s)
              --warmup-rate    its rate (default 2k)
              --pause          between steps (default 3s)
              --connections    keep-alive connections of the load generator (default 512)
              --raw-records    records of the raw Kafka producer baseline (default 500k)
              --heap           -Xmx of hcp run (HCP_HEAP; default ./hcp run's 1g)
              --launch         script: <home>/hcp run (default, what a user runs); classpath: java with this
                               JVM's classpath and ./hcp's flags (for development without ./hcp)
              --data DIR       data folder of hcp run, deleted at start if the bench made it (bench/target/edge-data)
              --out FILE       JSON (default bench/results/edge.json)""";

    private static final Set<String> OPTIONS = Set.of("--steps", "--step", "--warmup", "--warmup-rate", "--pause",
            "--connections", "--raw-records", "--heap", "--launch", "--data", "--out", "--seed");

    private EdgeBench() {}

    public static int run(String[] args, Path home) throws Exception {
        CommandOptions o = BenchMain.options(() -> CommandOptions.parse(args, OPTIONS));
        List<Long> steps = o.numbers("--steps", DEFAULT_STEPS, 1_000_000);
        Duration step = o.duration("--step", Duration.ofSeconds(15));
        Duration warmup = o.duration("--warmup", DEFAULT_WARMUP);
        long warmupRate = o.number("--warmup-rate", DEFAULT_WARMUP_RATE, 1_000_000);
        Duration pause = o.duration("--pause", Duration.ofSeconds(3));
        int connections = (int) o.number("--connections", DEFAULT_CONNECTIONS, 10_000);
        int rawRecords = (int) o.number("--raw-records", 500_000, 100_000_000);
        String heap = o.text("--heap", null);
        HcpProcess.Launch launch = launch(o.text("--launch", "script"));
        Path data = o.path("--data", home.resolve("bench/target/edge-data")).toAbsolutePath();
        Path out = o.path("--out", BenchResults.defaultFile(home, NAME));
        long seed = o.number("--seed", BenchOptions.DEFAULT_SEED, Long.MAX_VALUE);

        JobThroughputBench.prepareDataDir(data);
        System.setProperty("hcp.log.file", data.resolve("bench.log").toString());
        Map<String, Object> machine = MachineDescription.collect();
        System.out.println("edge benchmark — " + MachineDescription.line(machine));
        HcpConfig defaults = ConfigLoader.defaults();

        HcpProcess.Settings settings = new HcpProcess.Settings(home, data, launch, heap, Map.of());
        Map<String, Object> result = new LinkedHashMap<>();
        List<StepResult> results = new ArrayList<>();
        List<StepCpu> cpu = new ArrayList<>();
        RawProducerBaseline.Result raw;
        HcpProcess.Ready ready;
        try (HcpProcess hcp = HcpProcess.start(settings)) {
            ready = hcp.awaitReady(Duration.ofMinutes(3));
            System.out.printf("hcp run (pid %d, -Xmx%s) ready after %.1f s; edge %s%n", hcp.pid(),
                    settings.effectiveHeap(), ready.startToReady().toMillis() / 1000.0, hcp.baseUrl());
            EdgeRatings ratings = new EdgeRatings("edge-" + System.currentTimeMillis() / 1000, hcp.deviceId(),
                    hcp.deviceSecret(), seed);

            // the baseline first, while the runtime is idle: the ceiling Kafka sets on this machine
            raw = RawProducerBaseline.run(ready.kafkaBootstrap(), RAW_TOPIC, defaults.kafka().partitions(), ratings,
                    RAW_FIRST_SEQUENCE, rawRecords, new PhoneProtector(defaults.security().phoneHashKey()));
            System.out.printf("raw Kafka producer: %,d records in %.2f s = %,.0f records/s%n", raw.records(),
                    raw.seconds(), raw.perSecond());

            try (LoadGenerator load = new LoadGenerator(hcp.baseUrl(), connections, Duration.ofSeconds(30), ratings)) {
                if (!warmup.isZero()) {
                    StepResult w = load.run(warmupRate, warmup, LoadGenerator.AnswerListener.NONE);
                    System.out.printf("warm-up: %,d ratings at %,d/s, %,d accepted%n", w.sent(), warmupRate,
                            w.count(Outcome.ACCEPTED));
                }
                for (long rate : steps) {
                    Thread.sleep(pause.toMillis());
                    ThreadCpu childBefore = ThreadCpu.snapshotOf(hcp.pid());
                    ThreadCpu generatorBefore = ThreadCpu.snapshot();
                    StepResult s = load.run(rate, step, LoadGenerator.AnswerListener.NONE);
                    cpu.add(StepCpu.of(ThreadCpu.snapshotOf(hcp.pid()).since(childBefore),
                            ThreadCpu.snapshot().since(generatorBefore)));
                    results.add(s);
                    HcpProcess.Rss rss = hcp.rss();
                    System.out.printf("  %,7d/s: accepted %,.0f/s, p99 %.1f ms, errors %,d, RSS %,d MB%n", rate,
                            s.acceptedPerSecond(), s.latency().percentileMicros(0.99) / 1000.0, s.errors(),
                            rss.residentKb() / 1024);
                }
            }
            int exit = hcp.stop(Duration.ofMinutes(2));
            result.put("childExitCode", exit);
        }

        System.out.println();
        System.out.println(table(results, raw).render("  "));
        System.out.println();
        System.out.println("CPU during each step (from building its requests to its last answer), in cores of " + Runtime.getRuntime().availableProcessors() + ":");
        System.out.println(cpuTable(results, cpu).render("  "));
        StepResult best = maxSustained(results);
        System.out.printf("%nmax sustained: %s (no errors and accepted >= %.0f%% of the target)%n",
                best == null ? "none of the steps" : String.format("%,.0f accepted/s at the %,.0f/s step",
                        best.acceptedPerSecond(), best.targetPerSecond()), SUSTAINED_SHARE * 100);

        result.put("options", Map.of("stepSeconds", step.toMillis() / 1000.0, "warmupSeconds", warmup.toMillis() / 1000.0,
                "warmupRate", warmupRate, "connections", connections, "launch", launch.name().toLowerCase(),
                "heap", settings.effectiveHeap(), "seed", seed));
        result.put("startToReadySeconds", ready.startToReady().toMillis() / 1000.0);
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("what", "plain KafkaProducer, the edge's records and producer settings, scratch topic");
        baseline.put("records", raw.records());
        baseline.put("seconds", Math.round(raw.seconds() * 1000) / 1000.0);
        baseline.put("recordsPerSecond", Math.round(raw.perSecond()));
        baseline.put("meanRecordBytes", raw.bytes() / Math.max(1, raw.records()));
        result.put("rawProducer", baseline);
        List<Map<String, Object>> stepMaps = new ArrayList<>();
        for (StepResult s : results) {
            Map<String, Object> m = s.toMap();
            m.put("acceptedToRawProducer", Math.round(s.acceptedPerSecond() / raw.perSecond() * 1000) / 1000.0);
            m.put("sustained", sustained(s));
            m.put("cpuCores", cpu.get(stepMaps.size()).toMap());
            stepMaps.add(m);
        }
        result.put("steps", stepMaps);
        result.put("maxSustainedAcceptedPerSecond", best == null ? 0 : Math.round(best.acceptedPerSecond()));
        result.put("maxSustainedStep", best == null ? 0 : Math.round(best.targetPerSecond()));
        Path written = BenchResults.write(out, NAME, machine, result);
        System.out.println("JSON: " + written);
        return 0;
    }

    static HcpProcess.Launch launch(String text) {
        return switch (text) {
            case "script" -> HcpProcess.Launch.SCRIPT;
            case "classpath" -> HcpProcess.Launch.CLASSPATH;
            default -> throw new IllegalArgumentException("--launch must be script or classpath, got " + text);
        };
    }

    static boolean sustained(StepResult s) {
        return s.errors() == 0 && s.acceptedPerSecond() >= SUSTAINED_SHARE * s.targetPerSecond();
    }

    /** The sustained step with the highest target, or null. */
    static StepResult maxSustained(List<StepResult> steps) {
        StepResult best = null;
        for (StepResult s : steps) {
            if (sustained(s) && (best == null || s.targetPerSecond() > best.targetPerSecond())) {
                best = s;
            }
        }
        return best;
    }

    static TextTable table(List<StepResult> steps, RawProducerBaseline.Result raw) {
        TextTable t = new TextTable(List.of("target/s", "offered/s", "accepted/s", "÷ raw", "p50 ms", "p99 ms",
                "p99.9 ms", "max ms", "errors"), List.of(TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.LEFT));
        for (StepResult s : steps) {
            t.row(String.format("%,.0f", s.targetPerSecond()), String.format("%,.0f", s.offeredPerSecond()),
                    String.format("%,.0f", s.acceptedPerSecond()),
                    String.format("%.3f", s.acceptedPerSecond() / raw.perSecond()),
                    ms(s.latency().percentileMicros(0.50)), ms(s.latency().percentileMicros(0.99)),
                    ms(s.latency().percentileMicros(0.999)), ms(s.latency().maxMicros()), errors(s));
        }
        t.row("raw Kafka producer", "", String.format("%,.0f", raw.perSecond()), "1", "", "", "", "",
                String.format("%,d records", raw.records()));
        return t;
    }

    /**
     * Where the CPU went during a step: the child {@code hcp run} (and its busiest thread groups: the edge's
     * event loop, Kafka's request handlers, the Flink job's tasks, chDB, the JIT, GC), this JVM (the load
     * generator), and every other process of the machine.
     */
    record StepCpu(double wallSeconds, double hcpRunCores, double generatorCores, double otherCores,
                   List<ThreadCpu.ThreadTime> hcpRunThreads) {

        static StepCpu of(ThreadCpu.Phase child, ThreadCpu.Phase generator) {
            double wall = child.wallSeconds();
            double other = child.otherProcessesCpuSeconds() < 0 || generator.processCpuSeconds() < 0 ? -1
                    : Math.max(0, child.otherProcessesCpuSeconds() - generator.processCpuSeconds()) / wall;
            return new StepCpu(wall, child.processCpuSeconds() / wall, generator.processCpuSeconds() / wall, other,
                    child.topGroups(6));
        }

        String busiest() {
            List<String> parts = new ArrayList<>();
            for (ThreadCpu.ThreadTime t : hcpRunThreads) {
                parts.add(String.format("%s %.2f", t.name().strip(), t.cpuSeconds() / wallSeconds));
            }
            return String.join(", ", parts);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hcpRun", round2(hcpRunCores));
            m.put("loadGenerator", round2(generatorCores));
            m.put("otherProcesses", round2(otherCores));
            Map<String, Object> threads = new LinkedHashMap<>();
            hcpRunThreads.forEach(t -> threads.put(t.name().strip(), round2(t.cpuSeconds() / wallSeconds)));
            m.put("hcpRunBusiestThreads", threads);
            return m;
        }

        private static double round2(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    static TextTable cpuTable(List<StepResult> steps, List<StepCpu> cpu) {
        TextTable t = new TextTable(List.of("target/s", "hcp run", "load generator", "other processes",
                "hcp run's busiest threads (cores)"), List.of(TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.LEFT));
        for (int i = 0; i < steps.size(); i++) {
            StepCpu c = cpu.get(i);
            t.row(String.format("%,.0f", steps.get(i).targetPerSecond()), String.format("%.2f", c.hcpRunCores()),
                    String.format("%.2f", c.generatorCores()), c.otherCores() < 0 ? "?" : String.format("%.2f", c.otherCores()),
                    c.busiest());
        }
        return t;
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }

    static String errors(StepResult s) {
        if (s.errors() == 0) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        s.outcomeCounts().forEach((outcome, n) -> {
            if (outcome != Outcome.ACCEPTED) {
                parts.add(String.format("%,d %s", n, outcome.name().toLowerCase().replace('_', ' ')));
            }
        });
        s.statuses().forEach((status, n) -> {
            if (status != 202) {
                parts.add(String.format("[%d: %,d]", status, n));
            }
        });
        return String.join(", ", parts);
    }
}

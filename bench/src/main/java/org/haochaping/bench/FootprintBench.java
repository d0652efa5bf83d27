package org.haochaping.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.haochaping.app.demo.TextTable;
import org.haochaping.bench.load.EdgeRatings;
import org.haochaping.bench.load.LoadGenerator;
import org.haochaping.bench.load.StepResult;
import org.haochaping.bench.process.HcpProcess;
import org.haochaping.bench.process.IdleJvm;

/**
 * {@code ./hcp bench footprint}: how long {@code hcp run} takes from start to ready (health green and the job
 * running) on an empty data folder and on restarts, and its resident memory at rest and under the edge
 * benchmark's load; beside the same for a JVM started with the same heap and flags that does nothing
 * ({@link IdleJvm}), measured in the same run. See bench/README.md.
 */
public final class FootprintBench {

    static final String NAME = "footprint";

    static final String USAGE = """
            usage: ./hcp bench footprint [--starts N] [--idle DURATION] [--load-rate R] [--load DURATION] [--warmup DURATION]
                                         [--sample DURATION] [--connections N] [--heap SIZE]
                                         [--launch script|classpath] [--data DIR] [--out FILE] [--seed S]
              --starts       starts of hcp run: the first on an empty data folder, the others restarts on it (default 3)
              --idle         wait after ready before reading the resident memory at rest (default 10s)
              --load-rate    the edge load during the second start (default 10k ratings/s)
              --load         its length (default 30s); resident memory sampled throughout
              --warmup       before it, as in the edge bench (default 20s at 2k/s; sampled too)
              --sample       sampling interval of the resident memory under load (default 200ms)
              --connections  keep-alive connections of the load generator (default 512)
              --heap         -Xmx of hcp run (HCP_HEAP; default ./hcp run's 1g) and of the baseline JVM
              --launch       script: <home>/hcp run (default); classpath: java with this JVM's classpath
              --data DIR     data folder, deleted at start if the bench made it (bench/target/footprint-data)
              --out FILE     JSON (default bench/results/footprint.json)""";

    private static final Set<String> OPTIONS = Set.of("--starts", "--idle", "--load-rate", "--load", "--warmup", "--sample",
            "--connections", "--heap", "--launch", "--data", "--out", "--seed");

    /** The edge load of the loaded start: a warm-up, then the measured step; resident memory sampled throughout. */
    record Load(long rate, Duration duration, long warmupRate, Duration warmup, Duration sample, int connections) {}

    /** One start of hcp run (or of the baseline JVM). */
    record Start(String what, double readySeconds, long restKb, long peakUnderLoadKb, long highWaterKb,
                 StepResult load, Integer exitCode, double stopSeconds) {}

    private FootprintBench() {}

    public static int run(String[] args, Path home) throws Exception {
        CommandOptions o = BenchMain.options(() -> CommandOptions.parse(args, OPTIONS));
        int starts = (int) o.number("--starts", 3, 20);
        Duration idle = o.duration("--idle", Duration.ofSeconds(10));
        long loadRate = o.number("--load-rate", 10_000, 1_000_000);
        Duration loadDuration = o.duration("--load", Duration.ofSeconds(30));
        Duration sample = o.duration("--sample", Duration.ofMillis(200));
        int connections = (int) o.number("--connections", EdgeBench.DEFAULT_CONNECTIONS, 10_000);
        Load load = new Load(loadRate, loadDuration, EdgeBench.DEFAULT_WARMUP_RATE,
                o.duration("--warmup", EdgeBench.DEFAULT_WARMUP), sample, connections);
        String heap = o.text("--heap", null);
        HcpProcess.Launch launch = EdgeBench.launch(o.text("--launch", "script"));
        Path data = o.path("--data", home.resolve("bench/target/footprint-data")).toAbsolutePath();
        Path out = o.path("--out", BenchResults.defaultFile(home, NAME));
        long seed = o.number("--seed", BenchOptions.DEFAULT_SEED, Long.MAX_VALUE);
        if (starts < 1) {
            throw new IllegalArgumentException("--starts must be at least 1");
        }

        JobThroughputBench.prepareDataDir(data);
        System.setProperty("hcp.log.file", data.resolve("bench.log").toString());
        Map<String, Object> machine = MachineDescription.collect();
        System.out.println("footprint benchmark — " + MachineDescription.line(machine));
        HcpProcess.Settings settings = new HcpProcess.Settings(home, data.resolve("hcp-data"), launch, heap, Map.of());

        Start baseline = idleJvm(home, settings.effectiveHeap(), idle);
        System.out.printf("baseline: idle JVM (-Xmx%s) up after %.2f s, %,d MB resident at rest%n",
                settings.effectiveHeap(), baseline.readySeconds(), baseline.restKb() / 1024);

        int loadedStart = Math.min(2, starts);
        List<Start> runs = new ArrayList<>();
        String runId = "footprint-" + System.currentTimeMillis() / 1000;
        for (int i = 1; i <= starts; i++) {
            String what = i == 1 ? "hcp run, empty data folder"
                    : i > loadedStart ? "hcp run, restart after the load" : "hcp run, restart on the same folder";
            Start s = start(settings, what, idle, i == loadedStart ? load : null, runId, seed);
            runs.add(s);
            System.out.printf("start %d (%s): ready after %.2f s, %,d MB at rest%s; stopped in %.1f s (exit %d)%n", i,
                    what, s.readySeconds(), s.restKb() / 1024, s.load() == null ? ""
                            : String.format(", peak %,d MB under %,d ratings/s (accepted %,.0f/s, p99 %.1f ms, errors %s)",
                            s.peakUnderLoadKb() / 1024, loadRate, s.load().acceptedPerSecond(),
                            s.load().latency().percentileMicros(0.99) / 1000.0, EdgeBench.errors(s.load())),
                    s.stopSeconds(), s.exitCode());
        }

        System.out.println();
        System.out.println(table(baseline, runs).render("  "));
        Start first = runs.get(0);
        Start loaded = runs.get(loadedStart - 1);
        System.out.printf("%nhcp run ÷ idle JVM: ready %.1f×, resident at rest %.1f×, peak under load %.1f×%n",
                first.readySeconds() / baseline.readySeconds(), (double) first.restKb() / baseline.restKb(),
                (double) loaded.peakUnderLoadKb() / baseline.restKb());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("options", Map.of("starts", starts, "idleSeconds", idle.toMillis() / 1000.0, "loadRate", loadRate,
                "loadSeconds", loadDuration.toMillis() / 1000.0, "warmupSeconds", load.warmup().toMillis() / 1000.0,
                "warmupRate", load.warmupRate(), "sampleMillis", sample.toMillis(), "connections", connections,
                "launch", launch.name().toLowerCase()));
        result.put("heap", settings.effectiveHeap());
        result.put("baseline", toMap(baseline));
        List<Map<String, Object>> startMaps = new ArrayList<>();
        runs.forEach(s -> startMaps.add(toMap(s)));
        result.put("starts", startMaps);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("readyToBaseline", round3(first.readySeconds() / baseline.readySeconds()));
        ratios.put("restToBaseline", round3((double) first.restKb() / baseline.restKb()));
        ratios.put("peakUnderLoadToBaseline", round3((double) loaded.peakUnderLoadKb() / baseline.restKb()));
        result.put("ratios", ratios);
        Path written = BenchResults.write(out, NAME, machine, result);
        System.out.println("JSON: " + written);
        return 0;
    }

    /** @param load the edge load to apply after the rest measurement, or null */
    private static Start start(HcpProcess.Settings settings, String what, Duration idle, Load load, String runId,
                               long seed) throws Exception {
        try (HcpProcess hcp = HcpProcess.start(settings)) {
            HcpProcess.Ready ready = hcp.awaitReady(Duration.ofMinutes(3));
            Thread.sleep(idle.toMillis());
            long rest = hcp.rss().residentKb();
            StepResult step = null;
            long peak = 0;
            if (load != null) {
                EdgeRatings ratings = new EdgeRatings(runId, hcp.deviceId(), hcp.deviceSecret(), seed);
                AtomicLong maxSample = new AtomicLong();
                Thread sampler = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            maxSample.accumulateAndGet(hcp.rss().residentKb(), Math::max);
                            Thread.sleep(load.sample().toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.io.IOException e) {
                        // the process is gone: the samples so far stand
                    }
                }, "rss-sampler");
                sampler.setDaemon(true);
                try (LoadGenerator generator = new LoadGenerator(hcp.baseUrl(), load.connections(), Duration.ofSeconds(30),
                        ratings)) {
                    sampler.start();
                    if (!load.warmup().isZero()) {
                        generator.run(load.warmupRate(), load.warmup(), LoadGenerator.AnswerListener.NONE);
                    }
                    step = generator.run(load.rate(), load.duration(), LoadGenerator.AnswerListener.NONE);
                } finally {
                    sampler.interrupt();
                    sampler.join();
                }
                peak = maxSample.get();
            }
            long highWater = hcp.rss().peakKb();
            long stopping = System.nanoTime();
            int exit = hcp.stop(Duration.ofMinutes(2));
            return new Start(what, ready.startToReady().toMillis() / 1000.0, rest, peak, highWater, step, exit,
                    (System.nanoTime() - stopping) / 1e9);
        }
    }

    /** The baseline: {@link IdleJvm} with hcp run's heap, collector and flags, from start to its first line. */
    static Start idleJvm(Path home, String heap, Duration idle) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home")).resolve("bin/java").toString(),
                "-Xmx" + heap, "-XX:+UseG1GC"));
        cmd.addAll(HcpProcess.jvmOpens(home.resolve("pom.xml")));
        cmd.addAll(List.of("-cp", HcpProcess.currentClasspath(), IdleJvm.class.getName()));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals(IdleJvm.READY)) {
                // JVM warnings before the line
            }
            if (line == null) {
                throw new BenchFailure("the baseline JVM ended before it was up (exit " + p.waitFor() + ")");
            }
            double ready = (System.nanoTime() - started) / 1e9;
            Thread.sleep(idle.toMillis());
            HcpProcess.Rss rss = HcpProcess.rssOf(p.pid());
            return new Start("idle JVM, same heap and flags", ready, rss.residentKb(), 0, rss.peakKb(), null, null, 0);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static TextTable table(Start baseline, List<Start> runs) {
        TextTable t = new TextTable(List.of("start", "ready s", "RSS at rest MB", "peak under load MB", "VmHWM MB"),
                List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                        TextTable.Align.RIGHT));
        t.row(row("baseline: " + baseline.what(), baseline));
        for (int i = 0; i < runs.size(); i++) {
            t.row(row((i + 1) + ": " + runs.get(i).what(), runs.get(i)));
        }
        return t;
    }

    private static List<String> row(String label, Start s) {
        return List.of(label, String.format("%.2f", s.readySeconds()), String.format("%,d", s.restKb() / 1024),
                s.load() == null ? "" : String.format("%,d", s.peakUnderLoadKb() / 1024),
                String.format("%,d", s.highWaterKb() / 1024));
    }

    static Map<String, Object> toMap(Start s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", s.what());
        m.put("startToReadySeconds", round3(s.readySeconds()));
        m.put("restResidentMB", s.restKb() / 1024);
        m.put("highWaterMB", s.highWaterKb() / 1024);
        if (s.load() != null) {
            m.put("peakUnderLoadMB", s.peakUnderLoadKb() / 1024);
            m.put("load", s.load().toMap());
        }
        if (s.exitCode() != null) {
            m.put("exitCode", s.exitCode());
            m.put("stopSeconds", round3(s.stopSeconds()));
        }
        return m;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

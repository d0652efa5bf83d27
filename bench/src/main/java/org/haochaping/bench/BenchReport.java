package org.haochaping.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.haochaping.app.demo.TextTable;

/**
 * The pipeline bench's result: facts about the run (N, settings), the producer's and the chDB insert's rates, the
 * Flink runs (bare, discard, full at each parallelism), each full run's ratios to the baselines of the same run
 * and parallelism, the target, and where the full runs' time went. Rendered as a plain-text table and as a map
 * for {@link BenchResults}.
 */
public final class BenchReport {

    /** The target for the full job at this parallelism, on the 2-core reference machine. */
    public static final double TARGET_RATE = 150_000;
    public static final int TARGET_PARALLELISM = 2;

    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Measurement> info = new ArrayList<>();
    private Measurement insert;
    private final List<PipelineRun> runs = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    public BenchReport fact(String key, Object value) {
        facts.put(key, value);
        return this;
    }

    /** About the N ratings or the baselines, not about one run. */
    public BenchReport detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /** A rate shown for context (the producer), compared with nothing. */
    public BenchReport measurement(Measurement m) {
        info.add(m);
        return this;
    }

    /** The chDB insert baseline: every full run is compared with it. */
    public BenchReport insert(Measurement m) {
        insert = m;
        return this;
    }

    public BenchReport run(PipelineRun run) {
        runs.add(run);
        return this;
    }

    public List<PipelineRun> runs() {
        return List.copyOf(runs);
    }

    public Optional<PipelineRun> find(BenchOptions.Run kind, int parallelism) {
        return runs.stream().filter(r -> r.kind() == kind && r.parallelism() == parallelism).findFirst();
    }

    /** The baselines a full run is compared with, in column order: bare and discard of its parallelism, insert. */
    static final List<BenchOptions.Run> BASELINES = List.of(BenchOptions.Run.BARE, BenchOptions.Run.DISCARD,
            BenchOptions.Run.INSERT);

    /** Rate of the baseline {@code kind} a full run at {@code parallelism} is compared with, if measured. */
    Optional<Double> baselineRate(BenchOptions.Run kind, int parallelism) {
        if (kind == BenchOptions.Run.INSERT) {
            return Optional.ofNullable(insert).map(Measurement::rate);
        }
        return find(kind, parallelism).map(PipelineRun::rate);
    }

    /** Full-run key → baseline name (bare, discard, insert) → full rate / baseline rate; only measured pairs. */
    public Map<String, Map<String, Double>> ratios() {
        Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
        for (PipelineRun run : runs) {
            if (run.kind() != BenchOptions.Run.FULL) {
                continue;
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (BenchOptions.Run b : BASELINES) {
                baselineRate(b, run.parallelism()).ifPresent(rate -> row.put(b.option(), run.rate() / rate));
            }
            ratios.put(run.key(), row);
        }
        return ratios;
    }

    /** The title and the facts. */
    public String factsText() {
        StringBuilder out = new StringBuilder();
        out.append("haochaping bench pipeline — the rating job from a Kafka backlog into ClickHouse\n");
        facts.forEach((k, v) -> out.append(String.format("  %-22s %s%n", k, v)));
        return out.toString();
    }

    public String text() {
        StringBuilder out = new StringBuilder(factsText());
        out.append('\n');

        List<String> headers = new ArrayList<>(List.of("measurement", "records", "s from submission",
                "s from first record", "records/s"));
        List<TextTable.Align> aligns = new ArrayList<>(List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT));
        for (BenchOptions.Run b : BASELINES) {
            headers.add("full ÷ " + b.option());
            aligns.add(TextTable.Align.RIGHT);
        }
        TextTable table = new TextTable(headers, aligns);
        for (Measurement m : info) {
            table.row(measurementRow(m));
        }
        if (insert != null) {
            table.row(measurementRow(insert));
        }
        for (PipelineRun run : runs) {
            List<String> row = new ArrayList<>(List.of(run.label(), count(run.records()),
                    seconds(run.secondsFromSubmission()), seconds(run.secondsFromFirstRecord()),
                    count(Math.round(run.rate()))));
            Map<String, Double> ratios = ratios().getOrDefault(run.key(), Map.of());
            for (BenchOptions.Run b : BASELINES) {
                Double r = ratios.get(b.option());
                row.add(r == null ? "" : ratio(r));
            }
            table.row(row);
        }
        out.append(table.render("  "));
        out.append("  records/s = records ÷ s from first record. full ÷ X = the full job's records/s divided by baseline "
                + "X's,\n  X at the same parallelism (insert has none), all measured in this run.\n");
        target().ifPresent(t -> out.append("  ").append(t).append('\n'));

        if (!details.isEmpty()) {
            out.append('\n');
            details.forEach((k, v) -> out.append(String.format("  %-30s %s%n", k, v)));
        }
        for (PipelineRun run : runs) {
            out.append('\n').append(run.key()).append(": ").append(run.label()).append('\n');
            run.details().forEach((k, v) -> out.append(String.format("  %-30s %s%n", k, v)));
            if (run.kind() == BenchOptions.Run.FULL) {
                out.append(profileText(run));
            }
        }
        return out.toString();
    }

    /** The target line: the full job at the target parallelism against 150,000 ratings/s. */
    Optional<String> target() {
        return find(BenchOptions.Run.FULL, TARGET_PARALLELISM).map(run -> String.format(Locale.ROOT,
                "target ≥ %s ratings/s at parallelism %d: measured %s/s = %.1f%% of the target (%s)",
                count(Math.round(TARGET_RATE)), TARGET_PARALLELISM, count(Math.round(run.rate())),
                100 * run.rate() / TARGET_RATE, run.rate() >= TARGET_RATE ? "met" : "not met"));
    }

    private static List<String> measurementRow(Measurement m) {
        List<String> row = new ArrayList<>(List.of(m.label(), count(m.records()), "", seconds(m.seconds()),
                count(Math.round(m.rate()))));
        for (int i = 0; i < BASELINES.size(); i++) {
            row.add("");
        }
        return row;
    }

    private static String profileText(PipelineRun run) {
        StringBuilder out = new StringBuilder();
        if (!run.tasks().isEmpty()) {
            out.append("  where the tasks spent the time (first record → done, average over subtasks)\n");
            TextTable t = new TextTable(List.of("task (operator chain)", "subtasks", "busy", "back-pressured", "idle"),
                    List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                            TextTable.Align.RIGHT));
            for (TaskTimes.Share s : run.tasks()) {
                t.row(s.task(), String.valueOf(s.subtasks()), percent(s.busy()), percent(s.backPressured()),
                        percent(s.idle()));
            }
            out.append(t.render("  "));
        }
        ThreadCpu.Phase cpu = run.cpu();
        if (cpu != null) {
            out.append(String.format(Locale.ROOT, "  CPU (submission → done): %.1f s process CPU in %.1f s wall = %.2f "
                            + "of %d cores; GC %.2f s; other processes on the machine meanwhile: %.2f cores.%n"
                            + "  By thread (/proc names, at most 15 characters; chDB's threads are native, a JNA call "
                            + "counts for the calling Flink thread):%n",
                    cpu.processCpuSeconds(), cpu.wallSeconds(), cpu.coresUsed(),
                    Runtime.getRuntime().availableProcessors(), cpu.gcSeconds(),
                    cpu.otherProcessesCpuSeconds() / cpu.wallSeconds()));
            TextTable t = new TextTable(List.of("thread (group)", "CPU s", "share of process CPU"),
                    List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT));
            for (ThreadCpu.ThreadTime tt : cpu.topGroups(16)) {
                t.row(tt.name(), String.format(Locale.ROOT, "%.2f", tt.cpuSeconds()),
                        percent(tt.cpuSeconds() / cpu.processCpuSeconds()));
            }
            out.append(t.render("  "));
        }
        return out.toString();
    }

    /** The result for {@link BenchResults#write} (which adds the bench's name, time and machine). */
    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("facts", facts);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Measurement m : info) {
            ms.add(measurementMap(m, "info"));
        }
        if (insert != null) {
            ms.add(measurementMap(insert, "baseline"));
        }
        root.put("measurements", ms);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (PipelineRun run : runs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", run.key());
            e.put("kind", run.kind().option());
            e.put("role", run.kind() == BenchOptions.Run.FULL ? "job" : "baseline");
            e.put("label", run.label());
            e.put("parallelism", run.parallelism());
            e.put("records", run.records());
            e.put("secondsFromSubmission", round3(run.secondsFromSubmission()));
            e.put("secondsFromFirstRecord", round3(run.secondsFromFirstRecord()));
            e.put("recordsPerSecond", Math.round(run.rate()));
            e.put("recordsPerSecondFromSubmission", Math.round(run.rateFromSubmission()));
            e.put("details", run.details());
            e.put("tasks", run.tasks().stream().map(TaskTimes::toMap).toList());
            if (run.cpu() != null) {
                e.put("cpu", cpuMap(run.cpu()));
            }
            rs.add(e);
        }
        root.put("runs", rs);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios().forEach((job, row) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            row.forEach((b, v) -> r.put(b, Math.round(v * 10_000) / 10_000.0));
            ratios.put(job, r);
        });
        root.put("fullRatioToBaseline", ratios);
        find(BenchOptions.Run.FULL, TARGET_PARALLELISM).ifPresent(run -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("ratingsPerSecond", Math.round(TARGET_RATE));
            t.put("parallelism", TARGET_PARALLELISM);
            t.put("measured", Math.round(run.rate()));
            t.put("met", run.rate() >= TARGET_RATE);
            root.put("target", t);
        });
        root.put("details", details);
        return root;
    }

    private static Map<String, Object> measurementMap(Measurement m, String role) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", m.key());
        e.put("label", m.label());
        e.put("role", role);
        e.put("records", m.records());
        e.put("seconds", round3(m.seconds()));
        e.put("recordsPerSecond", Math.round(m.rate()));
        return e;
    }

    private static Map<String, Object> cpuMap(ThreadCpu.Phase phase) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("wallSeconds", round2(phase.wallSeconds()));
        cpu.put("processCpuSeconds", round2(phase.processCpuSeconds()));
        cpu.put("coresUsed", round2(phase.coresUsed()));
        cpu.put("threadCpuSeconds", round2(phase.threadCpuSeconds()));
        cpu.put("gcSeconds", round2(phase.gcSeconds()));
        cpu.put("otherProcessesCpuSeconds", round2(phase.otherProcessesCpuSeconds()));
        List<Map<String, Object>> threads = new ArrayList<>();
        for (ThreadCpu.ThreadTime tt : phase.topGroups(30)) {
            threads.add(Map.of("thread", tt.name(), "cpuSeconds", round2(tt.cpuSeconds())));
        }
        cpu.put("threads", threads);
        return cpu;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

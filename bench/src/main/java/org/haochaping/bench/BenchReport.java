package org.haochaping.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.haochaping.app.demo.TextTable;

/**
 * The bench's result: facts about the run (machine, JVM, N, parallelism, settings), the measurements with their
 * rates, the job's ratios to each baseline, and the job's profile. Rendered as a plain-text table and as JSON.
 */
public final class BenchReport {

    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> baselines = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<TaskTimes.Share> tasks = new ArrayList<>();
    private ThreadCpu.Phase jobCpu;

    public BenchReport fact(String key, Object value) {
        facts.put(key, value);
        return this;
    }

    public BenchReport detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public BenchReport measurement(Measurement m) {
        measurements.add(m);
        return this;
    }

    /** A measurement the job is compared against. */
    public BenchReport baseline(Measurement m) {
        measurements.add(m);
        baselines.add(m.key());
        return this;
    }

    /** A measurement of the job, compared against every baseline. */
    public BenchReport job(Measurement m) {
        measurements.add(m);
        jobs.add(m.key());
        return this;
    }

    public BenchReport tasks(List<TaskTimes.Share> shares) {
        tasks.clear();
        tasks.addAll(shares);
        return this;
    }

    public BenchReport jobCpu(ThreadCpu.Phase phase) {
        this.jobCpu = phase;
        return this;
    }

    public Measurement get(String key) {
        return measurements.stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measurement " + key));
    }

    /** job key → baseline key → job rate / baseline rate. */
    public Map<String, Map<String, Double>> ratios() {
        Map<String, Map<String, Double>> ratios = new LinkedHashMap<>();
        for (String job : jobs) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (String baseline : baselines) {
                row.put(baseline, get(job).ratioTo(get(baseline)));
            }
            ratios.put(job, row);
        }
        return ratios;
    }

    /** The title and the facts. */
    public String factsText() {
        StringBuilder out = new StringBuilder();
        out.append("haochaping bench — rating pipeline job throughput\n");
        facts.forEach((k, v) -> out.append(String.format("  %-22s %s%n", k, v)));
        return out.toString();
    }

    public String text() {
        StringBuilder out = new StringBuilder(factsText());
        out.append('\n');

        List<String> headers = new ArrayList<>(List.of("measurement", "records", "seconds", "records/s"));
        List<TextTable.Align> aligns = new ArrayList<>(List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.RIGHT));
        for (String b : baselines) {
            headers.add("job ÷ " + shortName(b));
            aligns.add(TextTable.Align.RIGHT);
        }
        TextTable table = new TextTable(headers, aligns);
        for (Measurement m : measurements) {
            List<String> row = new ArrayList<>(List.of(m.label(), count(m.records()), seconds(m.seconds()),
                    count(Math.round(m.rate()))));
            for (String b : baselines) {
                row.add(jobs.contains(m.key()) ? ratio(m.ratioTo(get(b))) : "");
            }
            table.row(row);
        }
        out.append(table.render("  "));
        out.append("  (job ÷ X = the job's records/s divided by baseline X's, measured in this run)\n");

        if (!details.isEmpty()) {
            out.append("\njob details\n");
            details.forEach((k, v) -> out.append(String.format("  %-30s %s%n", k, v)));
        }
        if (!tasks.isEmpty()) {
            out.append("\nwhere the job's tasks spent the time (first record → done, average over subtasks)\n");
            TextTable t = new TextTable(List.of("task (operator chain)", "subtasks", "busy", "back-pressured", "idle"),
                    List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                            TextTable.Align.RIGHT));
            for (TaskTimes.Share s : tasks) {
                t.row(s.task(), String.valueOf(s.subtasks()), percent(s.busy()), percent(s.backPressured()),
                        percent(s.idle()));
            }
            out.append(t.render("  "));
        }
        if (jobCpu != null) {
            out.append(String.format(Locale.ROOT, "%njob CPU (submission → done): %.1f s process CPU in %.1f s wall = %.2f of "
                            + "%d cores; GC %.2f s; other processes on the machine meanwhile: %.2f cores.%n"
                            + "By thread (/proc names, at most 15 characters; chDB's threads are native, a JNA call "
                            + "counts for the calling Flink thread):%n",
                    jobCpu.processCpuSeconds(), jobCpu.wallSeconds(), jobCpu.coresUsed(),
                    Runtime.getRuntime().availableProcessors(), jobCpu.gcSeconds(),
                    jobCpu.otherProcessesCpuSeconds() / jobCpu.wallSeconds()));
            TextTable t = new TextTable(List.of("thread (group)", "CPU s", "share of process CPU"),
                    List.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT));
            for (ThreadCpu.ThreadTime tt : jobCpu.topGroups(16)) {
                t.row(tt.name(), String.format(Locale.ROOT, "%.2f", tt.cpuSeconds()),
                        percent(tt.cpuSeconds() / jobCpu.processCpuSeconds()));
            }
            out.append(t.render("  "));
        }
        return out.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("bench", "job-throughput");
        root.put("facts", facts);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Measurement m : measurements) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", m.key());
            e.put("label", m.label());
            e.put("records", m.records());
            e.put("seconds", Math.round(m.seconds() * 1000) / 1000.0);
            e.put("recordsPerSecond", Math.round(m.rate()));
            e.put("role", baselines.contains(m.key()) ? "baseline" : jobs.contains(m.key()) ? "job" : "info");
            ms.add(e);
        }
        root.put("measurements", ms);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios().forEach((job, row) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            row.forEach((b, v) -> r.put(b, Math.round(v * 10_000) / 10_000.0));
            ratios.put(job, r);
        });
        root.put("jobRatioToBaseline", ratios);
        root.put("jobDetails", details);
        root.put("tasks", tasks.stream().map(TaskTimes::toMap).toList());
        if (jobCpu != null) {
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("wallSeconds", round2(jobCpu.wallSeconds()));
            cpu.put("processCpuSeconds", round2(jobCpu.processCpuSeconds()));
            cpu.put("coresUsed", round2(jobCpu.coresUsed()));
            cpu.put("threadCpuSeconds", round2(jobCpu.threadCpuSeconds()));
            cpu.put("gcSeconds", round2(jobCpu.gcSeconds()));
            cpu.put("otherProcessesCpuSeconds", round2(jobCpu.otherProcessesCpuSeconds()));
            List<Map<String, Object>> threads = new ArrayList<>();
            for (ThreadCpu.ThreadTime tt : jobCpu.topGroups(30)) {
                threads.add(Map.of("thread", tt.name(), "cpuSeconds", round2(tt.cpuSeconds())));
            }
            cpu.put("threads", threads);
            root.put("jobCpu", cpu);
        }
        return root;
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
    }

    static String shortName(String key) {
        return switch (key) {
            case "baselineA" -> "A";
            case "baselineB" -> "B";
            default -> key;
        };
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
}

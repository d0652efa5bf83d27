package org.haochaping.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A cheap in-process profile of one phase: process CPU, GC time, and the CPU time of every thread of the
 * process between two snapshots, read from {@code /proc/self/task} so that native threads count too (chDB's
 * pools, the JIT compilers, the GC). Linux names threads with at most 15 characters: Flink task threads show
 * as e.g. {@code dedup-ratings -}, chDB's as e.g. {@code MergeMutate}, the JIT's as {@code C2 CompilerThre}.
 */
public final class ThreadCpu {

    /** Linux's USER_HZ: /proc reports CPU times in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds a thread (or group of threads) used during the phase. */
    public record ThreadTime(String name, double cpuSeconds) {}

    private final long wallNanos;
    private final long processCpuNanos;
    private final long gcMillis;
    /** CPU ticks of the whole machine (all processes, user + system + irq + steal), -1 when unknown. */
    private final long machineBusyTicks;
    /** tid → (name, CPU seconds so far) */
    private final Map<Long, ThreadTime> threads;

    private ThreadCpu(long wallNanos, long processCpuNanos, long gcMillis, long machineBusyTicks,
                      Map<Long, ThreadTime> threads) {
        this.wallNanos = wallNanos;
        this.processCpuNanos = processCpuNanos;
        this.gcMillis = gcMillis;
        this.machineBusyTicks = machineBusyTicks;
        this.threads = threads;
    }

    public static ThreadCpu snapshot() {
        long gc = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, bean.getCollectionTime());
        }
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new ThreadCpu(System.nanoTime(), process, gc, machineBusyTicks(), procThreads(Path.of("/proc/self/task")));
    }

    /**
     * The same for another process of this machine (e.g. a child {@code hcp run}), all from /proc: its GC time
     * is not known from outside (0; the GC threads are in the thread list).
     *
     * @throws IOException when the process is gone
     */
    public static ThreadCpu snapshotOf(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        ThreadTime process = parseStat(Files.readString(proc.resolve("stat")));
        long processNanos = process == null ? -1 : Math.round(process.cpuSeconds() * 1e9);
        return new ThreadCpu(System.nanoTime(), processNanos, 0, machineBusyTicks(), procThreads(proc.resolve("task")));
    }

    /** First line of /proc/stat: {@code cpu user nice system idle iowait irq softirq steal …}; busy = all but idle, iowait. */
    private static long machineBusyTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseBusyTicks(first);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseBusyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    private static Map<Long, ThreadTime> procThreads(Path taskDir) {
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(taskDir)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    ThreadTime t = parseStat(Files.readString(task.resolve("stat")));
                    if (t != null) {
                        threads.put(Long.parseLong(task.getFileName().toString()), t);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux: process totals only
        }
        return threads;
    }

    /** {@code tid (comm) state ppid …}: utime and stime are fields 14 and 15; comm may hold blanks and ')'. */
    static ThreadTime parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String name = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state), so field k is f[k - 3]
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return new ThreadTime(name, ticks / TICKS_PER_SECOND);
    }

    /** What happened between {@code before} and this snapshot. */
    public Phase since(ThreadCpu before) {
        List<ThreadTime> used = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<Long, ThreadTime> e : threads.entrySet()) {
            ThreadTime earlier = before.threads.get(e.getKey());
            double cpu = e.getValue().cpuSeconds() - (earlier == null ? 0 : earlier.cpuSeconds());
            if (cpu > 0) {
                used.add(new ThreadTime(e.getValue().name(), cpu));
                sum += cpu;
            }
        }
        used.sort(Comparator.comparingDouble(ThreadTime::cpuSeconds).reversed());
        double wall = (wallNanos - before.wallNanos) / 1e9;
        double process = processCpuNanos < 0 ? -1 : (processCpuNanos - before.processCpuNanos) / 1e9;
        double machine = machineBusyTicks < 0 || before.machineBusyTicks < 0 ? -1
                : (machineBusyTicks - before.machineBusyTicks) / TICKS_PER_SECOND;
        return new Phase(wall, process, sum, (gcMillis - before.gcMillis) / 1e3,
                machine < 0 || process < 0 ? -1 : Math.max(0, machine - process), used);
    }

    /**
     * @param processCpuSeconds CPU of the whole process (all cores), -1 when unknown
     * @param threadCpuSeconds sum over the threads alive at the end of the phase (threads that ended are missing)
     * @param gcSeconds GC pause and collection time the JVM reports
     * @param otherProcessesCpuSeconds CPU the rest of the machine used meanwhile (other processes), -1 when unknown
     */
    public record Phase(double wallSeconds, double processCpuSeconds, double threadCpuSeconds, double gcSeconds,
                        double otherProcessesCpuSeconds, List<ThreadTime> threads) {

        /** Average cores busy: process CPU / wall time. */
        public double coresUsed() {
            return processCpuSeconds < 0 || wallSeconds <= 0 ? -1 : processCpuSeconds / wallSeconds;
        }

        /** Threads grouped by name without pool numbers, top {@code n}. */
        public List<ThreadTime> topGroups(int n) {
            Map<String, Double> groups = new HashMap<>();
            for (ThreadTime t : threads) {
                groups.merge(groupName(t.name()), t.cpuSeconds(), Double::sum);
            }
            return groups.entrySet().stream()
                    .map(e -> new ThreadTime(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingDouble(ThreadTime::cpuSeconds).reversed())
                    .limit(n)
                    .toList();
        }

        /** "GC Thread#1" → "GC Thread#N", "C2 CompilerThre" stays, "kafka-producer-" stays, "Flink-Metric-3" → "Flink-Metric-N". */
        static String groupName(String thread) {
            return thread.replaceAll("#\\d+$", "#N").replaceAll("([-_ ])\\d+$", "$1N").replaceAll("(\\D)\\d+$", "$1N");
        }
    }
}

package org.haochaping.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cheap in-process profile of one phase: process CPU, GC time, and the CPU time of each Java thread between
 * two snapshots. chDB's own worker threads are native, not Java threads: their CPU shows only in the process
 * total (process CPU minus the sum over Java threads).
 */
public final class ThreadCpu {

    /** CPU seconds a thread used during the phase. */
    public record ThreadTime(String name, double cpuSeconds) {}

    private final long wallNanos;
    private final long processCpuNanos;
    private final long gcMillis;
    private final Map<Long, ThreadTime> threads;

    private ThreadCpu(long wallNanos, long processCpuNanos, long gcMillis, Map<Long, ThreadTime> threads) {
        this.wallNanos = wallNanos;
        this.processCpuNanos = processCpuNanos;
        this.gcMillis = gcMillis;
        this.threads = threads;
    }

    public static ThreadCpu snapshot() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadTime> threads = new HashMap<>();
        if (mx.isThreadCpuTimeSupported()) {
            if (!mx.isThreadCpuTimeEnabled()) {
                mx.setThreadCpuTimeEnabled(true);
            }
            long[] ids = mx.getAllThreadIds();
            ThreadInfo[] infos = mx.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                long cpu = mx.getThreadCpuTime(ids[i]);
                if (infos[i] != null && cpu >= 0) {
                    threads.put(ids[i], new ThreadTime(infos[i].getThreadName(), cpu / 1e9));
                }
            }
        }
        long gc = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, bean.getCollectionTime());
        }
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new ThreadCpu(System.nanoTime(), process, gc, threads);
    }

    /** What happened between {@code before} and this snapshot. */
    public Phase since(ThreadCpu before) {
        List<ThreadTime> used = new ArrayList<>();
        double javaThreads = 0;
        for (Map.Entry<Long, ThreadTime> e : threads.entrySet()) {
            ThreadTime earlier = before.threads.get(e.getKey());
            double cpu = e.getValue().cpuSeconds() - (earlier == null ? 0 : earlier.cpuSeconds());
            if (cpu > 0) {
                used.add(new ThreadTime(e.getValue().name(), cpu));
                javaThreads += cpu;
            }
        }
        used.sort(Comparator.comparingDouble(ThreadTime::cpuSeconds).reversed());
        double wall = (wallNanos - before.wallNanos) / 1e9;
        double process = processCpuNanos < 0 ? -1 : (processCpuNanos - before.processCpuNanos) / 1e9;
        return new Phase(wall, process, javaThreads, (gcMillis - before.gcMillis) / 1e3, used);
    }

    /**
     * @param processCpuSeconds CPU of the whole process (all cores), -1 when unknown
     * @param javaThreadCpuSeconds sum over the Java threads alive at the end of the phase
     */
    public record Phase(double wallSeconds, double processCpuSeconds, double javaThreadCpuSeconds, double gcSeconds,
                        List<ThreadTime> threads) {

        /** Average cores busy: process CPU / wall time. */
        public double coresUsed() {
            return processCpuSeconds < 0 || wallSeconds <= 0 ? -1 : processCpuSeconds / wallSeconds;
        }

        /** Threads grouped by name without the subtask / attempt suffix ("… (1/2)#0"), top {@code n}. */
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

        static String groupName(String thread) {
            String name = thread.replaceAll(" \\(\\d+/\\d+\\)(#\\d+)?$", "");
            // numbered pools: "kafka-producer-network-thread | bench-producer", "Flink-Metric-View-Updater-thread-1"
            return name.replaceAll("-\\d+$", "-N").replaceAll("#\\d+$", "");
        }
    }
}

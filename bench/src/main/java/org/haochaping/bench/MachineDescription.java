package org.haochaping.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a result was measured on: CPU, cores, memory, OS, JVM and how busy the machine was at the start. */
public final class MachineDescription {

    private MachineDescription() {}

    public static Map<String, Object> collect() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel(readLines(Path.of("/proc/cpuinfo"))));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryMB", memTotalKb(readLines(Path.of("/proc/meminfo"))) / 1024);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("benchXmxMB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("loadAverage1m", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100)
                / 100.0);
        return m;
    }

    /** One line for a printed table's header. */
    public static String line(Map<String, Object> m) {
        return String.format(Locale.ROOT, "%s, %s cores, %s MB, %s, %s, load %s", m.get("cpu"), m.get("cores"),
                m.get("memoryMB"), m.get("os"), m.get("jvm"), m.get("loadAverage1m"));
    }

    static String cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                return colon < 0 ? "unknown" : line.substring(colon + 1).strip();
            }
        }
        return "unknown";
    }

    static long memTotalKb(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}

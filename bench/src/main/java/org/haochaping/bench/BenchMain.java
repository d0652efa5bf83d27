package org.haochaping.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./hcp bench <name> [options]}: picks one benchmark by name. Every benchmark prints a table and writes
 * its JSON (with the machine's description) to {@code bench/results/<name>.json}; see bench/README.md.
 */
public final class BenchMain {

    /** One benchmark: parses its own options, runs, returns the process exit code (0 ok, 1 failed, 2 usage). */
    @FunctionalInterface
    public interface Bench {
        int run(String[] args, Path home) throws Exception;
    }

    private record Entry(String summary, Bench bench) {}

    private static final Map<String, Entry> BENCHES = new LinkedHashMap<>();

    static {
        BENCHES.put("edge", new Entry("signed ratings to a real hcp run at stepped rates, beside a raw Kafka producer",
                EdgeBench::run));
        BENCHES.put("pipeline", new Entry("the rating job from a Kafka backlog into ClickHouse at parallelism 1 and 2, "
                + "beside baselines", JobThroughputBench::run));
        BENCHES.put("freshness", new Entry("from the edge's 202 to the rating visible in the minute table, at a "
                + "steady 2,000/s", FreshnessBench::run));
        BENCHES.put("queries", new Entry("every dashboard query and the monthly evaluation over 10M generated ratings",
                QueryBench::run));
        BENCHES.put("footprint", new Entry("hcp run: start to ready, resident memory at rest and under the edge load",
                FootprintBench::run));
    }

    private BenchMain() {}

    public static String usage() {
        StringBuilder out = new StringBuilder("usage: ./hcp bench <name> [options]   (./hcp bench <name> --help)\n");
        BENCHES.forEach((name, e) -> out.append(String.format("  %-10s %s%n", name, e.summary())));
        return out.toString();
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("hcp.home", ".")).toAbsolutePath().normalize();
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.print(usage());
            System.exit(args.length == 0 ? 2 : 0);
        }
        Entry entry = BENCHES.get(args[0]);
        if (entry == null) {
            System.err.println("bench: unknown benchmark '" + args[0] + "'");
            System.err.print(usage());
            System.exit(2);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        int code;
        try {
            code = entry.bench().run(rest, home);
        } catch (BenchFailure e) {
            System.err.println("\nbench FAILED: " + e.getMessage());
            code = 1;
        } catch (Throwable e) {
            System.err.println("\nbench FAILED: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }
}

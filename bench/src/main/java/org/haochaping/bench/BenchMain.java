package org.haochaping.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./hcp bench <name> [options]}: picks one benchmark by name. Every benchmark prints a table and writes
 * its JSON (with the machine's description) to {@code bench/results/<name>.json}; see bench/README.md.
 */
public final class BenchMain {

    /**
     * One benchmark: parses its own options (through {@link #options}), runs, returns the exit code (0 ok, 1
     * failed). {@code --help} never reaches it.
     */
    @FunctionalInterface
    public interface Bench {
        int run(String[] args, Path home) throws Exception;
    }

    private record Entry(String summary, String usage, Bench bench) {}

    /** A mistake in a benchmark's options: BenchMain prints it with the benchmark's usage and exits 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parses a benchmark's options; whatever the parser refuses becomes a {@link UsageException}. */
    static <T> T options(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static final Map<String, Entry> BENCHES = new LinkedHashMap<>();

    static {
        BENCHES.put("edge", new Entry("signed ratings to a real hcp run at stepped rates, beside a raw Kafka producer",
                EdgeBench.USAGE, EdgeBench::run));
        BENCHES.put("pipeline", new Entry("the rating job from a Kafka backlog into ClickHouse at parallelism 1 and 2, "
                + "beside baselines", BenchOptions.USAGE, JobThroughputBench::run));
        BENCHES.put("freshness", new Entry("from the edge's 202 to the rating visible in the minute table, at a "
                + "steady 2,000/s", FreshnessBench.USAGE, FreshnessBench::run));
        BENCHES.put("queries", new Entry("every dashboard query and the monthly evaluation over 10M generated ratings",
                QueryBenchOptions.USAGE, QueryBench::run));
        BENCHES.put("footprint", new Entry("hcp run: start to ready, resident memory at rest and under the edge load",
                FootprintBench.USAGE, FootprintBench::run));
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
        if (List.of(rest).contains("--help") || List.of(rest).contains("-h")) {
            System.out.println(entry.usage());
            System.exit(0);
        }
        int code;
        try {
            code = entry.bench().run(rest, home);
        } catch (UsageException e) {
            System.err.println("bench " + args[0] + ": " + e.getMessage());
            System.err.println(entry.usage());
            code = 2;
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

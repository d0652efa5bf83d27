package org.haochaping.bench.process;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded runtime ({@code hcp run}) as a child process on a data folder, for the benchmarks and fault
 * tests that must see it from outside: its own JVM, its own resident memory, killable with SIGKILL.
 *
 * <p>It runs with a generated configuration ({@code <data>/bench-hcp.yaml}): HTTP and console on any free
 * port of 127.0.0.1 (port 0), the data folder, and one evaluator device ({@value #DEVICE_ID}) with a random secret. Its standard
 * output and error go to {@code <data>/hcp-process.log} (appended across restarts), its own log to
 * {@code <data>/hcp.log} as for any {@code hcp run}.
 *
 * <p>Ready means: the runtime logged {@code haochaping running: …} — which it does only once Flink reports the
 * rating job {@code RUNNING} (EmbeddedRuntime waits for it) — and {@code GET /health} answers 200 (Kafka
 * answers). The same line names the ports the edge and console got and the embedded broker's address.
 */
public final class HcpProcess implements AutoCloseable {

    public static final String DEVICE_ID = "bench-evaluator";
    public static final String DEFAULT_HEAP = "1g";
    static final String CONFIG_FILE = "bench-hcp.yaml";
    static final String OUTPUT_FILE = "hcp-process.log";
    static final String RUNTIME_LOG = "hcp.log";
    private static final Pattern RUNNING_LINE = Pattern.compile("haochaping running: HTTP (\\S+), console (\\S+), Kafka (\\S+), data");
    private static final String MAIN_CLASS = "org.haochaping.app.Hcp";

    /** How the child is started. */
    public enum Launch {
        /** {@code <home>/hcp run --config FILE}: the user's own command (the script execs the JVM, same pid) */
        SCRIPT,
        /** {@code java … org.haochaping.app.Hcp run --config FILE} with this JVM's classpath and ./hcp's flags */
        CLASSPATH
    }

    /**
     * @param home the project folder (./hcp, pom.xml, app's log4j2.xml)
     * @param data the data folder; created if missing, kept as it is otherwise (a restart resumes on it)
     * @param heap -Xmx of the child ({@code HCP_HEAP} for the script); null = ./hcp run's default ({@value #DEFAULT_HEAP})
     * @param extraConfig further configuration keys, e.g. {@code flink.checkpointInterval=1s}, written into the YAML
     */
    public record Settings(Path home, Path data, Launch launch, String heap, Map<String, String> extraConfig) {
        public Settings {
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(launch, "launch");
            extraConfig = Map.copyOf(extraConfig);
        }

        public String effectiveHeap() {
            return heap != null ? heap : DEFAULT_HEAP;
        }
    }

    /** Resident memory of a process from /proc: now and its peak (high-water mark), in kB. */
    public record Rss(long residentKb, long peakKb) {}

    /** What the runtime reported once ready. */
    public record Ready(Duration startToReady, String baseUrl, String consoleUrl, String kafkaBootstrap) {}

    private final Settings settings;
    private final String deviceSecret;
    private final Path output;
    private final long logOffset;
    private final long startedNanos;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Ready ready;

    private HcpProcess(Settings settings, String deviceSecret) throws IOException {
        this.settings = settings;
        this.deviceSecret = deviceSecret;
        Path data = settings.data().toAbsolutePath();
        Files.createDirectories(data.resolve("tmp"));
        this.output = data.resolve(OUTPUT_FILE);
        Path runtimeLog = data.resolve(RUNTIME_LOG);
        this.logOffset = Files.exists(runtimeLog) ? Files.size(runtimeLog) : 0;
        Path config = data.resolve(CONFIG_FILE);
        Files.writeString(config, yaml(data, deviceSecret, settings.extraConfig()));
        ProcessBuilder builder = new ProcessBuilder(command(settings, config))
                .directory(settings.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                // chDB reads waiting stdin as data of an INSERT: give it nothing to read
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment(settings, builder.environment());
        Files.writeString(output, "---- bench: starting hcp run (" + settings.launch().name().toLowerCase() + ", "
                        + settings.effectiveHeap() + ") on " + data + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        this.startedNanos = System.nanoTime();
        this.process = builder.start();
    }

    /** Starts the child; it is not ready yet ({@link #awaitReady}). A restart on the same data keeps its secret. */
    public static HcpProcess start(Settings settings) throws IOException {
        Path data = settings.data().toAbsolutePath();
        Files.createDirectories(data);
        Path secretFile = data.resolve("bench-device.secret");
        String secret;
        if (Files.exists(secretFile)) {
            secret = Files.readString(secretFile).strip();
        } else {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            secret = HexFormat.of().formatHex(random);
            Files.writeString(secretFile, secret);
        }
        return new HcpProcess(settings, secret);
    }

    static String yaml(Path data, String secret, Map<String, String> extra) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("dataDir", data.toString());
        keys.put("bindAddress", "127.0.0.1");
        // any free ports, chosen by the runtime when it binds (a port picked here could be taken by then);
        // the running line tells which
        keys.put("http.port", "0");
        keys.put("console.port", "0");
        keys.put("security.devices." + DEVICE_ID, secret);
        keys.putAll(extra);
        // dotted keys as nested YAML maps
        Map<String, Object> tree = new java.util.LinkedHashMap<>();
        keys.forEach((key, value) -> {
            Map<String, Object> node = tree;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i],
                        k -> new java.util.LinkedHashMap<String, Object>());
                node = child;
            }
            node.put(parts[parts.length - 1], value);
        });
        StringBuilder y = new StringBuilder("# written by the bench (HcpProcess) for one start of hcp run\n");
        render(tree, 0, y);
        return y.toString();
    }

    private static void render(Map<String, Object> node, int depth, StringBuilder y) {
        node.forEach((key, value) -> {
            y.append("  ".repeat(depth)).append(key).append(':');
            if (value instanceof Map<?, ?> child) {
                y.append('\n');
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) child;
                render(map, depth + 1, y);
            } else {
                y.append(" \"").append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            }
        });
    }

    private static List<String> command(Settings settings, Path config) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (settings.launch() == Launch.SCRIPT) {
            cmd.add(settings.home().resolve("hcp").toString());
        } else {
            Path javaHome = Path.of(System.getProperty("java.home"));
            Path home = settings.home();
            cmd.add(javaHome.resolve("bin/java").toString());
            cmd.add("-Xmx" + settings.effectiveHeap());
            cmd.add("-XX:+UseG1GC");
            cmd.addAll(jvmOpens(home.resolve("pom.xml")));
            cmd.add("-Djava.io.tmpdir=" + settings.data().toAbsolutePath().resolve("tmp"));
            cmd.add("-Dlog4j2.configurationFile=" + home.resolve("app/src/main/resources/log4j2.xml"));
            cmd.add("-Dlog4j2.shutdownHookEnabled=false");
            cmd.add("-Dhcp.home=" + home);
            cmd.add("-cp");
            cmd.add(currentClasspath());
            cmd.add(MAIN_CLASS);
        }
        cmd.add("run");
        cmd.add("--config");
        cmd.add(config.toString());
        return cmd;
    }

    private static void environment(Settings settings, Map<String, String> env) {
        if (settings.launch() == Launch.SCRIPT) {
            // ./hcp sets its own LD_PRELOAD and HCP_CHDB_LIBRARY, as in a user's shell
            env.remove("LD_PRELOAD");
            if (settings.heap() != null) {
                env.put("HCP_HEAP", settings.heap());
            } else {
                env.remove("HCP_HEAP");
            }
        } else {
            // what ./hcp does: libjsig chains the JVM's signal handlers with chDB's
            env.put("LD_PRELOAD", Path.of(System.getProperty("java.home")).resolve("lib/libjsig.so").toString());
            env.computeIfAbsent("HCP_CHDB_LIBRARY", k -> Path.of(System.getProperty("user.home"))
                    .resolve(".cache/haochaping/chdb/26.5.3/libchdb.so").toString());
        }
    }

    /** The {@code --add-opens} of {@code <hcp.jvm.opens>} in pom.xml, read as ./hcp reads them. */
    public static List<String> jvmOpens(Path pom) throws IOException {
        Matcher m = Pattern.compile("<hcp.jvm.opens>(.*)</hcp.jvm.opens>").matcher(Files.readString(pom));
        if (!m.find()) {
            throw new IllegalStateException("no <hcp.jvm.opens> in " + pom);
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** This JVM's classpath; in a surefire fork the real one is in surefire.test.class.path (java.class.path is its booter jar). */
    public static String currentClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * Waits until the runtime logged that it runs (the job included) and /health answers 200.
     *
     * @return the time from starting the process to ready
     * @throws IllegalStateException when the process ends or the timeout passes first (with the output's tail)
     */
    public Ready awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = startedNanos + timeout.toNanos();
        Matcher running = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hcp run ended with exit code " + process.exitValue()
                        + " before it was ready; its output ends:\n" + tail(output, 20));
            }
            if (running == null) {
                running = findRunningLine();
            }
            if (running != null && healthy(running.group(1))) {
                Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
                ready = new Ready(took, running.group(1), running.group(2), running.group(3));
                return ready;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("hcp run not ready after " + timeout + " (running line "
                        + (running != null ? "seen" : "not seen") + "); its output ends:\n" + tail(output, 20));
            }
            Thread.sleep(20);
        }
    }

    private Matcher findRunningLine() throws IOException {
        Path log = settings.data().toAbsolutePath().resolve(RUNTIME_LOG);
        if (!Files.exists(log)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            if (f.length() <= logOffset) {
                return null;
            }
            f.seek(logOffset);
            byte[] bytes = new byte[(int) (f.length() - logOffset)];
            f.readFully(bytes);
            Matcher m = RUNNING_LINE.matcher(new String(bytes, StandardCharsets.UTF_8));
            return m.find() ? m : null;
        }
    }

    private boolean healthy(String baseUrl) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Resident memory from {@code /proc/<pid>/status} (VmRSS, VmHWM). */
    public Rss rss() throws IOException {
        return rssOf(pid());
    }

    /** Resident memory of any process of this machine. */
    public static Rss rssOf(long pid) throws IOException {
        return parseRss(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    }

    static Rss parseRss(List<String> status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kilobytes(line);
            }
        }
        if (rss < 0 || hwm < 0) {
            throw new IllegalStateException("no VmRSS/VmHWM in /proc status");
        }
        return new Rss(rss, hwm);
    }

    private static long kilobytes(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }

    /**
     * Stops as Ctrl+C or a service manager does (SIGTERM) and waits for the runtime to close.
     *
     * @return the exit code
     * @throws IllegalStateException when it is still running after the timeout (it is then killed)
     */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("hcp run did not stop within " + timeout + " of SIGTERM; killed");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, no checkpoint; waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The edge's address, e.g. {@code http://127.0.0.1:40123}, once ready. */
    public String baseUrl() {
        return ready().baseUrl();
    }

    /** The embedded broker's address, once ready. */
    public String kafkaBootstrap() {
        return ready().kafkaBootstrap();
    }

    private Ready ready() {
        if (ready == null) {
            throw new IllegalStateException("hcp run is not ready yet (awaitReady)");
        }
        return ready;
    }

    public String deviceId() {
        return DEVICE_ID;
    }

    public String deviceSecret() {
        return deviceSecret;
    }

    public Settings settings() {
        return settings;
    }

    /** The child's standard output and error. */
    public Path output() {
        return output;
    }

    /** Stops the child if it still runs (SIGTERM, then SIGKILL after a minute). */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (IllegalStateException e) {
                // killed after the timeout: nothing more to do
            }
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

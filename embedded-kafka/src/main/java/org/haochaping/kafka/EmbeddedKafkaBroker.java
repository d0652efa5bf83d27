package org.haochaping.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one node acting as broker and controller) inside this JVM.
 *
 * <ul>
 *   <li>Every listener (the clients' {@code PLAINTEXT} one and the {@code CONTROLLER} one) binds to
 *       the given host only, 127.0.0.1 by default.</li>
 *   <li>Storage lives under {@code dataDir}; it is formatted on first start only, so starting again
 *       on the same folder keeps the cluster id, topics, records and committed group offsets.</li>
 *   <li>Port 0 picks free ports. The chosen ports are remembered in {@code dataDir/ports.properties}
 *       and reused on the next start when still free; otherwise new ones are picked (the quorum is
 *       a static one-voter quorum, which tolerates a new controller port). Ask
 *       {@link #bootstrapServers()} after every start.</li>
 *   <li>{@link #start} returns once the broker is registered, unfenced and {@code __consumer_offsets}
 *       exists with a loaded group coordinator.</li>
 * </ul>
 * Single-node defaults: replication factor 1 everywhere, 1 partition per new topic unless told,
 * no topic auto-creation, no initial rebalance delay. Any broker property may be overridden with
 * {@link #start(Path, String, int, Map)}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Listener name of the clients' listener. */
    public static final String BROKER_LISTENER = "PLAINTEXT";
    /** Listener name of the KRaft controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String LOG_DIR = "kafka-logs";
    private static final String PORTS_FILE = "ports.properties";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    private static final String GROUP_METADATA_TOPIC = "__consumer_offsets";
    private static final String WARMUP_GROUP = "embedded-kafka-warmup";
    /** Properties that define the node, its listeners and storage: not overridable. */
    private static final Set<String> FIXED_PROPERTIES = Set.of(
        "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
        "listeners", "advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
        "listener.security.protocol.map", "log.dirs", "log.dir", "metadata.log.dir");

    private final Path dataDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final KafkaRaftServer server;
    private final Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(Path dataDir, String host, int port, int controllerPort, String clusterId,
                                KafkaRaftServer server, Admin admin) {
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.server = server;
        this.admin = admin;
    }

    /** Starts a broker on 127.0.0.1 with free (or previously used) ports. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, DEFAULT_HOST, 0);
    }

    /**
     * Starts a broker whose listeners bind to {@code host} only.
     *
     * @param port the clients' port; 0 = the port used last time on this folder if free, else any
     *             free port. The controller port is always chosen that way.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, String host, int port) {
        return start(dataDir, host, port, Map.of());
    }

    /**
     * Like {@link #start(Path, String, int)}, with extra or overriding broker properties (e.g.
     * {@code log.retention.hours}, {@code log.flush.interval.messages}). The node, listener, quorum
     * and storage-location properties cannot be overridden ({@link IllegalArgumentException}).
     */
    public static EmbeddedKafkaBroker start(Path dataDir, String host, int port, Map<String, ?> overrides) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(overrides, "overrides");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        for (String key : overrides.keySet()) {
            if (FIXED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException(key + " is set by EmbeddedKafkaBroker and cannot be overridden");
            }
        }
        long startNanos = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        Path logDir = dir.resolve(LOG_DIR);
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        if (port != 0 && !isFree(host, port)) {
            throw new IllegalStateException("cannot start Kafka: " + host + ":" + port + " is already in use");
        }
        Properties savedPorts = readProperties(dir.resolve(PORTS_FILE));
        for (int attempt = 1; ; attempt++) {
            int brokerPort = port != 0 ? port
                : reuseOrPickPort(host, savedPorts.getProperty("broker.port"), -1);
            int ctlPort = reuseOrPickPort(host, savedPorts.getProperty("controller.port"), brokerPort);
            try {
                EmbeddedKafkaBroker broker = startOnce(dir, logDir, host, brokerPort, ctlPort, overrides);
                LOG.info("Kafka broker ready at {} (controller {}:{}, cluster {}, data {}) in {} ms",
                    broker.bootstrapServers(), host, ctlPort, broker.clusterId, dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                return broker;
            } catch (RuntimeException e) {
                // a port found free a moment ago was taken meanwhile: try again with fresh ones
                if (!isBindFailure(e) || attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("cannot start Kafka on " + host + ":" + brokerPort
                        + " (controller port " + ctlPort + ") with data in " + dir, e);
                }
                LOG.warn("Kafka could not bind {}:{} / {}:{} (attempt {}), retrying with other ports",
                    host, brokerPort, host, ctlPort, attempt);
                savedPorts = new Properties();
            }
        }
    }

    private static EmbeddedKafkaBroker startOnce(Path dir, Path logDir, String host, int brokerPort, int ctlPort,
                                                 Map<String, ?> overrides) {
        Map<String, Object> props = brokerProperties(logDir, host, brokerPort, ctlPort);
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        String clusterId = formatIfNeeded(config, logDir);
        writePorts(dir.resolve(PORTS_FILE), host, brokerPort, ctlPort);

        long t0 = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        Admin admin = null;
        try {
            server.startup();
            long t1 = System.nanoTime();
            admin = Admin.create(adminConfig(hostForUrl(host) + ":" + brokerPort));
            awaitReady(admin, hostForUrl(host) + ":" + brokerPort);
            LOG.debug("KafkaRaftServer startup {} ms, readiness (registration, __consumer_offsets) {} ms",
                TimeUnit.NANOSECONDS.toMillis(t1 - t0), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
            return new EmbeddedKafkaBroker(dir, host, brokerPort, ctlPort, clusterId, server, admin);
        } catch (RuntimeException | Error e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Map<String, Object> brokerProperties(Path logDir, String host, int brokerPort, int ctlPort) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static one-voter quorum (kraft.version 0): the voter's endpoint is configuration, not
        // stored in the metadata log, so a new controller port on a restart is harmless.
        p.put("controller.quorum.voters", NODE_ID + "@" + hostForUrl(host) + ":" + ctlPort);
        p.put("listeners", BROKER_LISTENER + "://" + hostForUrl(host) + ":" + brokerPort + ","
            + CONTROLLER_LISTENER + "://" + hostForUrl(host) + ":" + ctlPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + hostForUrl(host) + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // single node
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");

        // small footprint on a 2-core machine; the default cleaner buffer alone is 128 MiB of heap
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("group.coordinator.threads", "1");
        p.put("share.coordinator.threads", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));

        // fast start and stop of a one-node cluster
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "9000");
        p.put("controller.quorum.election.timeout.ms", "1000");
        p.put("controller.quorum.fetch.timeout.ms", "2000");
        return p;
    }

    /** Formats the storage unless a previous start already did; returns the cluster id. */
    private static String formatIfNeeded(KafkaConfig config, Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.exists(meta)) {
            Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
                .setIgnoreFormatted(true);
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
            }
            LOG.info("Formatted Kafka storage in {} (cluster {})", logDir, formatter.clusterId());
        }
        String clusterId = readProperties(meta).getProperty("cluster.id");
        if (clusterId == null) {
            throw new IllegalStateException(meta + " has no cluster.id");
        }
        return clusterId;
    }

    private static void awaitReady(Admin admin, String bootstrap) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // 1. the broker is registered, unfenced and visible in the metadata it serves
        while (true) {
            try {
                List<Integer> ids = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)
                    .stream().map(Node::id).toList();
                if (ids.contains(NODE_ID)) {
                    LOG.debug("broker registered after {} ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deadline + READY_TIMEOUT.toNanos()));
                    break;
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("broker not ready yet", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
            checkDeadline(deadline, "the broker to register");
            sleep(20);
        }
        // 2. __consumer_offsets exists: one FindCoordinator (made by a group call, not retried)
        //    asks the broker to create it; then wait until the broker's metadata shows it. Letting
        //    the admin client retry FindCoordinator instead races with the creation and logs
        //    "Auto topic creation failed for __consumer_offsets ... TOPIC_ALREADY_EXISTS".
        if (!hasLeaders(admin, GROUP_METADATA_TOPIC)) {
            Map<String, Object> triggerConfig = adminConfig(bootstrap);
            triggerConfig.put(AdminClientConfig.RETRIES_CONFIG, 0);
            try (Admin trigger = Admin.create(triggerConfig)) {
                trigger.listConsumerGroupOffsets(WARMUP_GROUP).partitionsToOffsetAndMetadata()
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                LOG.debug("FindCoordinator before {} exists: {}", GROUP_METADATA_TOPIC, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer FindCoordinator", e);
            }
            awaitLeaders(admin, GROUP_METADATA_TOPIC);
        }
        // 3. the group coordinator has loaded the partition and answers an offset fetch
        try {
            admin.listConsumerGroupOffsets(WARMUP_GROUP).partitionsToOffsetAndMetadata()
                .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka group coordinator did not become available", e);
        }
    }

    /** The clients' bootstrap servers, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return hostForUrl(host) + ":" + port;
    }

    /** The host every listener binds to. */
    public String host() {
        return host;
    }

    /** The clients' port. */
    public int port() {
        return port;
    }

    /** The KRaft controller's port (same host). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The cluster id, stable across restarts on the same folder. */
    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A fresh, mutable admin client config pointing at this broker. */
    public Map<String, Object> adminConfig() {
        return adminConfig(bootstrapServers());
    }

    private static Map<String, Object> adminConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return config;
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader.
     * An existing topic is left as it is (whatever its partition count).
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Like {@link #createTopic(String, int)} with topic configs (e.g. {@code retention.ms}). */
    public void createTopic(String name, int partitions, Map<String, String> topicConfigs) {
        checkOpen();
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(topicConfigs);
        try {
            admin.createTopics(List.of(topic)).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        }
        awaitLeaders(admin, name);
    }

    private static void awaitLeaders(Admin admin, String name) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!hasLeaders(admin, name)) {
            checkDeadline(deadline, "the leaders of topic " + name);
            sleep(10);
        }
    }

    /** True when topic {@code name} exists and every partition has a leader. */
    private static boolean hasLeaders(Admin admin, String name) {
        try {
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                .get(5, TimeUnit.SECONDS).get(name);
            return description != null && !description.partitions().isEmpty()
                && description.partitions().stream().map(TopicPartitionInfo::leader)
                    .allMatch(leader -> leader != null && !leader.isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new IllegalStateException("cannot describe topic " + name, e.getCause());
        } catch (TimeoutException e) {
            LOG.debug("describe topic {} timed out", name, e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic " + name, e);
        }
    }

    /** Shuts the broker down cleanly and waits for it; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            server.shutdown();
            server.awaitShutdown();
        }
        LOG.info("Kafka broker {} stopped in {} ms", bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + dataDir + "]";
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("broker is closed");
        }
    }

    // ---- helpers ----

    private static int reuseOrPickPort(String host, String saved, int notThis) {
        if (saved != null) {
            try {
                int port = Integer.parseInt(saved.trim());
                if (port > 0 && port != notThis && isFree(host, port)) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // pick a new one
            }
        }
        for (int i = 0; i < 10; i++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
                int port = socket.getLocalPort();
                if (port != notThis) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + host, e);
            }
        }
        throw new IllegalStateException("cannot find a free port on " + host);
    }

    private static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static Properties readProperties(Path file) {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return props;
    }

    private static void writePorts(Path file, String host, int brokerPort, int ctlPort) {
        Properties props = new Properties();
        props.setProperty("host", host);
        props.setProperty("broker.port", String.valueOf(brokerPort));
        props.setProperty("controller.port", String.valueOf(ctlPort));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "ports last used by EmbeddedKafkaBroker; reused on the next start when free");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void checkDeadline(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("timed out after " + READY_TIMEOUT.toSeconds() + " s waiting for " + what);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}

package org.haochaping.jobs.ratings;

import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.haochaping.clickhouse.ClickHouseStores;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.jobs.sink.ClickHouseRows;
import org.haochaping.jobs.sink.ClickHouseSink;
import org.haochaping.model.Rating;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * The rating pipeline: Kafka → parse and validate with per-partition event time (invalid → dead letters) →
 * de-duplication by rating id → raw ratings, and (past the late-rating guard) one-minute score windows
 * per clerk and per counter → ClickHouse. Source and sink are parameters so tests plug in their own.
 */
public final class RatingPipelineJob {

    public static final String JOB_NAME = "hcp-rating-pipeline";
    public static final String CONSUMER_GROUP = "hcp-rating-pipeline";
    private static final TypeInformation<ClickHouseRow> ROW = Types.POJO(ClickHouseRow.class);

    private RatingPipelineJob() {}

    public static void build(StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source,
                             Sink<ClickHouseRow> sink, PipelineSettings settings) {
        // watermarks in the source: Kafka splits track event time per partition, so reading one partition's
        // backlog ahead of another cannot make the other's ratings late
        SingleOutputStreamOperator<Rating> parsed = env
                .fromSource(source, watermarks(settings), "ratings-source")
                .uid("ratings-source")
                .process(new SplitDeadLetters(), RatingTypes.RATING)
                .name("split-dead-letters").uid("split-dead-letters");

        SingleOutputStreamOperator<Rating> unique = parsed
                .keyBy(Rating::ratingId, Types.STRING)
                .process(new DeduplicateRatings(settings), RatingTypes.RATING)
                .name("dedup-ratings").uid("dedup-ratings");

        SingleOutputStreamOperator<Rating> onTime = unique
                .transform("late-rating-guard", RatingTypes.RATING, new LateRatingGuard(settings))
                .uid("late-rating-guard");
        SingleOutputStreamOperator<MinuteScore> clerkScores = MinuteScoreWindows.scores(onTime, Scope.CLERK, settings);
        SingleOutputStreamOperator<MinuteScore> counterScores = MinuteScoreWindows.scores(onTime, Scope.COUNTER, settings);

        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(unique.getSideOutput(DeduplicateRatings.CONFLICTS),
                        onTime.getSideOutput(LateRatingGuard.TOO_LATE),
                        lateDeadLetters(clerkScores, Scope.CLERK), lateDeadLetters(counterScores, Scope.COUNTER));

        DataStream<ClickHouseRow> ratingRows = unique.map(ClickHouseRows::rating, ROW).name("rating-rows").uid("rating-rows");
        DataStream<ClickHouseRow> scoreRows = clerkScores.union(counterScores)
                .map(new MinuteScoreRow(), ROW).name("minute-score-rows").uid("minute-score-rows");
        DataStream<ClickHouseRow> deadLetterRows = deadLetters
                .map(ClickHouseRows::deadLetter, ROW).name("dead-letter-rows").uid("dead-letter-rows");

        ratingRows.union(scoreRows, deadLetterRows)
                .sinkTo(sink).name("clickhouse-sink").uid("clickhouse-sink");
    }

    /** Event time is the rating's rated-at; a dead letter carries none and leaves the watermark alone. */
    static WatermarkStrategy<ParsedRecord> watermarks(PipelineSettings settings) {
        return WatermarkStrategy.<ParsedRecord>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.isValid() ? record.rating().ratedAt().toEpochMilli() : Long.MIN_VALUE)
                .withIdleness(settings.idleness());
    }

    private static DataStream<DeadLetter> lateDeadLetters(SingleOutputStreamOperator<MinuteScore> scores, Scope scope) {
        String name = "late-" + scope.name().toLowerCase() + "-dead-letters";
        return scores.getSideOutput(MinuteScoreWindows.lateRatings(scope))
                .map(LateRatingDeadLetter.forScope(scope), RatingTypes.DEAD_LETTER).name(name).uid(name);
    }

    /** Reads from the committed offsets of our consumer group (earliest when none): a restart without a
     *  checkpoint resumes where the last checkpoint committed. */
    public static KafkaSource<ParsedRecord> kafkaSource(String bootstrapServers, String topic,
                                                        PipelineSettings settings) {
        return KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(CONSUMER_GROUP)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RatingRecordDeserializer(settings))
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    public static ClickHouseSink clickHouseSink(HcpConfig config) {
        return ClickHouseSink.builder()
                .stores(ClickHouseStores.provider(config))
                .batchSize(config.flink().sinkBatchSize())
                .flushInterval(config.flink().sinkFlushInterval())
                .maxRetries(config.flink().sinkMaxRetries())
                .build();
    }

    /**
     * Checkpointing (exactly-once barriers, retained on cancellation so a restart can resume),
     * heap state, and a bounded restart strategy.
     */
    public static Configuration flinkConfiguration(HcpConfig config, Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.flink().checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(1));
        return conf;
    }

    /**
     * Binds every listener of a local (MiniCluster) Flink to {@code host}; without this Flink listens on
     * all interfaces.
     */
    public static Configuration bindLocalClusterTo(Configuration conf, String host) {
        conf.set(RestOptions.BIND_ADDRESS, host);
        conf.set(RestOptions.ADDRESS, host);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.BIND_HOST, host);
        conf.set(JobManagerOptions.ADDRESS, host);
        conf.set(TaskManagerOptions.BIND_HOST, host);
        conf.set(TaskManagerOptions.HOST, host);
        return conf;
    }

    /** Entry point on a Flink cluster: {@code flink run ... --config hcp.yaml} (Kafka and ClickHouse servers). */
    public static void main(String[] args) throws Exception {
        Path file = args.length >= 2 && args[0].equals("--config") ? Path.of(args[1]) : null;
        HcpConfig config = ConfigLoader.load(file, System.getenv(), java.util.Map.of());
        if (config.kafka().embedded() || config.clickhouse().mode() == HcpConfig.ClickHouseMode.EMBEDDED) {
            throw new IllegalArgumentException("on a cluster set kafka.embedded=false and clickhouse.mode=server");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                flinkConfiguration(config, config.dataPath().resolve("checkpoints")));
        env.setParallelism(config.flink().parallelism());
        PipelineSettings settings = PipelineSettings.from(config);
        build(env, kafkaSource(config.kafka().bootstrapServers(), config.kafka().ratingsTopic(), settings),
                clickHouseSink(config), settings);
        env.execute(JOB_NAME);
    }
}

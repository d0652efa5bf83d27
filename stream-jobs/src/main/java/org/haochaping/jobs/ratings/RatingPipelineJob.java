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
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
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
import org.haochaping.jobs.sink.WorkOrderRows;
import org.haochaping.jobs.workorders.AnsweredCommand;
import org.haochaping.jobs.workorders.BadRatingSpike;
import org.haochaping.jobs.workorders.WorkOrderProcess;
import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.WorkOrderCommand;

/**
 * The rating pipeline. Five Kafka topics, each parsed and validated in its source with per-partition
 * event time (invalid → dead letters): ratings, case events (transactions), SMS replies (inbound), the
 * SMS invitations this job wrote (outbox) and the console's work-order commands. SMS replies join their
 * invitations ({@link SmsReplyJoin}) and become ratings; all ratings → de-duplication by rating id → spam
 * flag per evaluator ({@link EvaluatorSpamFlag}) → 一事一评 gate with the case events ({@link CaseRatingGate}:
 * duplicates, SMS invitations and default ratings on event-time timers, case snapshots). A counted first
 * 差评 opens a work order ({@link WorkOrderProcess}, with the commands: deadlines and alerts on event-time
 * timers, follow-up, rectification, appeals, the 追评 and its SMS invitation); the counted 追评 join the
 * gate's counted ratings → raw ratings, 差评 spikes per clerk and per counter ({@link BadRatingSpike}), and
 * (past the late-rating guard) one-minute score windows per clerk and per counter → ClickHouse. Flagged
 * ratings, case snapshots, invitations, work orders with their history, answered commands, alerts and
 * score exclusions go to their tables; invitations also to the outbox topic, command outcomes to the
 * outcomes topic, alerts to the alerts topic. Sources and sinks are parameters so tests plug in their own.
 */
public final class RatingPipelineJob {

    public static final String JOB_NAME = "hcp-rating-pipeline";
    public static final String CONSUMER_GROUP = "hcp-rating-pipeline";
    private static final TypeInformation<ClickHouseRow> ROW = Types.POJO(ClickHouseRow.class);

    private RatingPipelineJob() {}

    /**
     * The whole job from configuration: the Kafka topics of {@code config.kafka()} on {@code bootstrapServers}
     * (they must exist), ClickHouse as configured.
     */
    public static void build(StreamExecutionEnvironment env, HcpConfig config, String bootstrapServers) {
        PipelineSettings settings = PipelineSettings.from(config);
        build(env, PipelineSources.kafka(bootstrapServers, settings), kafkaSinks(clickHouseSink(config),
                bootstrapServers, settings), settings);
    }

    /** ClickHouse as given, the outbox, outcomes and alerts topics of {@code settings} on these brokers. */
    public static PipelineSinks kafkaSinks(Sink<ClickHouseRow> clickHouse, String bootstrapServers,
                                           PipelineSettings settings) {
        PipelineSettings.Topics t = settings.topics();
        return new PipelineSinks(clickHouse, smsOutboxSink(bootstrapServers, t.smsOutbox()),
                kafkaSink(bootstrapServers, new KeyedJsonSerializer<>(t.workOrderOutcomes(), CommandOutcome::commandId)),
                kafkaSink(bootstrapServers, new KeyedJsonSerializer<>(t.alerts(), Alert::alertId)));
    }

    public static void build(StreamExecutionEnvironment env, PipelineSources sources, PipelineSinks sinks,
                             PipelineSettings settings) {
        // watermarks in the sources: Kafka splits track event time per partition, so reading one partition's
        // backlog ahead of another cannot make the other's records late
        SingleOutputStreamOperator<Rating> parsed = read(env, sources.ratings(), RecordKind.RATINGS, "ratings-source",
                "split-dead-letters", settings);
        SingleOutputStreamOperator<CaseEvent> caseEvents = read(env, sources.transactions(), RecordKind.CASE_EVENTS,
                "transactions-source", "split-case-event-dead-letters", settings);
        SingleOutputStreamOperator<SmsReply> replies = read(env, sources.smsInbound(), RecordKind.SMS_REPLIES,
                "sms-inbound-source", "split-sms-reply-dead-letters", settings);
        SingleOutputStreamOperator<SmsInvitation> invitationsRead = read(env, sources.smsOutbox(),
                RecordKind.SMS_INVITATIONS, "sms-outbox-source", "split-sms-invitation-dead-letters", settings);

        SingleOutputStreamOperator<Rating> smsRatings = invitationsRead.connect(replies)
                .keyBy(SmsInvitation::phoneHash, SmsReply::phoneHash, Types.STRING)
                .process(new SmsReplyJoin(settings), RatingTypes.RATING)
                .name("sms-reply-join").uid("sms-reply-join");

        SingleOutputStreamOperator<Rating> unique = parsed.union(smsRatings)
                .keyBy(Rating::ratingId, Types.STRING)
                .process(new DeduplicateRatings(settings), RatingTypes.RATING)
                .name("dedup-ratings").uid("dedup-ratings");

        SingleOutputStreamOperator<Rating> notSpam = unique
                .keyBy(EvaluatorSpamFlag.KEY, Types.STRING)
                .process(new EvaluatorSpamFlag(settings), RatingTypes.RATING)
                .name("evaluator-spam-flag").uid("evaluator-spam-flag");

        SingleOutputStreamOperator<Rating> firstRatings = caseEvents.connect(notSpam)
                .keyBy(CaseEvent::projectNo, Rating::projectNo, Types.STRING)
                .process(new CaseRatingGate(settings), RatingTypes.RATING)
                .name("case-rating-gate").uid("case-rating-gate");

        SingleOutputStreamOperator<WorkOrderCommand> commands = read(env, sources.workOrderCommands(),
                RecordKind.WORK_ORDER_COMMANDS, "work-order-commands-source", "split-work-order-command-dead-letters",
                settings);
        SingleOutputStreamOperator<Rating> rerates = firstRatings.getSideOutput(CaseRatingGate.WORK_ORDER_SIGNALS)
                .connect(commands)
                .keyBy(WorkOrderSignal::projectNo, WorkOrderCommand::workOrderId, Types.STRING)
                .process(new WorkOrderProcess(settings), RatingTypes.RATING)
                .name("work-orders").uid("work-orders");
        DataStream<Rating> counted = firstRatings.union(rerates);

        SingleOutputStreamOperator<Rating> onTime = counted
                .transform("late-rating-guard", RatingTypes.RATING, new LateRatingGuard(settings))
                .uid("late-rating-guard");
        SingleOutputStreamOperator<MinuteScore> clerkScores = MinuteScoreWindows.scores(onTime, Scope.CLERK, settings);
        SingleOutputStreamOperator<MinuteScore> counterScores = MinuteScoreWindows.scores(onTime, Scope.COUNTER, settings);
        DataStream<Rating> badRatings = counted.filter(BadRatingSpike::counts).name("bad-ratings").uid("bad-ratings");
        DataStream<Alert> alerts = rerates.getSideOutput(WorkOrderProcess.ALERTS)
                .union(spikes(badRatings, Scope.CLERK, settings), spikes(badRatings, Scope.COUNTER, settings));

        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(caseEvents.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
                        replies.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
                        invitationsRead.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
                        commands.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
                        smsRatings.getSideOutput(SmsReplyJoin.DEAD_LETTERS),
                        unique.getSideOutput(DeduplicateRatings.CONFLICTS),
                        firstRatings.getSideOutput(CaseRatingGate.DEAD_LETTERS),
                        onTime.getSideOutput(LateRatingGuard.TOO_LATE),
                        lateDeadLetters(clerkScores, Scope.CLERK), lateDeadLetters(counterScores, Scope.COUNTER));

        DataStream<SmsInvitation> invitationsIssued = firstRatings.getSideOutput(CaseRatingGate.INVITATIONS)
                .union(rerates.getSideOutput(WorkOrderProcess.INVITATIONS));
        invitationsIssued.sinkTo(sinks.smsOutbox()).name("sms-outbox-sink").uid("sms-outbox-sink");
        DataStream<AnsweredCommand> answers = rerates.getSideOutput(WorkOrderProcess.ANSWERS);
        answers.map(AnsweredCommand::outcome, RatingTypes.COMMAND_OUTCOME).name("command-outcomes").uid("command-outcomes")
                .sinkTo(sinks.commandOutcomes()).name("command-outcomes-sink").uid("command-outcomes-sink");
        alerts.sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");

        DataStream<ClickHouseRow> ratingRows = counted.map(ClickHouseRows::rating, ROW).name("rating-rows").uid("rating-rows");
        DataStream<ClickHouseRow> scoreRows = clerkScores.union(counterScores)
                .map(new MinuteScoreRow(), ROW).name("minute-score-rows").uid("minute-score-rows");
        DataStream<ClickHouseRow> deadLetterRows = deadLetters
                .map(ClickHouseRows::deadLetter, ROW).name("dead-letter-rows").uid("dead-letter-rows");
        DataStream<ClickHouseRow> flaggedRows = notSpam.getSideOutput(EvaluatorSpamFlag.SPAM)
                .union(firstRatings.getSideOutput(CaseRatingGate.FLAGGED), rerates.getSideOutput(WorkOrderProcess.FLAGGED))
                .map(ClickHouseRows::flaggedRating, ROW).name("flagged-rating-rows").uid("flagged-rating-rows");
        DataStream<ClickHouseRow> caseRows = firstRatings.getSideOutput(CaseRatingGate.SNAPSHOTS)
                .map(ClickHouseRows::caseSnapshot, ROW).name("case-rows").uid("case-rows");
        DataStream<ClickHouseRow> invitationRows = invitationsIssued
                .map(ClickHouseRows::smsInvitation, ROW).name("sms-invitation-rows").uid("sms-invitation-rows");
        DataStream<ClickHouseRow> workOrderRows = rerates.getSideOutput(WorkOrderProcess.SNAPSHOTS)
                .map(WorkOrderRows::workOrder, ROW).name("work-order-rows").uid("work-order-rows");
        DataStream<ClickHouseRow> workOrderEventRows = rerates.getSideOutput(WorkOrderProcess.EVENTS)
                .map(WorkOrderRows::event, ROW).name("work-order-event-rows").uid("work-order-event-rows");
        DataStream<ClickHouseRow> commandRows = answers
                .map(WorkOrderRows::command, ROW).name("work-order-command-rows").uid("work-order-command-rows");
        DataStream<ClickHouseRow> alertRows = alerts.map(WorkOrderRows::alert, ROW).name("alert-rows").uid("alert-rows");
        DataStream<ClickHouseRow> exclusionRows = rerates.getSideOutput(WorkOrderProcess.EXCLUSIONS)
                .map(WorkOrderRows::scoreExclusion, ROW).name("score-exclusion-rows").uid("score-exclusion-rows");

        ratingRows.union(scoreRows, deadLetterRows, flaggedRows, caseRows, invitationRows, workOrderRows,
                        workOrderEventRows, commandRows, alertRows, exclusionRows)
                .sinkTo(sinks.clickHouse()).name("clickhouse-sink").uid("clickhouse-sink");
    }

    /** 差评 spikes of one scope among the counted ratings. */
    private static DataStream<Alert> spikes(DataStream<Rating> badRatings, Scope scope, PipelineSettings settings) {
        String name = "bad-rating-spikes-" + scope.name().toLowerCase();
        return badRatings
                .keyBy(scope::keyOf, Types.STRING)
                .process(new BadRatingSpike(scope, settings), RatingTypes.ALERT)
                .name(name).uid(name);
    }

    /** One topic's records, decoded in the source with per-partition watermarks; dead letters on a side output. */
    private static <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env,
                                                          Source<ParsedRecord<T>, ?, ?> source, RecordKind<T> kind,
                                                          String sourceName, String splitName,
                                                          PipelineSettings settings) {
        return env.fromSource(source, watermarks(kind, settings), sourceName, kind.parsedType())
                .uid(sourceName)
                .process(new SplitDeadLetters<T>(), kind.type())
                .name(splitName).uid(splitName);
    }

    /** Event time is the record's own time (see {@link RecordKind#eventTime}); a dead letter leaves the watermark alone. */
    static <T> WatermarkStrategy<ParsedRecord<T>> watermarks(RecordKind<T> kind, PipelineSettings settings) {
        return WatermarkStrategy.<ParsedRecord<T>>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) ->
                        record.isValid() ? kind.eventTime(record.value()).toEpochMilli() : Long.MIN_VALUE)
                .withIdleness(settings.idleness());
    }

    private static DataStream<DeadLetter> lateDeadLetters(SingleOutputStreamOperator<MinuteScore> scores, Scope scope) {
        String name = "late-" + scope.name().toLowerCase() + "-dead-letters";
        return scores.getSideOutput(MinuteScoreWindows.lateRatings(scope))
                .map(LateRatingDeadLetter.forScope(scope), RatingTypes.DEAD_LETTER).name(name).uid(name);
    }

    /** Reads from the committed offsets of our consumer group (earliest when none): a restart without a
     *  checkpoint resumes where the last checkpoint committed. */
    public static <T> KafkaSource<ParsedRecord<T>> kafkaSource(String bootstrapServers, String topic,
                                                               RecordKind<T> kind, PipelineSettings settings) {
        return KafkaSource.<ParsedRecord<T>>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(CONSUMER_GROUP)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new KafkaRecordDeserializer<>(kind, settings))
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /**
     * Invitations to the outbox topic, keyed by phone hash. At-least-once is enough: an invitation's id is
     * deterministic ({@code inv:projectNo}), the sender sends each id once and the join stores it by id.
     */
    public static KafkaSink<SmsInvitation> smsOutboxSink(String bootstrapServers, String topic) {
        return kafkaSink(bootstrapServers, new SmsOutboxSerializer(topic));
    }

    /**
     * At-least-once to Kafka. Enough for every topic the job writes: their records carry deterministic ids
     * (invitation, command, alert), so a reader sees a repeat after a restart as the same record.
     */
    public static <T> KafkaSink<T> kafkaSink(String bootstrapServers, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
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
     * Settings of a local (MiniCluster) Flink, as the embedded runtime runs the job: every listener bound to
     * {@code host} (without this Flink listens on all interfaces), and {@value #LOCAL_NETWORK_MEMORY} of network
     * buffers. The job's exchanges ask for a little more than the MiniCluster's default 64 MB (Flink warns
     * "NetworkBufferPool 100%"), and with too few buffers the operators in front of the ClickHouse sink stall:
     * 128 MB measured about a fifth more ratings per second through the whole job on two cores (bench pipeline).
     */
    public static Configuration localCluster(Configuration conf, String host) {
        conf.set(RestOptions.BIND_ADDRESS, host);
        conf.set(RestOptions.ADDRESS, host);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(JobManagerOptions.BIND_HOST, host);
        conf.set(JobManagerOptions.ADDRESS, host);
        conf.set(TaskManagerOptions.BIND_HOST, host);
        conf.set(TaskManagerOptions.HOST, host);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse(LOCAL_NETWORK_MEMORY));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse(LOCAL_NETWORK_MEMORY));
        return conf;
    }

    static final String LOCAL_NETWORK_MEMORY = "128m";

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
        build(env, config, config.kafka().bootstrapServers());
        env.execute(JOB_NAME);
    }
}

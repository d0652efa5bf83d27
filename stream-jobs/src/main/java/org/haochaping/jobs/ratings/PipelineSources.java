package org.haochaping.jobs.ratings;

import org.apache.flink.api.connector.source.Source;
import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.haochaping.model.workorders.WorkOrderCommand;

/**
 * What the rating pipeline reads: each source yields parsed records (value or dead letter) so that event
 * time is tracked per Kafka partition. Tests may plug in their own.
 *
 * @param smsOutbox the invitations this job itself wrote, read back for the SMS reply join
 * @param workOrderCommands the console's commands on 差评 work orders
 */
public record PipelineSources(
        Source<ParsedRecord<Rating>, ?, ?> ratings,
        Source<ParsedRecord<CaseEvent>, ?, ?> transactions,
        Source<ParsedRecord<SmsReply>, ?, ?> smsInbound,
        Source<ParsedRecord<SmsInvitation>, ?, ?> smsOutbox,
        Source<ParsedRecord<WorkOrderCommand>, ?, ?> workOrderCommands) {

    /** The five topics the job reads of {@code settings.topics()} on these brokers; every topic must exist. */
    public static PipelineSources kafka(String bootstrapServers, PipelineSettings settings) {
        PipelineSettings.Topics t = settings.topics();
        return new PipelineSources(
                RatingPipelineJob.kafkaSource(bootstrapServers, t.ratings(), RecordKind.RATINGS, settings),
                RatingPipelineJob.kafkaSource(bootstrapServers, t.transactions(), RecordKind.CASE_EVENTS, settings),
                RatingPipelineJob.kafkaSource(bootstrapServers, t.smsInbound(), RecordKind.SMS_REPLIES, settings),
                RatingPipelineJob.kafkaSource(bootstrapServers, t.smsOutbox(), RecordKind.SMS_INVITATIONS, settings),
                RatingPipelineJob.kafkaSource(bootstrapServers, t.workOrderCommands(), RecordKind.WORK_ORDER_COMMANDS,
                        settings));
    }
}

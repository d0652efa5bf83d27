package org.haochaping.jobs.ratings;

import org.apache.flink.api.connector.sink2.Sink;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.CommandOutcome;

/**
 * Where the rating pipeline writes: every table row to ClickHouse; SMS invitations to the outbox topic (from
 * which the SMS sender sends them and this job reads them back); the answers to console commands to the
 * outcomes topic (the console waits for them); alerts to the alerts topic (the webhook sender posts them).
 * Tests may plug in their own.
 */
public record PipelineSinks(Sink<ClickHouseRow> clickHouse, Sink<SmsInvitation> smsOutbox,
                            Sink<CommandOutcome> commandOutcomes, Sink<Alert> alerts) {}

package org.haochaping.jobs.ratings;

import org.apache.flink.api.connector.sink2.Sink;
import org.haochaping.jobs.sink.ClickHouseRow;
import org.haochaping.model.sms.SmsInvitation;

/**
 * Where the rating pipeline writes: every table row to ClickHouse, and SMS invitations to the outbox
 * topic (from which the SMS sender sends them and this job reads them back). Tests may plug in their own.
 */
public record PipelineSinks(Sink<ClickHouseRow> clickHouse, Sink<SmsInvitation> smsOutbox) {}

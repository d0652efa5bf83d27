package org.haochaping.model.sms;

import java.time.Instant;

/**
 * A citizen's SMS reply as it travels through Kafka ({@code kafka.smsInboundTopic}): the text as sent,
 * the phone as keyed hash (to find the invitation) and masked form. Parsed in the stream job by
 * {@link SmsReplyParser}, so an unparseable reply is kept as a dead letter rather than refused.
 *
 * @param receivedAt when the edge received it: the reply's event time
 */
public record SmsReply(String gatewayId, String messageId, String phoneHash, String phoneMasked, String text,
                       Instant receivedAt) {

    public static final int MAX_TEXT_CHARS = 500;

    /** The rating id of the rating this reply becomes: the same for every redelivery. */
    public String ratingId() {
        return "sms:" + gatewayId + ":" + messageId;
    }
}

package org.haochaping.ingest;

import java.time.Instant;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.RatingJson;
import org.haochaping.model.sms.SmsInboundRequest;
import org.haochaping.model.sms.SmsReply;

/**
 * {@code POST /api/v1/sms/inbound}: a gateway's {@link SmsInboundRequest} becomes an {@link SmsReply}
 * (phone hashed and masked) keyed by phone hash. The text is deliberately not parsed here: the stream
 * job parses it and keeps an unparseable reply as a dead letter, so nothing a citizen sent is lost.
 */
final class SmsReplyDecoder implements SignedRecordApi.Decoder {

    static final String PATH = "/api/v1/sms/inbound";

    private final PhoneProtector phones;

    SmsReplyDecoder(PhoneProtector phones) {
        this.phones = phones;
    }

    @Override
    public SignedRecordApi.Decoded decode(byte[] body, String gatewayId, Instant now) throws InvalidRatingException {
        SmsReply reply = EdgeHttp.readJson(body, SmsInboundRequest.class).toReply(gatewayId, now, phones);
        return new SignedRecordApi.Decoded(reply.phoneHash(), RatingJson.write(reply), reply.messageId());
    }
}

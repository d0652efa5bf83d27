package org.haochaping.model.sms;

import java.time.Instant;
import org.haochaping.model.FieldRules;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;

/**
 * An SMS reply as the gateway posts it ({@code POST /api/v1/sms/inbound}); the phone is in clear only
 * here and becomes hash + mask in {@link #toReply}.
 *
 * @param messageId the gateway's id of the message, so a gateway retry is harmless
 * @param sentAt when the citizen sent it, as the gateway saw it (informational)
 */
public record SmsInboundRequest(String messageId, String phone, String text, Instant sentAt) {

    public SmsReply toReply(String gatewayId, Instant receivedAt, PhoneProtector phones) throws InvalidRatingException {
        if (messageId == null || !FieldRules.ID.matcher(messageId).matches()) {
            throw new InvalidRatingException("messageId", "required, 1-64 letters, digits, '.', '_', ':' or '-'");
        }
        String normalized = phone == null ? null : PhoneProtector.normalize(phone);
        if (normalized == null) {
            throw new InvalidRatingException("phone", "required, an 11-digit mainland mobile number");
        }
        if (text == null) {
            throw new InvalidRatingException("text", "required (may be empty)");
        }
        if (text.length() > SmsReply.MAX_TEXT_CHARS) {
            throw new InvalidRatingException("text", "must be at most " + SmsReply.MAX_TEXT_CHARS + " characters");
        }
        return new SmsReply(gatewayId, messageId, phones.hash(normalized), PhoneProtector.mask(normalized), text,
                receivedAt);
    }
}

package org.haochaping.model.sms;

import java.time.Instant;

/**
 * An invitation to rate a completed, still unrated case by SMS, emitted by the stream job to
 * {@code kafka.smsOutboxTopic}. The phone travels sealed ({@link org.haochaping.model.PhoneCipher}); the
 * SMS sender opens it, and the reply join uses the hash.
 *
 * @param invitationId one per case: {@code "inv:" + projectNo}, so the sender sends it once
 * @param expiresAt the end of the case's rating window: a reply after it is not a rating
 */
public record SmsInvitation(
        String invitationId,
        String projectNo,
        String hallId,
        String counterId,
        String clerkId,
        String deptCode,
        String itemCode,
        String itemName,
        String areaCode,
        String phoneHash,
        String phoneMasked,
        String phoneSealed,
        Instant invitedAt,
        Instant expiresAt) {

    public static String idFor(String projectNo) {
        return "inv:" + projectNo;
    }
}

package org.haochaping.model.sms;

import java.time.Instant;

/**
 * An invitation to rate a completed, still unrated case by SMS, emitted by the stream job to
 * {@code kafka.smsOutboxTopic}. The phone travels sealed ({@link org.haochaping.model.PhoneCipher}); the
 * SMS sender opens it, and the reply join uses the hash.
 *
 * @param invitationId one per case and assess number ({@link #idFor}), so the sender sends it once
 * @param assessNumber 1 for the first rating; 2 for the 追评 offered after a 差评 was rectified
 * @param expiresAt the end of the case's rating window (or 追评 window): a reply after it is not a rating
 */
public record SmsInvitation(
        String invitationId,
        String projectNo,
        int assessNumber,
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
        return idFor(projectNo, 1);
    }

    /** {@code inv:P1} for the first rating, {@code inv2:P1} for the 追评. */
    public static String idFor(String projectNo, int assessNumber) {
        return (assessNumber <= 1 ? "inv:" : "inv" + assessNumber + ":") + projectNo;
    }

    /** Whether this invites the 追评 after a rectified 差评. */
    public boolean invitesRerate() {
        return assessNumber == 2;
    }
}

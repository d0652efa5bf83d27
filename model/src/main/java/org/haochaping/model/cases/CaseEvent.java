package org.haochaping.model.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A case (办件) event as it travels through Kafka and Flink. The citizen's phone is never in clear: a
 * keyed hash (joins with SMS replies), a masked form (display) and a sealed form ({@link
 * org.haochaping.model.PhoneCipher}) that only the SMS sender opens. Empty strings stand for "none".
 *
 * @param eventId chosen by the business system, so a retry is harmless
 * @param projectNo 办件编号
 * @param itemCode 事项编码; itemName 事项名称
 * @param frontClerkId 前台经办人 (the clerk at the counter, whom the rating follows)
 * @param backClerkId 后台经办人, empty when none
 * @param systemId the business system that signed the request
 */
public record CaseEvent(
        String eventId,
        CaseEventType type,
        String projectNo,
        String itemCode,
        String itemName,
        String deptCode,
        String areaCode,
        String hallId,
        String counterId,
        String frontClerkId,
        String backClerkId,
        PromiseType promiseType,
        Instant acceptedAt,
        Instant completedAt,
        String phoneHash,
        String phoneMasked,
        String phoneSealed,
        String systemId,
        Instant receivedAt) {

    public CaseEvent {
        itemCode = orEmpty(itemCode);
        itemName = orEmpty(itemName);
        deptCode = orEmpty(deptCode);
        areaCode = orEmpty(areaCode);
        backClerkId = orEmpty(backClerkId);
        phoneHash = orEmpty(phoneHash);
        phoneMasked = orEmpty(phoneMasked);
        phoneSealed = orEmpty(phoneSealed);
        systemId = orEmpty(systemId);
    }

    /** Event time: completion for a completed case, acceptance otherwise. */
    @JsonIgnore
    public Instant eventTime() {
        return type == CaseEventType.COMPLETED ? completedAt : acceptedAt;
    }

    @JsonIgnore
    public boolean hasPhone() {
        return !phoneHash.isEmpty();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

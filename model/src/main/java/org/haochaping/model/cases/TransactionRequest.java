package org.haochaping.model.cases;

import java.time.Instant;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.PhoneProtector;

/**
 * A case event as the counter business system posts it ({@code POST /api/v1/transactions}). The phone
 * is in clear only here: {@link #toCaseEvent} replaces it by hash, mask and sealed form before anything
 * leaves the edge.
 */
public record TransactionRequest(
        String eventId,
        String type,
        String projectNo,
        String itemCode,
        String itemName,
        String deptCode,
        String areaCode,
        String hallId,
        String counterId,
        String frontClerkId,
        String backClerkId,
        String promiseType,
        Instant acceptedAt,
        Instant completedAt,
        String citizenPhone) {

    /** @throws InvalidRatingException for an unknown type or promise type, or a malformed phone number */
    public CaseEvent toCaseEvent(String systemId, Instant receivedAt, PhoneProtector phones, PhoneCipher cipher)
            throws InvalidRatingException {
        CaseEventType t = parse(CaseEventType.class, "type", type, "'accepted' or 'completed'");
        PromiseType p = parse(PromiseType.class, "promiseType", promiseType, "'immediate' (即办) or 'promised' (承诺)");
        String hash = "";
        String masked = "";
        String sealed = "";
        if (citizenPhone != null && !citizenPhone.isBlank()) {
            String normalized = PhoneProtector.normalize(citizenPhone);
            if (normalized == null) {
                throw new InvalidRatingException("citizenPhone", "must be an 11-digit mainland mobile number");
            }
            hash = phones.hash(normalized);
            masked = PhoneProtector.mask(normalized);
            sealed = cipher.seal(normalized);
        }
        return new CaseEvent(eventId, t, projectNo, itemCode, itemName, deptCode, areaCode, hallId, counterId,
                frontClerkId, backClerkId, p, acceptedAt, completedAt, hash, masked, sealed, systemId, receivedAt);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value, String expected)
            throws InvalidRatingException {
        if (value == null || value.isBlank()) {
            throw new InvalidRatingException(field, "required: " + expected);
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRatingException(field, "must be " + expected + ", got '" + value + "'");
        }
    }
}

package org.haochaping.model;

import java.time.Instant;
import java.util.List;

/**
 * A rating as a device or page submits it: the rater's phone, when given, is still in clear here and
 * is replaced by its keyed hash and masked form in {@link #toRating} before anything leaves the edge.
 */
public record RatingRequest(
        String ratingId,
        String projectNo,
        Integer assessNumber,
        String channel,
        Integer level,
        List<String> tagCodes,
        String comment,
        String hallId,
        String counterId,
        String clerkId,
        String deptCode,
        String itemCode,
        String areaCode,
        Instant ratedAt,
        String raterPhone) {

    /**
     * @param defaultChannel the channel implied by the endpoint when the request names none
     * @throws InvalidRatingException for an unknown channel or a malformed phone number
     */
    public Rating toRating(Channel defaultChannel, String deviceId, Instant receivedAt, PhoneProtector phones)
            throws InvalidRatingException {
        Channel resolved = defaultChannel;
        if (channel != null) {
            resolved = Channel.fromWireName(channel);
            if (resolved == null || resolved == Channel.DEFAULT) {
                throw new InvalidRatingException("channel", "unknown channel '" + channel + "'");
            }
        }
        String phoneHash = "";
        String phoneMasked = "";
        if (raterPhone != null && !raterPhone.isBlank()) {
            String normalized = PhoneProtector.normalize(raterPhone);
            if (normalized == null) {
                throw new InvalidRatingException("raterPhone", "must be an 11-digit mainland mobile number");
            }
            phoneHash = phones.hash(normalized);
            phoneMasked = PhoneProtector.mask(normalized);
        }
        return new Rating(ratingId, projectNo, assessNumber == null ? 1 : assessNumber, resolved,
                level == null ? 0 : level, tagCodes, comment, hallId, counterId, clerkId,
                nullToEmpty(deptCode), nullToEmpty(itemCode), nullToEmpty(areaCode), ratedAt, receivedAt,
                phoneHash, phoneMasked, nullToEmpty(deviceId), false);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

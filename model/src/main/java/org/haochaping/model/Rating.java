package org.haochaping.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One accepted rating as it travels through Kafka and Flink and lands in ClickHouse. It never holds
 * a phone number in clear: only {@code raterPhoneHash} (keyed, for joins) and {@code raterPhoneMasked}.
 *
 * @param ratingId chosen by the device or page, so a retry is harmless
 * @param projectNo 办件编号
 * @param assessNumber 评价次数: 1, or 2 for a 追评 after a rectified 差评
 * @param level 1..5, 5 = 非常满意
 */
public record Rating(
        String ratingId,
        String projectNo,
        int assessNumber,
        Channel channel,
        int level,
        List<String> tagCodes,
        String comment,
        String hallId,
        String counterId,
        String clerkId,
        String deptCode,
        String itemCode,
        String areaCode,
        Instant ratedAt,
        Instant receivedAt,
        String raterPhoneHash,
        String raterPhoneMasked,
        String deviceId,
        boolean isDefault) {

    public Rating {
        // a null entry is kept for the validator to name ("unknown tag code 'null'"); List.copyOf would throw
        tagCodes = tagCodes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tagCodes));
        comment = orEmpty(comment);
        deptCode = orEmpty(deptCode);
        itemCode = orEmpty(itemCode);
        areaCode = orEmpty(areaCode);
        raterPhoneHash = orEmpty(raterPhoneHash);
        raterPhoneMasked = orEmpty(raterPhoneMasked);
        deviceId = orEmpty(deviceId);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @JsonIgnore
    public boolean isBad() {
        return Level.isValid(level) && Level.of(level).isBad();
    }
}

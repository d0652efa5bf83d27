package org.haochaping.model;

import java.time.Instant;
import java.util.List;

/** Test fixtures: valid ratings at fixed instants, varied one field at a time. */
public final class Ratings {

    public static final Instant NOW = Instant.parse("2026-11-20T02:30:00Z");

    private Ratings() {}

    public static Rating valid() {
        return new Rating("r-1", "P202611200001", 1, Channel.EVALUATOR, 5, List.of("517"), "", "hall-1",
                "counter-3", "clerk-7", "11440300MB2C12345X", "440300-001", "440304", NOW.minusSeconds(30),
                NOW, "", "", "demo-evaluator", false);
    }

    public static Rating withLevel(int level, List<String> tags, String comment) {
        Rating r = valid();
        return new Rating(r.ratingId(), r.projectNo(), r.assessNumber(), r.channel(), level, tags, comment,
                r.hallId(), r.counterId(), r.clerkId(), r.deptCode(), r.itemCode(), r.areaCode(), r.ratedAt(),
                r.receivedAt(), r.raterPhoneHash(), r.raterPhoneMasked(), r.deviceId(), r.isDefault());
    }

    public static Rating ratedAt(Instant ratedAt) {
        Rating r = valid();
        return new Rating(r.ratingId(), r.projectNo(), r.assessNumber(), r.channel(), r.level(), r.tagCodes(),
                r.comment(), r.hallId(), r.counterId(), r.clerkId(), r.deptCode(), r.itemCode(), r.areaCode(),
                ratedAt, r.receivedAt(), r.raterPhoneHash(), r.raterPhoneMasked(), r.deviceId(), r.isDefault());
    }

    public static Rating withIds(String ratingId, String projectNo, int assessNumber, String counterId, String areaCode) {
        Rating r = valid();
        return new Rating(ratingId, projectNo, assessNumber, r.channel(), r.level(), r.tagCodes(), r.comment(),
                r.hallId(), counterId, r.clerkId(), r.deptCode(), r.itemCode(), areaCode, r.ratedAt(),
                r.receivedAt(), r.raterPhoneHash(), r.raterPhoneMasked(), r.deviceId(), r.isDefault());
    }
}

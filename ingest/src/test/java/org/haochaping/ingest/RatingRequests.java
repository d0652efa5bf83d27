package org.haochaping.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;

/** Test data: {@code RatingRequests.valid().level(1).tags("101").json()}. Valid unless told otherwise. */
final class RatingRequests {

    static final String PHONE = "13812341234";

    private String ratingId = "r-" + UUID.randomUUID();
    private String projectNo = "BJ" + UUID.randomUUID().toString().substring(0, 8);
    private Integer assessNumber = 1;
    private String channel;
    private Integer level = 5;
    private List<String> tagCodes = List.of("517");
    private String comment = "";
    private String hallId = "hall-7";
    private String counterId = "counter-03";
    private String clerkId = "clerk-0042";
    private String deptCode = "11110000000021135M";
    private String itemCode = "000101001000";
    private String areaCode = "110105";
    private Instant ratedAt = TestConfigs.NOW.minusSeconds(60);
    private String raterPhone = PHONE;

    private RatingRequests() {}

    static RatingRequests valid() {
        return new RatingRequests();
    }

    RatingRequests ratingId(String v) { ratingId = v; return this; }
    RatingRequests projectNo(String v) { projectNo = v; return this; }
    RatingRequests channel(String v) { channel = v; return this; }
    RatingRequests level(Integer v) { level = v; return this; }
    RatingRequests tags(String... v) { tagCodes = List.of(v); return this; }
    RatingRequests comment(String v) { comment = v; return this; }
    RatingRequests hallId(String v) { hallId = v; return this; }
    RatingRequests counterId(String v) { counterId = v; return this; }
    RatingRequests ratedAt(Instant v) { ratedAt = v; return this; }
    RatingRequests raterPhone(String v) { raterPhone = v; return this; }

    String ratingId() {
        return ratingId;
    }

    String projectNo() {
        return projectNo;
    }

    RatingRequest build() {
        return new RatingRequest(ratingId, projectNo, assessNumber, channel, level, tagCodes, comment, hallId,
                counterId, clerkId, deptCode, itemCode, areaCode, ratedAt, raterPhone);
    }

    byte[] json() {
        return RatingJson.write(build());
    }
}

package org.haochaping.jobs.ratings;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;

/**
 * Explicit Flink type information for the records that cross operators, so none falls back to Kryo
 * (which cannot rebuild the immutable lists inside {@link Rating}).
 */
public final class RatingTypes {

    public static final TypeInformation<Rating> RATING = ratingType();
    public static final TypeInformation<DeadLetter> DEAD_LETTER = Types.POJO(DeadLetter.class, fields(
            "id", Types.STRING, "source", Types.STRING, "payload", Types.STRING, "reason", Types.STRING,
            "occurredAtMillis", Types.LONG));
    public static final TypeInformation<ParsedRecord> PARSED_RECORD = Types.POJO(ParsedRecord.class, fields(
            "rating", RATING, "deadLetter", DEAD_LETTER));

    private RatingTypes() {}

    private static TypeInformation<Rating> ratingType() {
        return Types.POJO(Rating.class, fields(
                "ratingId", Types.STRING, "projectNo", Types.STRING, "assessNumber", Types.INT,
                "channel", Types.ENUM(Channel.class), "level", Types.INT, "tagCodes", Types.LIST(Types.STRING),
                "comment", Types.STRING, "hallId", Types.STRING, "counterId", Types.STRING,
                "clerkId", Types.STRING, "deptCode", Types.STRING, "itemCode", Types.STRING,
                "areaCode", Types.STRING, "ratedAt", Types.INSTANT, "receivedAt", Types.INSTANT,
                "raterPhoneHash", Types.STRING, "raterPhoneMasked", Types.STRING, "deviceId", Types.STRING,
                "isDefault", Types.BOOLEAN));
    }

    private static Map<String, TypeInformation<?>> fields(Object... namesAndTypes) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put((String) namesAndTypes[i], (TypeInformation<?>) namesAndTypes[i + 1]);
        }
        return fields;
    }
}

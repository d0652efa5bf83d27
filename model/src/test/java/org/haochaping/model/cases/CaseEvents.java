package org.haochaping.model.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.haochaping.model.Phones;
import org.haochaping.model.RatingJson;

/** Test fixtures: a valid completed case at fixed instants, varied one field at a time. */
public final class CaseEvents {

    public static final Instant NOW = Instant.parse("2026-11-20T02:30:00Z");
    public static final Instant ACCEPTED_AT = Instant.parse("2026-11-20T02:10:00Z");
    public static final Instant COMPLETED_AT = Instant.parse("2026-11-20T02:25:00Z");

    private static final CaseEvent COMPLETED = new CaseEvent("ev-1", CaseEventType.COMPLETED, "P202611200001",
            "440300-001", "居民身份证换领", "11440300MB2C12345X", "440304", "hall-1", "counter-3", "clerk-7", "",
            PromiseType.IMMEDIATE, ACCEPTED_AT, COMPLETED_AT, Phones.hash(), Phones.MASKED,
            Phones.CIPHER.seal(Phones.NORMALIZED), "sys-1", NOW);

    private CaseEvents() {}

    public static CaseEvent completed() {
        return COMPLETED;
    }

    /** The completed case with one field (named as in JSON) set to another value, null included. */
    public static CaseEvent completedWith(String field, Object value) {
        return with(COMPLETED, field, value);
    }

    public static CaseEvent with(CaseEvent event, String field, Object value) {
        ObjectNode json = RatingJson.mapper().valueToTree(event);
        if (!json.has(field)) {
            throw new IllegalArgumentException("CaseEvent has no field " + field);
        }
        json.set(field, RatingJson.mapper().valueToTree(value));
        return RatingJson.mapper().convertValue(json, CaseEvent.class);
    }

    /** What the business system posts for {@link #completed()}, with the given type, promise type and phone. */
    public static TransactionRequest request(String type, String promiseType, String citizenPhone) {
        return new TransactionRequest("ev-1", type, "P202611200001", "440300-001", "居民身份证换领",
                "11440300MB2C12345X", "440304", "hall-1", "counter-3", "clerk-7", "", promiseType, ACCEPTED_AT,
                COMPLETED_AT, citizenPhone);
    }
}

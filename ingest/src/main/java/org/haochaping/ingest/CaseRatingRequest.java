package org.haochaping.ingest;

import java.util.ArrayList;
import java.util.List;
import org.haochaping.model.FieldRules;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;

/**
 * The body of "请评价" ({@code POST /api/v1/rating-requests}): the business system asks the counter's
 * evaluator page to offer this case for rating. Ids follow the QR token's alphabet, since they are
 * signed into the case token.
 */
public record CaseRatingRequest(String projectNo, String hallId, String counterId, String clerkId, String itemName,
                                String deptCode, String itemCode, String areaCode) {

    static final int MAX_ITEM_NAME_CHARS = 200;

    /** @throws InvalidRatingException naming every field that is missing or malformed */
    void check() throws InvalidRatingException {
        List<Violation> v = new ArrayList<>();
        FieldRules.id(v, "projectNo", projectNo, true);
        FieldRules.id(v, "hallId", hallId, true);
        FieldRules.id(v, "counterId", counterId, true);
        FieldRules.id(v, "clerkId", clerkId, true);
        FieldRules.id(v, "deptCode", deptCode, false);
        FieldRules.id(v, "itemCode", itemCode, false);
        if (itemName == null || itemName.isBlank()) {
            v.add(new Violation("itemName", "required: the item's name as the citizen knows it (事项名称)"));
        } else if (itemName.length() > MAX_ITEM_NAME_CHARS) {
            v.add(new Violation("itemName", "must be at most " + MAX_ITEM_NAME_CHARS + " characters"));
        }
        FieldRules.areaCode(v, areaCode);
        if (!v.isEmpty()) {
            throw new InvalidRatingException(v);
        }
    }

}

package org.haochaping.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern AREA_CODE = Pattern.compile("\\d{1,9}");

    /** @throws InvalidRatingException naming every field that is missing or malformed */
    void check() throws InvalidRatingException {
        List<Violation> v = new ArrayList<>();
        id(v, "projectNo", projectNo, true);
        id(v, "hallId", hallId, true);
        id(v, "counterId", counterId, true);
        id(v, "clerkId", clerkId, true);
        id(v, "deptCode", deptCode, false);
        id(v, "itemCode", itemCode, false);
        if (itemName == null || itemName.isBlank()) {
            v.add(new Violation("itemName", "required: the item's name as the citizen knows it (事项名称)"));
        } else if (itemName.length() > MAX_ITEM_NAME_CHARS) {
            v.add(new Violation("itemName", "must be at most " + MAX_ITEM_NAME_CHARS + " characters"));
        }
        if (areaCode != null && !areaCode.isEmpty() && !AREA_CODE.matcher(areaCode).matches()) {
            v.add(new Violation("areaCode", "must be at most 9 digits"));
        }
        if (!v.isEmpty()) {
            throw new InvalidRatingException(v);
        }
    }

    private static void id(List<Violation> v, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                v.add(new Violation(field, "required"));
            }
        } else if (!ID.matcher(value).matches()) {
            v.add(new Violation(field, "must be 1-64 letters, digits, '.', '_', ':' or '-'"));
        }
    }
}

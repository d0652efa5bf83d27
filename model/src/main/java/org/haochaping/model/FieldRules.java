package org.haochaping.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Field checks shared by the validators of case events and of 请评价 requests: ids in the token
 * alphabet (they travel in QR tokens and Kafka keys) and area codes (行政区划, at most 9 digits).
 */
public final class FieldRules {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern AREA_CODE = Pattern.compile("\\d{1,9}");

    private FieldRules() {}

    /** Adds a violation when a required id is missing, or a given one is outside the id alphabet. */
    public static void id(List<Violation> v, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                v.add(new Violation(field, "required"));
            }
        } else if (!ID.matcher(value).matches()) {
            v.add(new Violation(field, "must be 1-64 letters, digits, '.', '_', ':' or '-'"));
        }
    }

    /** Adds a violation when an area code is given but is not 1-9 digits. */
    public static void areaCode(List<Violation> v, String value) {
        if (value != null && !value.isEmpty() && !AREA_CODE.matcher(value).matches()) {
            v.add(new Violation("areaCode", "must be at most 9 digits"));
        }
    }
}

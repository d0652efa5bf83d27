package org.haochaping.model;

import java.util.Locale;

/**
 * Enums that travel and are stored as their lower-case names ({@code follow_up}, {@code upheld},
 * {@code self_rating}): one spelling rule for the work-order wire format and the evaluation tables.
 */
public final class WireEnum {

    private WireEnum() {}

    public static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String wire) {
        if (wire == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + wire + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(WireEnum::name).toList());
    }
}

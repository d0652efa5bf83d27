package org.haochaping.model.workorders;

import java.util.Locale;

/** Enums of the work-order wire format travel as lower-case names ({@code follow_up}, {@code upheld}). */
final class WireEnum {

    private WireEnum() {}

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String wire) {
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

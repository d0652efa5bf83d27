package org.haochaping.console;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.haochaping.model.FieldRules;
import org.haochaping.model.Violation;

/**
 * The query string of a list request, read field by field into checked values; every problem becomes a
 * {@link Violation} with a Chinese message, so one 400 names all of them. Only values that passed a check
 * (ids in the id alphabet, known enum names, parsed numbers and instants) ever reach SQL text.
 */
final class QueryParams {

    private final MultiMap params;
    private final List<Violation> violations = new ArrayList<>();

    /** @param allowed every parameter the endpoint takes; any other is a violation (a typo should not silently widen a list) */
    QueryParams(MultiMap params, Set<String> allowed) {
        this.params = params;
        for (String name : new LinkedHashSet<>(params.names())) {
            if (!allowed.contains(name)) {
                violations.add(new Violation(name, "未知的查询参数，可用参数：" + String.join("、", new java.util.TreeSet<>(allowed))));
            } else if (params.getAll(name).size() > 1) {
                violations.add(new Violation(name, "只能出现一次"));
            }
        }
    }

    List<Violation> violations() {
        return violations;
    }

    /** An id (hall, clerk, counter, work order), or null when absent. */
    String id(String name) {
        String value = text(name);
        if (value != null && !FieldRules.ID.matcher(value).matches()) {
            violations.add(new Violation(name, "格式不正确：只能包含字母、数字和 . _ : -，最长 64 个字符"));
            return null;
        }
        return value;
    }

    /** A calendar month YYYY-MM, or null when absent. */
    String month(String name) {
        String value = text(name);
        if (value != null && !value.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            violations.add(new Violation(name, "月份格式应为 YYYY-MM（例如 2026-10）"));
            return null;
        }
        return value;
    }

    /** One or more comma-separated values out of {@code known}, or an empty list when absent. */
    List<String> oneOf(String name, List<String> known) {
        String value = text(name);
        if (value == null) {
            return List.of();
        }
        List<String> values = Arrays.stream(value.split(",", -1)).map(String::strip).distinct().toList();
        for (String v : values) {
            if (!known.contains(v)) {
                violations.add(new Violation(name, "不支持的取值 '" + v + "'，可选：" + String.join("、", known)));
                return List.of();
            }
        }
        return values;
    }

    Boolean bool(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                violations.add(new Violation(name, "应为 true 或 false"));
                yield null;
            }
        };
    }

    /** An ISO-8601 instant such as {@code 2026-10-01T00:00:00+08:00}, or null when absent. */
    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            // an unencoded '+' of an offset arrives as a space (form decoding of query strings)
            return java.time.OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(name, "时间格式不正确，应为 ISO-8601，例如 2026-10-01T00:00:00+08:00"));
            return null;
        }
    }

    int integer(String name, int defaultValue, int min, int max) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        violations.add(new Violation(name, "应为 " + min + " 到 " + max + " 之间的整数"));
        return defaultValue;
    }

    /** {@code limit} (1..max, default) and {@code offset} (≥ 0), and {@code from} before {@code to}. */
    Page page(int defaultLimit, int maxLimit) {
        return new Page(integer("limit", defaultLimit, 1, maxLimit), integer("offset", 0, 0, 1_000_000));
    }

    void ordered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            violations.add(new Violation("to", "结束时间必须晚于开始时间"));
        }
    }

    private String text(String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Which slice of a newest-first list. */
    record Page(int limit, int offset) {}
}

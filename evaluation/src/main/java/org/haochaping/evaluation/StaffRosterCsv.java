package org.haochaping.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.haochaping.model.FieldRules;
import org.haochaping.model.PhoneProtector;

/**
 * Reads a staff roster (花名册) exported from a hall's HR system: CSV (UTF-8, optional BOM, RFC 4180
 * quotes) with a header row naming the columns 工号, 姓名, 大厅, 窗口, 手机号 (or clerk_id, name, hall_id,
 * counter_id, phone) in any order; 窗口 and 手机号 may be empty. The phone is hashed with the deployment's
 * phone key and masked here, so it never reaches ClickHouse in clear. A file with any bad line is refused
 * as a whole, every problem listed with its line number: half a roster would make self-ratings invisible.
 */
public final class StaffRosterCsv {

    /** Every problem in the file, in Chinese, one per line. */
    public static final class RosterException extends RuntimeException {
        private final List<String> problems;

        RosterException(List<String> problems) {
            super("花名册有 " + problems.size() + " 处错误，未导入任何人员：\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final Map<String, String> HEADERS = Map.of(
            "工号", "clerk_id", "clerk_id", "clerk_id",
            "姓名", "name", "name", "name",
            "大厅", "hall_id", "hall_id", "hall_id",
            "窗口", "counter_id", "counter_id", "counter_id",
            "手机号", "phone", "phone", "phone");
    private static final List<String> REQUIRED = List.of("clerk_id", "name", "hall_id");

    private StaffRosterCsv() {}

    public static List<StaffMember> parse(String text, PhoneProtector phones) {
        List<List<String>> rows = records(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<String> problems = new ArrayList<>();
        if (rows.isEmpty()) {
            throw new RosterException(List.of("文件为空，第 1 行应为表头：工号,姓名,大厅,窗口,手机号"));
        }
        Map<String, Integer> column = new HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            String key = HEADERS.get(header.get(i).trim().toLowerCase(Locale.ROOT));
            if (key == null) {
                problems.add("第 1 行：无法识别的列名“" + header.get(i).trim() + "”（可用：工号,姓名,大厅,窗口,手机号）");
            } else if (column.putIfAbsent(key, i) != null) {
                problems.add("第 1 行：列“" + header.get(i).trim() + "”重复");
            }
        }
        for (String required : REQUIRED) {
            if (!column.containsKey(required)) {
                problems.add("第 1 行：缺少列“" + chinese(required) + "”");
            }
        }
        if (!problems.isEmpty()) {
            throw new RosterException(problems);
        }
        List<StaffMember> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            int line = r + 1;
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            String clerkId = cell(row, column.get("clerk_id"));
            String name = cell(row, column.get("name"));
            String hallId = cell(row, column.get("hall_id"));
            String counterId = cell(row, column.get("counter_id"));
            String phone = cell(row, column.get("phone"));
            if (!FieldRules.ID.matcher(clerkId).matches()) {
                problems.add("第 " + line + " 行：工号“" + clerkId + "”不合法（字母、数字和 . _ : -，最多 64 个字符）");
            } else if (!seen.add(clerkId)) {
                problems.add("第 " + line + " 行：工号 " + clerkId + " 重复");
            }
            if (name.isEmpty() || name.length() > 64) {
                problems.add("第 " + line + " 行：姓名不能为空，最多 64 个字符");
            }
            if (!FieldRules.ID.matcher(hallId).matches()) {
                problems.add("第 " + line + " 行：大厅编号“" + hallId + "”不合法");
            }
            if (!counterId.isEmpty() && !FieldRules.ID.matcher(counterId).matches()) {
                problems.add("第 " + line + " 行：窗口编号“" + counterId + "”不合法");
            }
            String normalized = phone.isEmpty() ? "" : PhoneProtector.normalize(phone);
            if (normalized == null) {
                problems.add("第 " + line + " 行：手机号不是有效的大陆手机号码（11 位，1 开头）");
            }
            if (problems.isEmpty()) {
                members.add(new StaffMember(clerkId, name, hallId, counterId,
                        normalized.isEmpty() ? "" : phones.hash(normalized),
                        normalized.isEmpty() ? "" : PhoneProtector.mask(normalized)));
            }
        }
        if (!problems.isEmpty()) {
            throw new RosterException(problems);
        }
        if (members.isEmpty()) {
            throw new RosterException(List.of("花名册没有人员（只有表头）"));
        }
        return List.copyOf(members);
    }

    private static String chinese(String key) {
        return switch (key) {
            case "clerk_id" -> "工号";
            case "name" -> "姓名";
            default -> "大厅";
        };
    }

    private static String cell(List<String> row, Integer index) {
        return index == null || index >= row.size() ? "" : row.get(index).trim();
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> records(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}

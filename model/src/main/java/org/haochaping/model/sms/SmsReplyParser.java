package org.haochaping.model.sms;

import java.util.List;
import java.util.Map;

/**
 * Reads a level (and an optional comment) from an SMS reply: a digit 1-5 ("5", "5 很好", "２，太慢了")
 * or a level name ("非常满意", "不满意 等太久"). Anything else — "6", "12", "你好", empty — is
 * unparseable, and the reason says why.
 */
public final class SmsReplyParser {

    /** Either a level with its comment, or the reason the text is none. */
    public record Parsed(int level, String comment, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    // longest first, so 非常不满意 is not read as 不满意 and 不满意 not as 满意
    private static final List<Map.Entry<String, Integer>> WORDS = List.of(
            Map.entry("非常不满意", 1), Map.entry("很不满意", 1), Map.entry("非常满意", 5), Map.entry("基本满意", 3),
            Map.entry("很满意", 5), Map.entry("不满意", 2), Map.entry("满意", 4));
    private static final String SEPARATORS = " \t\r\n,.;:!，。；：！、　";

    private SmsReplyParser() {}

    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return error("empty reply");
        }
        String t = halfWidthDigits(text.strip());
        char first = t.charAt(0);
        if (first >= '0' && first <= '9') {
            if (t.length() > 1 && Character.isDigit(t.charAt(1))) {
                return error("reply starts with the number '" + leadingNumber(t) + "', expected a single digit 1-5");
            }
            int level = first - '0';
            if (level < 1 || level > 5) {
                return error("level " + level + " is not between 1 and 5");
            }
            return new Parsed(level, comment(t.substring(1)), null);
        }
        for (Map.Entry<String, Integer> w : WORDS) {
            if (t.startsWith(w.getKey())) {
                return new Parsed(w.getValue(), comment(t.substring(w.getKey().length())), null);
            }
        }
        return error("no level found: expected a digit 1-5 or a level name such as 满意");
    }

    private static Parsed error(String reason) {
        return new Parsed(0, "", reason);
    }

    private static String comment(String rest) {
        int start = 0;
        while (start < rest.length() && SEPARATORS.indexOf(rest.charAt(start)) >= 0) {
            start++;
        }
        return rest.substring(start).strip();
    }

    private static String leadingNumber(String t) {
        int end = 0;
        while (end < t.length() && end < 12 && Character.isDigit(t.charAt(end))) {
            end++;
        }
        return t.substring(0, end);
    }

    private static String halfWidthDigits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= '０' && c <= '９' ? (char) ('0' + (c - '０')) : c);
        }
        return b.toString();
    }
}

package org.haochaping.app.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table aligned for a terminal, where CJK characters and full-width punctuation take two
 * columns: cells are padded by display width, not by {@code String.length()}.
 */
public final class TextTable {

    public enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> headers, List<Align> aligns) {
        if (headers.size() != aligns.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + aligns.size() + " alignments");
        }
        this.headers = List.copyOf(headers);
        this.aligns = List.copyOf(aligns);
    }

    public int columns() {
        return headers.size();
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public TextTable row(String... cells) {
        return row(List.of(cells));
    }

    /** Header, a dashed rule, then the rows; every line indented by {@code indent} and without trailing blanks. */
    public String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = displayWidth(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], displayWidth(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, indent, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, indent, rule, widths);
        for (List<String> row : rows) {
            line(out, indent, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(GAP);
            }
            line.append(aligns.get(c) == Align.LEFT ? padRight(cells.get(c), widths[c]) : padLeft(cells.get(c), widths[c]));
        }
        out.append(stripTrailing(line)).append('\n');
    }

    private static String stripTrailing(StringBuilder s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Pads with spaces on the right up to {@code width} display columns (never cuts). */
    public static String padRight(String s, int width) {
        int pad = width - displayWidth(s);
        return pad <= 0 ? s : s + " ".repeat(pad);
    }

    /** Pads with spaces on the left up to {@code width} display columns (never cuts). */
    public static String padLeft(String s, int width) {
        int pad = width - displayWidth(s);
        return pad <= 0 ? s : " ".repeat(pad) + s;
    }

    /** Terminal columns: 2 for East Asian wide and full-width characters, 0 for combining marks, else 1. */
    public static int displayWidth(String s) {
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            width += codePointWidth(cp);
        }
        return width;
    }

    static int codePointWidth(int cp) {
        if (cp == 0 || cp == 0x200B) {
            return 0;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || type == Character.CONTROL) {
            return 0;
        }
        return isWide(cp) ? 2 : 1;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)     // Hangul Jamo initials
                || (cp >= 0x2E80 && cp <= 0x303E) // CJK radicals, Kangxi, ideographic punctuation (、。「」)
                || (cp >= 0x3041 && cp <= 0x33FF) // kana, bopomofo, CJK compatibility
                || (cp >= 0x3400 && cp <= 0x4DBF) // CJK extension A
                || (cp >= 0x4E00 && cp <= 0x9FFF) // CJK unified ideographs
                || (cp >= 0xA000 && cp <= 0xA4CF) // Yi
                || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF) // CJK compatibility ideographs
                || (cp >= 0xFE10 && cp <= 0xFE19) // vertical forms
                || (cp >= 0xFE30 && cp <= 0xFE6F) // CJK compatibility forms, small forms
                || (cp >= 0xFF00 && cp <= 0xFF60) // full-width forms (，：（）)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) // full-width signs (￥)
                || (cp >= 0x1F300 && cp <= 0x1F64F) // emoji
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and beyond
    }
}

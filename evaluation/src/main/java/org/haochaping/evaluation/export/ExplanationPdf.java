package org.haochaping.evaluation.export;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.fonts.CjkFont;

/**
 * A clerk's explanation as a one-page A4 PDF, the same content as {@link ExplanationPage}, set in the
 * {@link CjkFont} embedded as a subset. Lines are wrapped by their measured width; should the content not
 * fit (a very long explanation), the whole page is set smaller rather than spilling onto a second page.
 */
public final class ExplanationPdf {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 48;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float BOTTOM = PAGE.getHeight() - MARGIN;
    /** Tried in turn until the page fits; the last one is used regardless. */
    private static final float[] SCALES = {1f, 0.9f, 0.8f, 0.7f, 0.6f};

    private static final Color TEXT = Color.BLACK;
    private static final Color MUTED = new Color(0x55, 0x55, 0x55);
    private static final Color DRAFT = new Color(0xB0, 0x00, 0x20);
    private static final Color RULE = new Color(0xBB, 0xBB, 0xBB);
    private static final Color HEADER_FILL = new Color(0xEE, 0xF3, 0xF8);
    private static final Color TOTAL_FILL = new Color(0xF4, 0xF4, 0xF4);

    private ExplanationPdf() {}

    /** @throws IllegalArgumentException when {@code clerk} is a counter's result */
    public static byte[] pdf(Evaluation e, SubjectResult clerk, CjkFont font) throws IOException {
        ExplanationContent content = ExplanationContent.of(e, clerk);
        PDDocument document = new PDDocument();
        CjkFont.PdfFont pdfFont;
        try {
            pdfFont = font.pdf(document);
        } catch (IOException | RuntimeException ex) {
            document.close();
            throw ex;
        }
        try {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(content.title() + " " + clerk.subjectName() + " " + clerk.subjectId());
            info.setCreator("haochaping");
            document.setDocumentInformation(info);
            document.getDocumentCatalog().setLanguage("zh-CN");
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            Glyphs glyphs = new Glyphs(pdfFont.font());
            Layout layout = null;
            for (float scale : SCALES) {
                layout = new Layout(glyphs, scale);
                layout.page(content);
                if (layout.y <= BOTTOM) {
                    break;
                }
            }
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                for (Op op : layout.ops) {
                    op.draw(out, pdfFont.font());
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } finally {
            try {
                document.close();
            } finally {
                pdfFont.close();
            }
        }
    }

    /** Text as the font can show it: a character without a glyph (a rare name character) becomes "?". */
    private static final class Glyphs {
        private final PDType0Font font;
        private final Map<Integer, Boolean> known = new HashMap<>();

        Glyphs(PDType0Font font) {
            this.font = font;
        }

        String printable(String text) {
            StringBuilder b = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                    b.append(' ');
                } else if (known.computeIfAbsent(cp, this::has)) {
                    b.appendCodePoint(cp);
                } else {
                    b.append('?');
                }
            });
            return b.toString();
        }

        private boolean has(int codePoint) {
            try {
                font.encode(new String(Character.toChars(codePoint)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }

        float width(String text, float size) throws IOException {
            return font.getStringWidth(printable(text)) / 1000f * size;
        }
    }

    /** A drawing instruction; y grows downward from the top of the page, as the layout thinks. */
    private interface Op {
        void draw(PDPageContentStream out, PDType0Font font) throws IOException;
    }

    private record Text(float x, float baseline, float size, String text, Color color) implements Op {
        @Override
        public void draw(PDPageContentStream out, PDType0Font font) throws IOException {
            out.beginText();
            out.setFont(font, size);
            out.setNonStrokingColor(color);
            out.newLineAtOffset(x, PAGE.getHeight() - baseline);
            out.showText(text);
            out.endText();
        }
    }

    private record Box(float x, float y, float w, float h, Color fill, Color stroke, float lineWidth) implements Op {
        @Override
        public void draw(PDPageContentStream out, PDType0Font font) throws IOException {
            out.addRect(x, PAGE.getHeight() - y - h, w, h);
            if (fill != null && stroke != null) {
                out.setNonStrokingColor(fill);
                out.setStrokingColor(stroke);
                out.setLineWidth(lineWidth);
                out.fillAndStroke();
            } else if (fill != null) {
                out.setNonStrokingColor(fill);
                out.fill();
            } else {
                out.setStrokingColor(stroke);
                out.setLineWidth(lineWidth);
                out.stroke();
            }
        }
    }

    private record Rule(float x, float y, float w, float lineWidth, Color color) implements Op {
        @Override
        public void draw(PDPageContentStream out, PDType0Font font) throws IOException {
            out.setStrokingColor(color);
            out.setLineWidth(lineWidth);
            out.moveTo(x, PAGE.getHeight() - y);
            out.lineTo(x + w, PAGE.getHeight() - y);
            out.stroke();
        }
    }

    /** Lays the content out at one scale, top to bottom; {@link #y} ends below the last thing set. */
    private static final class Layout implements ExplanationContent.Renderer<IOException> {
        private static final float ASCENT = 0.88f;
        private static final float LEADING = 1.45f;
        /** Punctuation that must not begin a line: it stays on the line before, a little past the edge. */
        private static final String CLOSING = "，。；：、）」』》！？,.;:)!?";

        private final Glyphs glyphs;
        private final float scale;
        final List<Op> ops = new ArrayList<>();
        float y = MARGIN;

        Layout(Glyphs glyphs, float scale) {
            this.glyphs = glyphs;
            this.scale = scale;
        }

        private float body() {
            return 10 * scale;
        }

        void page(ExplanationContent content) throws IOException {
            lines(content.title(), 18 * scale, MARGIN, WIDTH, TEXT);
            y += 4 * scale;
            if (!content.draftNotice().isEmpty()) {
                float size = 10.5f * scale;
                float pad = 4 * scale;
                List<String> wrapped = wrap(content.draftNotice(), size, WIDTH - 2 * pad);
                float h = wrapped.size() * size * LEADING + 2 * pad;
                ops.add(new Box(MARGIN, y, WIDTH, h, null, DRAFT, 1.5f));
                float top = y + pad;
                for (String line : wrapped) {
                    ops.add(new Text(MARGIN + pad, top + size * ASCENT, size, glyphs.printable(line), DRAFT));
                    top += size * LEADING;
                }
                y += h + 6 * scale;
            }
            content.render(this);
            y += 10 * scale;
            lines(content.smallPrint(), 7 * scale, MARGIN, WIDTH, MUTED);
        }

        @Override
        public void heading(String text) throws IOException {
            y += 8 * scale;
            lines(text, 12 * scale, MARGIN, WIDTH, TEXT);
            ops.add(new Rule(MARGIN, y, WIDTH, 0.6f, MUTED));
            y += 4 * scale;
        }

        @Override
        public void paragraph(String text) throws IOException {
            lines(text, body(), MARGIN, WIDTH, TEXT);
            y += 2 * scale;
        }

        /** Two label–value pairs to a line: label, value, label, value. */
        @Override
        public void fields(List<ExplanationContent.Field> fields) throws IOException {
            float size = body();
            float gap = 8 * scale;
            float label = 0;
            for (ExplanationContent.Field f : fields) {
                label = Math.max(label, glyphs.width(f.label(), size));
            }
            float value = (WIDTH - 2 * (label + gap) - gap) / 2;
            y += 2 * scale;
            for (int i = 0; i < fields.size(); i += 2) {
                float top = y;
                float bottom = top;
                for (int j = i; j < Math.min(i + 2, fields.size()); j++) {
                    float x = MARGIN + (j - i) * (label + gap + value + gap);
                    y = top;
                    lines(fields.get(j).label(), size, x, label, MUTED);
                    y = top;
                    lines(fields.get(j).value(), size, x + label + gap, value, TEXT);
                    bottom = Math.max(bottom, y);
                }
                y = bottom + 1 * scale;
            }
            y += 2 * scale;
        }

        /** A grid as wide as its contents, narrowed (and its cells wrapped) when wider than the page. */
        @Override
        public void table(ExplanationContent.Table t) throws IOException {
            float size = 9.5f * scale;
            float pad = 3 * scale;
            int columns = t.headers().size();
            float[] widths = new float[columns];
            float total = 0;
            for (int c = 0; c < columns; c++) {
                widths[c] = glyphs.width(t.headers().get(c), size);
                for (List<String> row : t.rows()) {
                    widths[c] = Math.max(widths[c], glyphs.width(row.get(c), size));
                }
                widths[c] += 2 * pad + 1;
                total += widths[c];
            }
            if (total > WIDTH) {
                for (int c = 0; c < columns; c++) {
                    widths[c] = widths[c] * WIDTH / total;
                }
            }
            y += 3 * scale;
            row(t.headers(), widths, size, pad, null, HEADER_FILL);
            for (int r = 0; r < t.rows().size(); r++) {
                boolean totalRow = t.totalRow() && r == t.rows().size() - 1;
                row(t.rows().get(r), widths, size, pad, t.numeric(), totalRow ? TOTAL_FILL : null);
            }
            y += 3 * scale;
        }

        private void row(List<String> cells, float[] widths, float size, float pad, List<Boolean> numeric, Color fill)
                throws IOException {
            List<List<String>> wrapped = new ArrayList<>();
            int height = 1;
            for (int c = 0; c < cells.size(); c++) {
                List<String> lines = wrap(cells.get(c), size, widths[c] - 2 * pad);
                wrapped.add(lines);
                height = Math.max(height, lines.size());
            }
            float h = height * size * LEADING + 2 * pad;
            float x = MARGIN;
            for (int c = 0; c < cells.size(); c++) {
                ops.add(new Box(x, y, widths[c], h, fill, RULE, 0.5f));
                float top = y + pad;
                for (String line : wrapped.get(c)) {
                    String shown = glyphs.printable(line);
                    boolean right = numeric != null && numeric.get(c);
                    float lx = right ? x + widths[c] - pad - glyphs.width(line, size) : x + pad;
                    ops.add(new Text(lx, top + size * ASCENT, size, shown, TEXT));
                    top += size * LEADING;
                }
                x += widths[c];
            }
            y += h;
        }

        /** Sets wrapped text from the current y in [x, x + width) and moves y below it. */
        private void lines(String text, float size, float x, float width, Color color) throws IOException {
            for (String line : wrap(text, size, width)) {
                ops.add(new Text(x, y + size * ASCENT, size, glyphs.printable(line), color));
                y += size * LEADING;
            }
        }

        /**
         * Greedy line breaking by measured width: Chinese breaks between any two characters, a Latin word
         * (an id, a number) at the space before it when there is one, closing punctuation never starts a line.
         */
        List<String> wrap(String text, float size, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            for (String paragraph : text.split("\n", -1)) {
                StringBuilder line = new StringBuilder();
                float used = 0;
                for (int i = 0; i < paragraph.length(); ) {
                    int cp = paragraph.codePointAt(i);
                    String ch = new String(Character.toChars(cp));
                    float w = glyphs.width(ch, size);
                    if (used + w > width && line.length() > 0 && CLOSING.indexOf(cp) < 0) {
                        int space = line.lastIndexOf(" ");
                        if (latin(cp) && space > 0 && latin(line.codePointBefore(line.length()))) {
                            lines.add(line.substring(0, space));
                            String rest = line.substring(space + 1);
                            line = new StringBuilder(rest);
                            used = glyphs.width(rest, size);
                        } else {
                            lines.add(line.toString());
                            line.setLength(0);
                            used = 0;
                        }
                        if (cp == ' ') {
                            i += 1;
                            continue;
                        }
                    }
                    line.append(ch);
                    used += w;
                    i += Character.charCount(cp);
                }
                lines.add(line.toString());
            }
            return lines;
        }

        private static boolean latin(int cp) {
            return cp < 0x80 && Character.isLetterOrDigit(cp);
        }
    }
}

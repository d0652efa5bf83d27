package org.haochaping.evaluation.export;

import java.util.List;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.SubjectResult;

/**
 * A clerk's explanation as one self-contained HTML page (inline CSS, nothing fetched), printable on one A4
 * sheet. A draft carries a red notice and a faint 草稿 watermark. Every value is HTML-escaped: names come
 * from the staff roster, which hall staff type in.
 */
public final class ExplanationPage {

    private static final String STYLE = """
            @page { size: A4; margin: 15mm; }
            body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif;
                   font-size: 10.5pt; color: #111; margin: 0; }
            main { max-width: 180mm; margin: 0 auto; padding: 6mm 0; position: relative; }
            h1 { font-size: 18pt; margin: 0 0 3mm; }
            h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; }
            .draft { color: #b00020; border: 2px solid #b00020; padding: 2mm 3mm; font-weight: bold; }
            main.draft-page::before { content: "草稿"; position: absolute; top: 80mm; left: 30mm; font-size: 96pt;
                   color: rgba(176, 0, 32, 0.08); transform: rotate(-30deg); pointer-events: none; }
            dl { display: grid; grid-template-columns: auto 1fr auto 1fr; gap: 1mm 4mm; margin: 2mm 0; }
            dt { color: #555; }
            dd { margin: 0; }
            table { border-collapse: collapse; margin: 2mm 0; }
            th, td { border: 1px solid #bbb; padding: 1mm 2.5mm; text-align: left; }
            th { background: #eef3f8; font-weight: normal; }
            td.num { text-align: right; }
            tr.total td { font-weight: bold; }
            p { margin: 2mm 0; line-height: 1.5; }
            footer { margin-top: 6mm; font-size: 7.5pt; color: #666; word-break: break-all; }
            """;

    private ExplanationPage() {}

    /** @throws IllegalArgumentException when {@code clerk} is a counter's result */
    public static String html(Evaluation e, SubjectResult clerk) {
        ExplanationContent content = ExplanationContent.of(e, clerk);
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(content.title() + " " + clerk.subjectName() + " " + clerk.subjectId()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main")
                .append(content.draftNotice().isEmpty() ? "" : " class=\"draft-page\"").append(">\n<h1>")
                .append(escape(content.title())).append("</h1>\n");
        if (!content.draftNotice().isEmpty()) {
            b.append("<p class=\"draft\">").append(escape(content.draftNotice())).append("</p>\n");
        }
        content.render(new ExplanationContent.Renderer<RuntimeException>() {
            @Override
            public void heading(String text) {
                b.append("<h2>").append(escape(text)).append("</h2>\n");
            }

            @Override
            public void paragraph(String text) {
                b.append("<p>").append(escape(text)).append("</p>\n");
            }

            @Override
            public void fields(List<ExplanationContent.Field> fields) {
                ExplanationPage.fields(b, fields);
            }

            @Override
            public void table(ExplanationContent.Table t) {
                ExplanationPage.table(b, t);
            }
        });
        b.append("<footer>").append(escape(content.smallPrint())).append("</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void fields(StringBuilder b, List<ExplanationContent.Field> fields) {
        b.append("<dl>\n");
        for (ExplanationContent.Field f : fields) {
            b.append("<dt>").append(escape(f.label())).append("</dt><dd>").append(escape(f.value())).append("</dd>\n");
        }
        b.append("</dl>\n");
    }

    private static void table(StringBuilder b, ExplanationContent.Table t) {
        b.append("<table>\n<thead><tr>");
        for (String h : t.headers()) {
            b.append("<th>").append(escape(h)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rows().size(); r++) {
            boolean total = t.totalRow() && r == t.rows().size() - 1;
            b.append(total ? "<tr class=\"total\">" : "<tr>");
            List<String> row = t.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                b.append(t.numeric().get(c) ? "<td class=\"num\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /** Text and attribute values: the five characters HTML gives a meaning. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

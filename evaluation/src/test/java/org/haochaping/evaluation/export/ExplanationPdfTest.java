package org.haochaping.evaluation.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.SubjectResult;
import org.haochaping.fonts.CjkFont;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Needs a Chinese TrueType font (CI installs fonts-wqy-zenhei): without one, CjkFont's message saying what
 * to install fails the test rather than skipping it.
 */
class ExplanationPdfTest {

    private static CjkFont FONT;

    @BeforeAll
    static void font() {
        // reported as the error of every test here, with the message saying what to install
        FONT = CjkFont.locate(Optional.empty());
    }

    @Test
    void oneA4PageWithTheClerksNameScoreGradeAndCoefficient() throws IOException {
        byte[] pdf = ExplanationPdf.pdf(ExportFixture.approved(), ExportFixture.K01, FONT);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("2026年10月 服务评价考核说明", "王芳", "k-01", "已核定（zhang 于 2026-11-02 10:00 核定）",
                    "最终得分", "93.06", "良好", "绩效系数", "1.10", "申诉成立", "builtin-1").doesNotContain("草稿");
            assertThat(lineWith(text, "最终得分")).contains("93.06");
            assertThat(lineWith(text, "绩效系数")).contains("1.10");
        }
    }

    @Test
    void theFontIsEmbeddedAsASubset() throws IOException {
        try (PDDocument doc = Loader.loadPDF(ExplanationPdf.pdf(ExportFixture.approved(), ExportFixture.K01, FONT))) {
            List<PDFont> fonts = new ArrayList<>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                fonts.add(doc.getPage(0).getResources().getFont(name));
            }
            assertThat(fonts).hasSize(1);
            assertThat(fonts.get(0).isEmbedded()).isTrue();
            // a subset's name carries a tag of six capitals: ABCDEF+WenQuanYiZenHei
            assertThat(fonts.get(0).getName()).matches("[A-Z]{6}\\+" + FONT.name());
        }
    }

    @Test
    void aDraftIsMarked() throws IOException {
        try (PDDocument doc = Loader.loadPDF(ExplanationPdf.pdf(ExportFixture.draft(), ExportFixture.K01, FONT))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("草稿：第 3 版尚未核定", "未核定（草稿）");
        }
    }

    @Test
    void aLongExplanationIsWrappedInsideTheMarginsAndStaysOnOnePage() throws IOException {
        // about 40 lines' worth: longer than any real explanation, so the page is also set smaller
        String explanation = "本月计分评价 200 条，平均 9.52 分；".repeat(60) + "完。";
        SubjectResult k01 = ExportFixture.K01;
        SubjectResult wordy = new SubjectResult(k01.type(), k01.subjectId(), k01.subjectName(), k01.hallId(),
                k01.counterId(), k01.ratingsByChannel(), k01.levels(), k01.activeRatings(), k01.defaultRatings(),
                k01.countedRatings(), k01.excludedRatings(), k01.rawScore(), k01.adjustedScore(), k01.deductions(),
                k01.finalScore(), k01.ranked(), k01.rank(), k01.grade(), k01.payCoefficient(), k01.redFlag(), explanation);
        Evaluation e = ExportFixture.with(ExportFixture.approved(), wordy);

        try (PDDocument doc = Loader.loadPDF(ExplanationPdf.pdf(e, wordy, FONT))) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            float[] extent = {Float.MAX_VALUE, 0, 0};
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    for (TextPosition p : positions) {
                        extent[0] = Math.min(extent[0], p.getXDirAdj());
                        extent[1] = Math.max(extent[1], p.getXDirAdj() + p.getWidthDirAdj());
                        extent[2] = Math.max(extent[2], p.getYDirAdj());
                    }
                    super.writeString(text, positions);
                }
            };
            String text = stripper.getText(doc);
            // the margins are 48 pt on a 595.28 × 841.89 pt page; closing punctuation may hang 1 character over
            assertThat(extent[0]).isGreaterThanOrEqualTo(47.9f);
            assertThat(extent[1]).isLessThanOrEqualTo(595.28f - 48 + 11);
            assertThat(extent[2]).isLessThanOrEqualTo(841.89f - 48);
            assertThat(text.replace("\n", "").replace("\r", "")).contains("完。", "结果校验值");
        }
    }

    @Test
    void aCharacterTheFontLacksIsShownAsAQuestionMark() throws IOException {
        SubjectResult odd = ExportFixture.renamed(ExportFixture.K02, "李\uD83D\uDE00明");
        Evaluation e = ExportFixture.with(ExportFixture.approved(), odd);

        try (PDDocument doc = Loader.loadPDF(ExplanationPdf.pdf(e, odd, FONT))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("李?明");
        }
    }

    private static String lineWith(String text, String label) {
        return text.lines().filter(l -> l.contains(label)).findFirst().orElseThrow();
    }
}

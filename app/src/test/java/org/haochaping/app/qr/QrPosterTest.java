package org.haochaping.app.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haochaping.app.qr.QrCodes.BASE;
import static org.haochaping.app.qr.QrCodes.NOW;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.haochaping.fonts.CjkFont;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrPosterTest {

    private static final QrPoster POSTER = new QrPoster(QrCodes.config(), CjkFont.locate(Optional.empty()), QrCodes.CLOCK);
    private static final QrPoster.Counter COUNTER = new QrPoster.Counter("hall-01", "c-03", "k-07", "3号窗口 不动产登记");

    @TempDir
    Path out;

    @Test
    void writesAPngWhoseCodeOpensTheCountersSignedLink() throws Exception {
        QrPoster.Written written = POSTER.write(COUNTER, out);

        assertThat(written.png()).isEqualTo(out.resolve("qr-poster-hall-01-c-03.png"));
        byte[] png = Files.readAllBytes(written.png());
        BufferedImage image = QrCodes.image(png);
        assertThat(image.getWidth()).isEqualTo(1240);
        assertThat(image.getHeight()).isEqualTo(1754);

        String url = QrCodes.decode(png);
        assertThat(url).isEqualTo(BASE + "/r/" + written.link().signed());
        QrTokenSigner.Result verified = new QrTokenSigner(QrCodes.SECRET).verify(url.substring((BASE + "/r/").length()), NOW);
        assertThat(verified).isEqualTo(new QrTokenSigner.Valid(
                QrToken.forCounter("hall-01", "c-03", "k-07", NOW.plus(Duration.ofDays(365)))));
    }

    @Test
    void writesAnA4PdfWithTheChineseTextAndTheFontEmbedded() throws Exception {
        QrPoster.Written written = POSTER.write(COUNTER, out);

        assertThat(written.pdf()).isEqualTo(out.resolve("qr-poster-hall-01-c-03.pdf"));
        try (PDDocument pdf = Loader.loadPDF(written.pdf().toFile())) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(1);
            PDRectangle a4 = pdf.getPage(0).getMediaBox();
            assertThat(a4.getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(a4.getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()).containsExactly(
                    "政务服务“好差评”",
                    "大厅：hall-01",
                    "3号窗口 不动产登记",
                    "窗口编号：c-03",
                    "工作人员：k-07",
                    "请扫码对本窗口服务进行评价",
                    "二维码有效期至 2027年11月22日 18:00");
            PDFont font = pdf.getPage(0).getResources().getFont(
                    pdf.getPage(0).getResources().getFontNames().iterator().next());
            assertThat(font.isEmbedded()).isTrue();
        }
    }

    @Test
    void withoutNameAndClerkThePosterNamesTheCounterId() throws Exception {
        QrPoster.Written written = POSTER.write(new QrPoster.Counter("hall-01", "c-04", "", ""), out);

        try (PDDocument pdf = Loader.loadPDF(written.pdf().toFile())) {
            assertThat(new PDFTextStripper().getText(pdf).lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                    .containsExactly("政务服务“好差评”", "大厅：hall-01", "窗口：c-04", "请扫码对本窗口服务进行评价",
                            "二维码有效期至 2027年11月22日 18:00");
        }
        String url = QrCodes.decode(Files.readAllBytes(written.png()));
        assertThat(new QrTokenSigner(QrCodes.SECRET).verify(url.substring((BASE + "/r/").length()), NOW))
                .isEqualTo(new QrTokenSigner.Valid(QrToken.forCounter("hall-01", "c-04", "", NOW.plus(Duration.ofDays(365)))));
    }

    @Test
    void refusesIdsATokenCannotCarryNamingTheOption() {
        assertThatThrownBy(() -> new QrPoster.Counter("", "c-03", "", ""))
                .hasMessage("--hall 必须是 1–64 个字母、数字或 . _ : -，收到：");
        assertThatThrownBy(() -> new QrPoster.Counter("hall-01", "3号窗口", "", ""))
                .hasMessage("--counter 必须是 1–64 个字母、数字或 . _ : -，收到：3号窗口");
        assertThatThrownBy(() -> new QrPoster.Counter("hall-01", "c-03", "张三", ""))
                .hasMessage("--clerk 必须是 1–64 个字母、数字或 . _ : -，收到：张三");
        assertThatThrownBy(() -> new QrPoster.Counter("hall-01", "c-03", "", "窗".repeat(41)))
                .hasMessage("--name 最多 40 个字符，收到 41 个");
    }
}

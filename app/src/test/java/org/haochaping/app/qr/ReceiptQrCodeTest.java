package org.haochaping.app.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haochaping.app.qr.QrCodes.BASE;
import static org.haochaping.app.qr.QrCodes.NOW;

import java.awt.image.BufferedImage;
import java.time.Duration;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.junit.jupiter.api.Test;

class ReceiptQrCodeTest {

    @Test
    void rendersASmallCodeOfTheCasesSignedLink() throws Exception {
        ReceiptQrCode.Code code = new ReceiptQrCode(QrCodes.config(), QrCodes.CLOCK)
                .render("P2026112200017", 1, "hall-01", "c-03", "k-07");

        String url = QrCodes.decode(code.png());
        assertThat(url).isEqualTo(BASE + "/r/" + code.link().signed());
        assertThat(new QrTokenSigner(QrCodes.SECRET).verify(code.link().signed(), NOW)).isEqualTo(new QrTokenSigner.Valid(
                QrToken.forCase("P2026112200017", 1, "hall-01", "c-03", "k-07", NOW.plus(Duration.ofDays(30)))));
        BufferedImage image = QrCodes.image(code.png());
        QrMatrix matrix = QrMatrix.encode(url, com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M);
        int side = (matrix.size() + 2 * QrMatrix.QUIET_ZONE) * ReceiptQrCode.PIXELS_PER_MODULE;
        assertThat(image.getWidth()).isEqualTo(side);
        assertThat(image.getHeight()).isEqualTo(side);
    }
}

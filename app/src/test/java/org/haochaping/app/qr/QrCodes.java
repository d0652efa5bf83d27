package org.haochaping.app.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.imageio.ImageIO;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/** Test helpers: a fixed clock and configuration, and reading a QR code back out of a PNG. */
final class QrCodes {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SECRET = "qr-secret-for-tests-0001";
    static final String BASE = "https://hcp.example.gov.cn";

    private QrCodes() {}

    static HcpConfig config() {
        return ConfigLoader.load(null, Map.of(), Map.of("qr.publicBaseUrl", BASE + "/", "security.qrSecret", SECRET));
    }

    static BufferedImage image(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** The text of the one QR code in the image (ZXing's reader, as a phone camera would). */
    static String decode(byte[] png) throws Exception {
        BufferedImage img = image(png);
        int w = img.getWidth();
        int h = img.getHeight();
        int[] pixels = img.getRGB(0, 0, w, h, null, 0, w);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}

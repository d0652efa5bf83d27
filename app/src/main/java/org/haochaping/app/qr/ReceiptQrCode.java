package org.haochaping.app.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import javax.imageio.ImageIO;
import org.haochaping.model.config.HcpConfig;

/**
 * The small per-case code for the receipt printer: just the QR code of the case's signed link
 * ({@link QrLinks#forCase}), black and white PNG, error correction M to keep it small.
 */
public final class ReceiptQrCode {

    /** A PNG and the link it carries. */
    public record Code(byte[] png, QrLinks.QrLink link) {}

    /** 4 pixels per module: about 1.7 cm for a typical link on a 203 dpi thermal printer. */
    public static final int PIXELS_PER_MODULE = 4;

    private final QrLinks links;

    public ReceiptQrCode(HcpConfig config, Clock clock) {
        this.links = new QrLinks(config, clock);
    }

    /** @param assessNumber 1, or 2 for a 追评 code issued after a rectified 差评 */
    public Code render(String projectNo, int assessNumber, String hallId, String counterId, String clerkId) {
        QrLinks.QrLink link = links.forCase(projectNo, assessNumber, hallId, counterId, clerkId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(QrMatrix.encode(link.url(), ErrorCorrectionLevel.M).image(PIXELS_PER_MODULE), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Code(out.toByteArray(), link);
    }
}

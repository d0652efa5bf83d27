package org.haochaping.app.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * The modules of a QR code (ZXing), without quiet zone: renderers add {@link #QUIET_ZONE} modules of white
 * around it, as scanners need.
 */
public record QrMatrix(BitMatrix modules) {

    /** Modules of white around the code, the minimum the QR standard asks for. */
    public static final int QUIET_ZONE = 4;

    /**
     * @param level M for small receipt codes; Q for posters, which get scuffed and photographed at an angle
     */
    public static QrMatrix encode(String text, ErrorCorrectionLevel level) {
        try {
            return new QrMatrix(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, level, EncodeHintType.MARGIN, 0,
                            EncodeHintType.CHARACTER_SET, "UTF-8")));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code for " + text.length() + " characters", e);
        }
    }

    /** Modules per side, quiet zone excluded. */
    public int size() {
        return modules.getWidth();
    }

    public boolean dark(int x, int y) {
        return modules.get(x, y);
    }

    /** Black on white, {@code pixelsPerModule} pixels per module, quiet zone included. */
    public BufferedImage image(int pixelsPerModule) {
        int side = (size() + 2 * QUIET_ZONE) * pixelsPerModule;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        int white = 0xFFFFFF;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int mx = x / pixelsPerModule - QUIET_ZONE;
                int my = y / pixelsPerModule - QUIET_ZONE;
                boolean inside = mx >= 0 && my >= 0 && mx < size() && my < size();
                image.setRGB(x, y, inside && dark(mx, my) ? 0 : white);
            }
        }
        return image;
    }
}

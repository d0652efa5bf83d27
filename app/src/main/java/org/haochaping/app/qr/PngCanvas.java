package org.haochaping.app.qr;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.haochaping.fonts.CjkFont;

/** The poster as a PNG at {@value #DPI} dpi (1240 × 1754 pixels for A4), with that resolution recorded. */
final class PngCanvas implements PosterCanvas {

    static final int DPI = 150;
    private static final float SCALE = DPI / 72f;

    private final CjkFont font;
    private final BufferedImage image;
    private final Graphics2D g;

    PngCanvas(CjkFont font) {
        this.font = font;
        this.image = new BufferedImage(Math.round(WIDTH * SCALE), Math.round(HEIGHT * SCALE), BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(SCALE, SCALE);
    }

    @Override
    public float width(String text, float size) {
        Font f = font.awt(size);
        Rectangle2D bounds = f.getStringBounds(text, g.getFontRenderContext());
        return (float) bounds.getWidth();
    }

    @Override
    public void centred(String text, float size, float baseline) {
        g.setFont(font.awt(size));
        g.drawString(text, (WIDTH - width(text, size)) / 2, baseline);
    }

    @Override
    public void frame(float x, float y, float w, float h, float lineWidth) {
        g.setStroke(new BasicStroke(lineWidth));
        g.draw(new Rectangle2D.Float(x, y, w, h));
    }

    @Override
    public void qr(QrMatrix matrix, float x, float y, float side) {
        // whole device pixels per module keep every module the same size, which scanners like
        int modules = matrix.size() + 2 * QrMatrix.QUIET_ZONE;
        int pixelsPerModule = Math.max(1, (int) Math.floor(side * SCALE / modules));
        int drawn = modules * pixelsPerModule;
        int left = Math.round((x + side / 2) * SCALE) - drawn / 2;
        int top = Math.round((y + side / 2) * SCALE) - drawn / 2;
        Graphics2D device = (Graphics2D) g.create();
        try {
            device.setTransform(new java.awt.geom.AffineTransform());
            device.drawImage(matrix.image(pixelsPerModule), left, top, null);
        } finally {
            device.dispose();
        }
    }

    byte[] png() throws IOException {
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Integer.toString(Math.round(DPI / 0.0254f));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            metadata.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
            out.flush();
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}

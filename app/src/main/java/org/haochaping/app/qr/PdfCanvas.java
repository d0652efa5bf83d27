package org.haochaping.app.qr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.haochaping.fonts.CjkFont;

/** The poster as a one-page A4 PDF: the font embedded as a subset, the QR code as vector squares. */
final class PdfCanvas implements PosterCanvas, AutoCloseable {

    private final PDDocument document = new PDDocument();
    private final CjkFont.PdfFont font;
    private final PDPageContentStream content;

    PdfCanvas(CjkFont font, String title) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(title);
        info.setCreator("haochaping");
        document.setDocumentInformation(info);
        this.font = font.pdf(document);
        this.content = new PDPageContentStream(document, page);
    }

    @Override
    public float width(String text, float size) throws IOException {
        return font.font().getStringWidth(text) / 1000f * size;
    }

    @Override
    public void centred(String text, float size, float baseline) throws IOException {
        content.beginText();
        content.setFont(font.font(), size);
        content.newLineAtOffset((WIDTH - width(text, size)) / 2, HEIGHT - baseline);
        content.showText(text);
        content.endText();
    }

    @Override
    public void frame(float x, float y, float w, float h, float lineWidth) throws IOException {
        content.setLineWidth(lineWidth);
        content.addRect(x, HEIGHT - y - h, w, h);
        content.stroke();
    }

    @Override
    public void qr(QrMatrix matrix, float x, float y, float side) throws IOException {
        float module = side / (matrix.size() + 2 * QrMatrix.QUIET_ZONE);
        float left = x + QrMatrix.QUIET_ZONE * module;
        float top = y + QrMatrix.QUIET_ZONE * module;
        for (int my = 0; my < matrix.size(); my++) {
            for (int mx = 0; mx < matrix.size(); mx++) {
                if (matrix.dark(mx, my)) {
                    // a hair of overlap so no white seams show between neighbouring modules
                    content.addRect(left + mx * module, HEIGHT - top - (my + 1) * module, module + 0.05f, module + 0.05f);
                }
            }
        }
        content.fill();
    }

    byte[] pdf() throws IOException {
        content.close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        try {
            document.close();
        } finally {
            font.close();
        }
    }
}

package org.haochaping.app.qr;

import java.io.IOException;

/**
 * An A4 page in PostScript points (595 × 842), origin top left, that a poster is drawn on once and
 * rendered twice: {@link PngCanvas} and {@link PdfCanvas}.
 */
interface PosterCanvas {

    float WIDTH = 595.28f;
    float HEIGHT = 841.89f;

    /** Width of the text at this size, in points. */
    float width(String text, float size) throws IOException;

    /** Draws the text centred on the page, its baseline at {@code baseline}. */
    void centred(String text, float size, float baseline) throws IOException;

    /** An unfilled rectangle, for the page frame. */
    void frame(float x, float y, float w, float h, float lineWidth) throws IOException;

    /** The code's modules, black, in the square at (x, y) of side {@code side} (quiet zone included). */
    void qr(QrMatrix matrix, float x, float y, float side) throws IOException;
}

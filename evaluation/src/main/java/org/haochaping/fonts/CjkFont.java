package org.haochaping.fonts;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The Chinese font printed documents are set in (QR posters, evaluation explanations), found at run time:
 * the caller's override (e.g. {@code ./hcp qr --font}), the system property {@value #PROPERTY}, the
 * environment variable {@value #ENV}, or else the first of {@link #KNOWN_PATHS} that exists and works. The
 * same font serves Java2D (PNG) and, embedded as a subset, PDFBox. PDFBox embeds only TrueType outlines, so
 * CFF-based fonts such as Noto Sans CJK are passed over.
 */
public final class CjkFont {

    public static final String PROPERTY = "hcp.font";
    public static final String ENV = "HCP_FONT";
    /** The Debian package that provides the first known font. */
    public static final String DEBIAN_PACKAGE = "fonts-wqy-zenhei";
    public static final List<Path> KNOWN_PATHS = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
            Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"));

    /** A character every candidate must have (the 评 of 好差评). */
    private static final int PROBE = '评';

    private final Path file;
    private final String postScriptName;
    private final Font awtBase;

    private CjkFont(Path file, String postScriptName, Font awtBase) {
        this.file = file;
        this.postScriptName = postScriptName;
        this.awtBase = awtBase;
    }

    /** No usable font: the message says, in Chinese, what to install. */
    public static final class FontMissingException extends RuntimeException {
        FontMissingException(String message) {
            super(message);
        }
    }

    /**
     * The override if given (which must work), else the system property, the environment, the known paths.
     *
     * @throws FontMissingException in Chinese, saying what to install or which file is unusable
     */
    public static CjkFont locate(Optional<Path> override) {
        Optional<Path> chosen = override.or(() -> Optional.ofNullable(System.getProperty(PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(ENV))).filter(s -> !s.isBlank()).map(Path::of));
        if (chosen.isPresent()) {
            Path p = chosen.get();
            if (!Files.isRegularFile(p)) {
                throw new FontMissingException("找不到指定的字体文件：" + p);
            }
            return load(p).orElseThrow(() -> new FontMissingException("字体文件 " + p
                    + " 不可用：需要含中文字形、TrueType 轮廓的 .ttf 或 .ttc 字体（例如 " + KNOWN_PATHS.get(0) + "）"));
        }
        List<Path> tried = new ArrayList<>();
        for (Path p : KNOWN_PATHS) {
            if (Files.isRegularFile(p)) {
                Optional<CjkFont> font = load(p);
                if (font.isPresent()) {
                    return font.get();
                }
                tried.add(p);
            }
        }
        throw new FontMissingException("找不到可用的中文字体（二维码海报和考核说明 PDF 需要）。请安装 " + DEBIAN_PACKAGE
                + "（sudo apt-get install " + DEBIAN_PACKAGE + "），或用环境变量 " + ENV
                + " 指定含中文字形的 TrueType 字体文件（./hcp qr 也可用 --font）"
                + (tried.isEmpty() ? "。" : "（已试过但不可用：" + tried + "）。"));
    }

    /** The font in this file (first usable member of a collection), if it has Chinese TrueType glyphs. */
    static Optional<CjkFont> load(Path file) {
        try (TrueTypeSource source = TrueTypeSource.open(file, null)) {
            if (source.font == null) {
                return Optional.empty();
            }
            String name = source.font.getName();
            return Optional.of(new CjkFont(file, name, awtFont(file, name)));
        } catch (IOException | FontFormatException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Font awtFont(Path file, String postScriptName) throws IOException, FontFormatException {
        Font[] fonts = Font.createFonts(file.toFile());
        for (Font f : fonts) {
            if (f.getPSName().equals(postScriptName)) {
                return f;
            }
        }
        return fonts[0];
    }

    public Path file() {
        return file;
    }

    /** The PostScript name of the chosen font, e.g. WenQuanYiZenHei. */
    public String name() {
        return postScriptName;
    }

    public Font awt(float size) {
        return awtBase.deriveFont(size);
    }

    /** Opens the font for one PDF; close it after the document was saved (the subset is built then). */
    public PdfFont pdf(PDDocument document) throws IOException {
        TrueTypeSource source = TrueTypeSource.open(file, postScriptName);
        try {
            return new PdfFont(PDType0Font.load(document, source.font, true), source);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** A font embedded in one document, and what must stay open until the document is saved. */
    public record PdfFont(PDType0Font font, Closeable source) implements Closeable {
        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    /** A TrueType font read from a .ttf or out of a .ttc, and the file handle behind it. */
    private static final class TrueTypeSource implements Closeable {
        private final Closeable owner;
        private TrueTypeFont font;

        private TrueTypeSource(Closeable owner) {
            this.owner = owner;
        }

        /** @param name the member to pick from a collection; null = the first usable one */
        static TrueTypeSource open(Path file, String name) throws IOException {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
                TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
                TrueTypeSource source = new TrueTypeSource(collection);
                collection.processAllFonts(f -> {
                    if (source.font == null && (name == null ? usable(f) : name.equals(f.getName()))) {
                        source.font = f;
                    }
                });
                return source;
            }
            TrueTypeFont single = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
            TrueTypeSource source = new TrueTypeSource(single);
            source.font = usable(single) ? single : null;
            return source;
        }

        private static boolean usable(TrueTypeFont f) throws IOException {
            boolean cff = f instanceof OpenTypeFont otf && otf.isPostScript();
            return !cff && f.getUnicodeCmapLookup(false) != null && f.getUnicodeCmapLookup(false).getGlyphId(PROBE) != 0;
        }

        @Override
        public void close() throws IOException {
            owner.close();
        }
    }
}

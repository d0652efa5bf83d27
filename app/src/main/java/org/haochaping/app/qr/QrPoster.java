package org.haochaping.app.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.haochaping.fonts.CjkFont;
import org.haochaping.model.FieldRules;
import org.haochaping.model.config.HcpConfig;

/**
 * A printable A4 poster for one counter (窗口): title, hall, counter name, clerk (optional), a big QR
 * code of the counter's signed link ({@link QrLinks#counter}), the instruction and the expiry, as PNG
 * (150 dpi) and PDF. Both are drawn by {@link #draw} from one layout.
 */
public final class QrPoster {

    static final String TITLE = "政务服务“好差评”";
    static final String INSTRUCTION = "请扫码对本窗口服务进行评价";
    private static final int MAX_NAME = 40;
    private static final float MARGIN = 28;
    private static final float QR_SIDE = 370;
    private static final float TEXT_WIDTH = PosterCanvas.WIDTH - 2 * MARGIN - 40;

    /**
     * What the poster is for.
     *
     * @param clerkId may be empty: the poster then names no clerk
     * @param counterName what hall staff call the counter (e.g. "3号窗口 不动产登记"); empty = the counter id
     */
    public record Counter(String hallId, String counterId, String clerkId, String counterName) {
        /** @throws IllegalArgumentException in Chinese, naming the option that is wrong */
        public Counter {
            clerkId = clerkId == null ? "" : clerkId.trim();
            counterName = counterName == null ? "" : counterName.trim();
            requireId("--hall", hallId);
            requireId("--counter", counterId);
            if (!clerkId.isEmpty()) {
                requireId("--clerk", clerkId);
            }
            if (counterName.length() > MAX_NAME) {
                throw new IllegalArgumentException("--name 最多 " + MAX_NAME + " 个字符，收到 " + counterName.length() + " 个");
            }
        }

        private static void requireId(String option, String value) {
            if (value == null || !FieldRules.ID.matcher(value).matches()) {
                throw new IllegalArgumentException(option + " 必须是 1–64 个字母、数字或 . _ : -，收到："
                        + (value == null ? "（空）" : value));
            }
        }

        /** A file name part: the ids without ':' (allowed in ids, awkward in file names). */
        String fileStem() {
            return ("qr-poster-" + hallId + "-" + counterId).replace(':', '_');
        }
    }

    /** The two files written, and the link the code carries. */
    public record Written(Path png, Path pdf, QrLinks.QrLink link) {}

    private final QrLinks links;
    private final CjkFont font;
    private final ZoneId zone;
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    public QrPoster(HcpConfig config, CjkFont font, Clock clock) {
        this.links = new QrLinks(config, clock);
        this.font = font;
        this.zone = config.rules().timeZone();
    }

    /** Writes {@code <out>/qr-poster-<hall>-<counter>.png} and {@code .pdf}, creating the folder. */
    public Written write(Counter counter, Path out) throws IOException {
        QrLinks.QrLink link = links.counter(counter.hallId(), counter.counterId(), counter.clerkId());
        Files.createDirectories(out);
        Path png = out.resolve(counter.fileStem() + ".png");
        Path pdf = out.resolve(counter.fileStem() + ".pdf");
        Files.write(png, png(counter, link));
        Files.write(pdf, pdf(counter, link));
        return new Written(png, pdf, link);
    }

    public QrLinks links() {
        return links;
    }

    /** The link's expiry as printed, in {@code rules.timeZone}: 2027年11月22日 18:00. */
    public String expiryText(QrLinks.QrLink link) {
        return EXPIRY.format(link.token().expiresAt().atZone(zone));
    }

    byte[] png(Counter counter, QrLinks.QrLink link) throws IOException {
        PngCanvas canvas = new PngCanvas(font);
        draw(canvas, counter, link);
        return canvas.png();
    }

    byte[] pdf(Counter counter, QrLinks.QrLink link) throws IOException {
        try (PdfCanvas canvas = new PdfCanvas(font, TITLE + " " + counter.hallId() + " " + counter.counterId())) {
            draw(canvas, counter, link);
            return canvas.pdf();
        }
    }

    /** The layout, top to bottom, in points on A4. */
    private void draw(PosterCanvas c, Counter counter, QrLinks.QrLink link) throws IOException {
        c.frame(MARGIN, MARGIN, PosterCanvas.WIDTH - 2 * MARGIN, PosterCanvas.HEIGHT - 2 * MARGIN, 2);
        line(c, TITLE, 40, 118);
        line(c, "大厅：" + counter.hallId(), 20, 170);
        if (counter.counterName().isEmpty()) {
            line(c, "窗口：" + counter.counterId(), 30, 218);
        } else {
            line(c, counter.counterName(), 30, 218);
            line(c, "窗口编号：" + counter.counterId(), 15, 244);
        }
        if (!counter.clerkId().isEmpty()) {
            line(c, "工作人员：" + counter.clerkId(), 18, 274);
        }
        float qrTop = 290;
        c.qr(QrMatrix.encode(link.url(), ErrorCorrectionLevel.Q), (PosterCanvas.WIDTH - QR_SIDE) / 2, qrTop, QR_SIDE);
        line(c, INSTRUCTION, 28, qrTop + QR_SIDE + 52);
        line(c, "二维码有效期至 " + expiryText(link), 14, qrTop + QR_SIDE + 90);
    }

    /** A centred line, made smaller when it would not fit between the margins. */
    private static void line(PosterCanvas c, String text, float size, float baseline) throws IOException {
        float width = c.width(text, size);
        c.centred(text, width > TEXT_WIDTH ? size * TEXT_WIDTH / width : size, baseline);
    }
}

package org.haochaping.app.qr;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.haochaping.app.CommandLine;
import org.haochaping.fonts.CjkFont;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code ./hcp qr --hall H --counter X [--clerk C] [--name 窗口名称] [--out DIR] [--font FILE]}: writes a
 * counter's poster as PNG and PDF and says where, in Chinese for hall staff; also prints the address
 * of the counter's evaluator page with its pairing key, to open once on the counter's tablet.
 */
public final class QrCommand {

    /** The options this command reads; {@link CommandLine} must accept them as value options. */
    public static final java.util.Set<String> OPTIONS = java.util.Set.of("hall", "counter", "clerk", "name", "out", "font");

    public static final String USAGE = """
              qr                      生成窗口评价二维码海报（PNG 和 PDF，A4）
                --hall H              大厅编号（必填）
                --counter X           窗口编号（必填）
                --clerk C             工作人员编号（可选，印在海报上并随评价记录）
                --name 窗口名称        印在海报上的窗口名称（可选，默认用窗口编号）
                --out DIR             输出目录（默认 ./qr-posters）
                --font FILE           中文字体文件（默认自动查找，如 wqy-zenhei.ttc）""";

    static final Path DEFAULT_OUT = Path.of("qr-posters");

    private QrCommand() {}

    public static int run(HcpConfig config, CommandLine cli) {
        return run(config, cli, Clock.systemUTC(), System.out, System.err);
    }

    /** @return 0 when both files were written; 2 for a wrong option or a missing font; 1 when writing failed */
    static int run(HcpConfig config, CommandLine cli, Clock clock, PrintStream out, PrintStream err) {
        QrPoster.Counter counter;
        try {
            counter = new QrPoster.Counter(cli.option("hall").orElse(null), cli.option("counter").orElse(null),
                    cli.option("clerk").orElse(""), cli.option("name").orElse(""));
        } catch (IllegalArgumentException e) {
            err.println("hcp qr: " + e.getMessage());
            err.println("用法：./hcp qr --hall H --counter X [--clerk C] [--name 窗口名称] [--out DIR]");
            return 2;
        }
        CjkFont font;
        try {
            font = CjkFont.locate(cli.option("font").map(Path::of));
        } catch (CjkFont.FontMissingException e) {
            err.println("hcp qr: " + e.getMessage());
            return 2;
        }
        Path dir = cli.option("out").map(Path::of).orElse(DEFAULT_OUT).toAbsolutePath().normalize();
        QrPoster poster = new QrPoster(config, font, clock);
        QrPoster.Written written;
        try {
            written = poster.write(counter, dir);
        } catch (IOException e) {
            err.println("hcp qr: 无法写入 " + dir + "：" + e.getMessage());
            return 1;
        }
        out.println("已生成窗口评价二维码海报（" + counter.hallId() + " / " + counter.counterId() + "）：");
        out.println("  PNG：" + written.png());
        out.println("  PDF：" + written.pdf());
        out.println("  二维码有效期至 " + poster.expiryText(written.link()));
        out.println("  字体：" + font.file());
        out.println("评价器地址（请在窗口平板上打开并收藏）：" + poster.links().kiosk(counter.counterId()));
        if (isLoopback(config.qr().publicBaseUrl())) {
            out.println("注意：二维码指向 " + config.qr().publicBaseUrl() + "，市民的手机无法访问这个地址。"
                    + "正式张贴前请在配置中把 qr.publicBaseUrl 设为对外地址后重新生成。");
        }
        return 0;
    }

    private static boolean isLoopback(String url) {
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

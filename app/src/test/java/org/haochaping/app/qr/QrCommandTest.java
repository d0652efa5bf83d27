package org.haochaping.app.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.haochaping.app.CommandLine;
import org.haochaping.model.qr.KioskKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QrCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> options) {
        return QrCommand.run(QrCodes.config(), new CommandLine("qr", options, Set.of()), QrCodes.CLOCK,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesBothFilesAndSaysWhereInChinese() {
        Path target = dir.resolve("posters");
        int code = run(Map.of("hall", "hall-01", "counter", "c-03", "name", "3号窗口", "out", target.toString()));

        assertThat(code).isEqualTo(0);
        assertThat(target.resolve("qr-poster-hall-01-c-03.png")).isRegularFile();
        assertThat(target.resolve("qr-poster-hall-01-c-03.pdf")).isRegularFile();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().limit(4).toList()).containsExactly(
                "已生成窗口评价二维码海报（hall-01 / c-03）：",
                "  PNG：" + target.resolve("qr-poster-hall-01-c-03.png"),
                "  PDF：" + target.resolve("qr-poster-hall-01-c-03.pdf"),
                "  二维码有效期至 2027年11月22日 18:00");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void printsTheCountersEvaluatorAddressWithItsKioskKey() {
        int code = run(Map.of("hall", "hall-01", "counter", "c-03", "out", dir.toString()));

        assertThat(code).isEqualTo(0);
        String key = new KioskKey(QrCodes.SECRET).forCounter("c-03");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(6).last().isEqualTo(
                "评价器地址（请在窗口平板上打开并收藏）：" + QrCodes.BASE + "/kiosk/c-03?key=" + key);
        assertThat(key).isNotEqualTo(new KioskKey(QrCodes.SECRET).forCounter("c-04"));
    }

    @Test
    void aMissingCounterIsAUsageErrorAndWritesNothing() throws Exception {
        int code = run(Map.of("hall", "hall-01", "out", dir.toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("hcp qr: --counter 必须是 1–64 个字母、数字或 . _ : -，收到：（空）");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingFontSaysWhatToInstall() {
        int code = run(Map.of("hall", "hall-01", "counter", "c-03", "font", dir.resolve("none.ttf").toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("hcp qr: 找不到指定的字体文件：" + dir.resolve("none.ttf") + "\n");
    }
}

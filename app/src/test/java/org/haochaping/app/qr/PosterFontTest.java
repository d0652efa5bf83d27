package org.haochaping.app.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosterFontTest {

    @TempDir
    Path dir;

    @Test
    void findsAChineseTrueTypeFontOnThisMachine() {
        PosterFont font = PosterFont.locate(Optional.empty());

        assertThat(PosterFont.KNOWN_PATHS).contains(font.file());
        assertThat(font.awt(12).canDisplayUpTo("政务服务“好差评”请扫码对本窗口服务进行评价")).isEqualTo(-1);
    }

    @Test
    void aMissingOverrideIsNamed() {
        Path missing = dir.resolve("none.ttf");
        assertThatThrownBy(() -> PosterFont.locate(Optional.of(missing)))
                .isInstanceOf(PosterFont.FontMissingException.class)
                .hasMessage("找不到指定的字体文件：" + missing);
    }

    @Test
    void anOverrideThatIsNoChineseTrueTypeFontIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.ttc"), "not a font");
        assertThatThrownBy(() -> PosterFont.locate(Optional.of(junk)))
                .isInstanceOf(PosterFont.FontMissingException.class)
                .hasMessage("字体文件 " + junk + " 不可用：需要含中文字形、TrueType 轮廓的 .ttf 或 .ttc 字体（例如 "
                        + "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc）");
    }

    @Test
    void aCffOnlyCollectionSuchAsNotoSansCjkIsPassedOver() {
        Path noto = Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(noto), "fonts-noto-cjk not installed");
        assertThat(PosterFont.load(noto)).isEmpty();
    }
}

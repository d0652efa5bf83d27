package org.haochaping.fonts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CjkFontTest {

    @TempDir
    Path dir;

    @Test
    void findsAChineseTrueTypeFontOnThisMachine() {
        CjkFont font = CjkFont.locate(Optional.empty());

        assertThat(CjkFont.KNOWN_PATHS).contains(font.file());
        assertThat(font.awt(12).canDisplayUpTo("政务服务“好差评”请扫码对本窗口服务进行评价")).isEqualTo(-1);
    }

    @Test
    void aMissingOverrideIsNamed() {
        Path missing = dir.resolve("none.ttf");
        assertThatThrownBy(() -> CjkFont.locate(Optional.of(missing)))
                .isInstanceOf(CjkFont.FontMissingException.class)
                .hasMessage("找不到指定的字体文件：" + missing);
    }

    @Test
    void theSystemPropertyChoosesTheFileWhenThereIsNoOverride() {
        Path missing = dir.resolve("from-property.ttf");
        String before = System.getProperty(CjkFont.PROPERTY);
        System.setProperty("hcp.font", missing.toString());
        try {
            assertThatThrownBy(() -> CjkFont.locate(Optional.empty()))
                    .isInstanceOf(CjkFont.FontMissingException.class)
                    .hasMessage("找不到指定的字体文件：" + missing);
            // the caller's override (./hcp qr --font) still comes first
            assertThat(CjkFont.locate(Optional.of(CjkFont.KNOWN_PATHS.get(0))).file()).isEqualTo(CjkFont.KNOWN_PATHS.get(0));
        } finally {
            if (before == null) {
                System.clearProperty(CjkFont.PROPERTY);
            } else {
                System.setProperty(CjkFont.PROPERTY, before);
            }
        }
    }

    @Test
    void anOverrideThatIsNoChineseTrueTypeFontIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.ttc"), "not a font");
        assertThatThrownBy(() -> CjkFont.locate(Optional.of(junk)))
                .isInstanceOf(CjkFont.FontMissingException.class)
                .hasMessage("字体文件 " + junk + " 不可用：需要含中文字形、TrueType 轮廓的 .ttf 或 .ttc 字体（例如 "
                        + "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc）");
    }

    @Test
    void aCffOnlyCollectionSuchAsNotoSansCjkIsPassedOver() {
        Path noto = Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(noto), "fonts-noto-cjk not installed");
        assertThat(CjkFont.load(noto)).isEmpty();
    }
}

package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.haochaping.app.demo.TextTable.Align;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void chineseCharactersAndFullWidthPunctuationAreTwoColumns() {
        assertThat(TextTable.displayWidth("")).isZero();
        assertThat(TextTable.displayWidth("abc 1.5%")).isEqualTo(8);
        assertThat(TextTable.displayWidth("市民中心")).isEqualTo(8);
        assertThat(TextTable.displayWidth("综合受理3号窗口")).isEqualTo(15);
        assertThat(TextTable.displayWidth("（未知标签）")).isEqualTo(12);
        assertThat(TextTable.displayWidth("满意度，差评率：")).isEqualTo(16);
        assertThat(TextTable.displayWidth("、。「」")).isEqualTo(8);
        assertThat(TextTable.displayWidth("𠀀")).as("CJK extension B, a surrogate pair").isEqualTo(2);
        assertThat(TextTable.displayWidth("e\u0301")).as("combining accent").isEqualTo(1);
    }

    @Test
    void padsByDisplayWidth() {
        assertThat(TextTable.padRight("王芳", 8)).isEqualTo("王芳    ");
        assertThat(TextTable.padLeft("王芳", 8)).isEqualTo("    王芳");
        assertThat(TextTable.padRight("ab", 5)).isEqualTo("ab   ");
        assertThat(TextTable.padRight("市民中心", 6)).as("never cut").isEqualTo("市民中心");
        assertThat(TextTable.displayWidth(TextTable.padRight("综合受理3号窗口", 20))).isEqualTo(20);
    }

    @Test
    void alignsMixedColumns() {
        String text = new TextTable(List.of("窗口", "评价数", "x"), List.of(Align.LEFT, Align.RIGHT, Align.LEFT))
                .row("综合受理3号窗口", "1,234", "")
                .row("税务5号窗口", "7", "ok")
                .render("  ");
        assertThat(text).isEqualTo("""
                  窗口             评价数  x
                  ---------------  ------  --
                  综合受理3号窗口   1,234
                  税务5号窗口           7  ok
                """);
        for (String line : text.split("\n")) {
            assertThat(line).doesNotEndWith(" ");
        }
        // the numbers' right edge is at the same display column on every line
        String[] lines = text.split("\n");
        assertThat(TextTable.displayWidth(lines[2])).isEqualTo(TextTable.displayWidth(lines[3].substring(0, lines[3].length() - 4)));
    }
}

package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void parsesCommandOptionsAndFlags() {
        CommandLine cli = CommandLine.parse(new String[] {"demo", "--ratings", "20000", "--exit", "--data", "/tmp/x"});
        assertThat(cli.command()).isEqualTo("demo");
        assertThat(cli.intOption("ratings", 5)).isEqualTo(20000);
        assertThat(cli.intOption("seed", 5)).isEqualTo(5);
        assertThat(cli.flag("exit")).isTrue();
        assertThat(cli.option("data")).contains("/tmp/x");
    }

    @Test
    void explainsMistakesInChinese() {
        assertThatThrownBy(() -> CommandLine.parse(new String[0])).hasMessage("缺少命令");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"demo", "--ratings"}))
                .hasMessage("选项 --ratings 需要一个值");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"demo", "--colour", "red"}))
                .hasMessage("未知选项：--colour");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"demo", "--ratings", "-3"}).intOption("ratings", 1))
                .hasMessage("选项 --ratings 需要正整数，收到：-3");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"demo", "extra"})).hasMessage("无法识别的参数：extra");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"console-token"}))
                .hasMessage("命令 console-token 需要 1 个参数");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"console-token", "a", "b"}))
                .hasMessage("无法识别的参数：b");
    }

    @Test
    void takesTheUserOfConsoleTokenAsItsArgument() {
        CommandLine cli = CommandLine.parse(new String[] {"console-token", "sup-01", "--role", "auditor", "--halls", "H1"});
        assertThat(cli.command()).isEqualTo("console-token");
        assertThat(cli.arguments()).containsExactly("sup-01");
        assertThat(cli.option("role")).contains("auditor");
        assertThat(cli.option("halls")).contains("H1");
        assertThat(CommandLine.parse(new String[] {"demo"}).arguments()).isEmpty();
        assertThat(CommandLine.USAGE).contains("  console-token <用户编号>", "--role R", "--halls H1,H2");
    }

    @Test
    void takesTheCasesOfTheDemoAndTheQrCommandsOptions() {
        CommandLine demo = CommandLine.parse(new String[] {"demo", "--cases", "300", "--seed", "7"});
        assertThat(demo.intOption("cases", 1)).isEqualTo(300);
        CommandLine qr = CommandLine.parse(new String[] {"qr", "--hall", "hall-01", "--counter", "hall-01-c03",
                "--clerk", "clerk-0101", "--name", "综合受理3号窗口", "--out", "/tmp/posters", "--font", "/tmp/f.ttc"});
        assertThat(qr.command()).isEqualTo("qr");
        assertThat(qr.options()).containsOnlyKeys(org.haochaping.app.qr.QrCommand.OPTIONS.toArray(String[]::new));
        assertThat(CommandLine.USAGE).contains("  qr  ", "--cases N", "  通用选项：");
    }
}

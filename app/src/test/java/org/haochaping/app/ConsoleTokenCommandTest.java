package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.ConsoleRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTokenCommandTest {

    private static final Pattern TOKEN = Pattern.compile("(?m)^  ([A-Za-z0-9_-]+)$");
    private static final Pattern YAML = Pattern.compile("(?s)(console:\n.*)$");

    private record Run(int exit, String out, String err) {

        String token() {
            Matcher m = TOKEN.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            return m.group(1);
        }

        String yaml() {
            Matcher m = YAML.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            return m.group(1);
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConsoleTokenCommand.run(CommandLine.parse(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static HcpConfig load(String yaml, Path dir) throws Exception {
        Path file = dir.resolve("console.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of(), Map.of());
    }

    @Test
    void printsA32ByteUrlSafeTokenAndTheYamlThatRegistersItsHash(@TempDir Path dir) throws Exception {
        Run run = run("console-token", "sup-01");

        assertThat(run.exit()).isZero();
        String token = run.token();
        assertThat(token).hasSize(43);
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(run.yaml()).isEqualTo("""
                console:
                  users:
                    "sup-01":
                      role: supervisor
                      halls: ["*"]
                      tokenSha256: %s
                """.formatted(HcpConfig.ConsoleUser.hash(token)));
        // the printed lines are a valid configuration: the user is there, with the token's hash
        HcpConfig.ConsoleUser user = load(run.yaml(), dir).console().users().get("sup-01");
        assertThat(user).isEqualTo(new HcpConfig.ConsoleUser(ConsoleRole.SUPERVISOR, List.of("*"),
                HcpConfig.ConsoleUser.hash(token)));
    }

    @Test
    void takesRoleAndHallsAndMakesANewTokenEachTime(@TempDir Path dir) throws Exception {
        Run auditor = run("console-token", "aud-1", "--role", "auditor", "--halls", "H1, H2");
        Run clerk = run("console-token", "K7", "--role", "clerk");

        assertThat(load(auditor.yaml(), dir).console().users().get("aud-1"))
                .isEqualTo(new HcpConfig.ConsoleUser(ConsoleRole.AUDITOR, List.of("H1", "H2"),
                        HcpConfig.ConsoleUser.hash(auditor.token())));
        assertThat(load(clerk.yaml(), dir).console().users().get("K7"))
                .isEqualTo(new HcpConfig.ConsoleUser(ConsoleRole.CLERK, List.of(),
                        HcpConfig.ConsoleUser.hash(clerk.token())));
        assertThat(clerk.token()).isNotEqualTo(auditor.token());
        assertThat(run("console-token", "K7").token()).isNotEqualTo(clerk.token());
    }

    @Test
    void refusesAWrongUserRoleOrHallInChinese() {
        Run badId = run("console-token", "张三");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("用户编号只能包含字母、数字和 . _ : -");
        assertThat(badId.out()).isEmpty();
        Run badRole = run("console-token", "u1", "--role", "boss");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("--role 只能是 supervisor、auditor 或 clerk，收到：boss");
        Run noHall = run("console-token", "u1", "--halls", " , ");
        assertThat(noHall.exit()).isEqualTo(2);
        assertThat(noHall.err()).contains("督查员至少需要一个大厅（或 *）");
    }
}

package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

/** {@code hcp demo --exit} in process: it must balance, twice in a row on the same data folder. */
class DemoCommandITCase {

    private static final Pattern LINE = Pattern.compile(
            "(?m)^accepted (\\d+), rejected (\\d+), stored (\\d+), aggregated (\\d+)$");

    @Test
    void demoBalancesAndBalancesAgainAfterARestart() throws Exception {
        HcpConfig config = RuntimeTestConfig.fresh(Map.of());
        for (int run = 1; run <= 2; run++) {
            PrintStream original = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int exit;
            try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                System.setOut(out);
                exit = DemoCommand.run(config, CommandLine.parse(new String[] {"demo", "--ratings", "3000", "--exit"}));
            } finally {
                System.setOut(original);
            }
            String output = captured.toString(StandardCharsets.UTF_8);
            original.println(output);
            assertThat(exit).as("run " + run).isZero();
            Matcher m = LINE.matcher(output);
            assertThat(m.find()).as(output).isTrue();
            long accepted = Long.parseLong(m.group(1));
            assertThat(accepted + Long.parseLong(m.group(2))).isEqualTo(3000);
            assertThat(Long.parseLong(m.group(3))).isEqualTo(accepted);
            assertThat(Long.parseLong(m.group(4))).isEqualTo(accepted);
            assertThat(output).contains("窗口满意度排名", "工作人员满意度排名", "对账一致");
        }
    }
}

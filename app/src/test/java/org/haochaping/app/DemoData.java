package org.haochaping.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.haochaping.app.demo.DemoScenario;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.evaluation.EvaluationPolicy;

/**
 * {@code hcp demo --exit} in process on the shared test chDB, for this module's tests and other modules'
 * (published in app's test-jar): data shaped like production's, through the real edge, Kafka and Flink job.
 */
public final class DemoData {

    /** What ran: the configuration the demo used, its scenario (the simulated period, the cases), exit and output. */
    public record Run(HcpConfig config, DemoScenario scenario, int exit, String output) {}

    private DemoData() {}

    /** A configuration on the emptied test store, a fresh Kafka log and checkpoint folder; see {@link RuntimeTestConfig}. */
    public static HcpConfig freshConfig(Map<String, String> overrides) throws Exception {
        return RuntimeTestConfig.fresh(overrides);
    }

    /**
     * The built-in evaluation policy for a few hundred demo cases, which give a clerk a dozen ratings: 5 active
     * ratings to be ranked (not 30), the hall mean weighing as 5 ratings. Written to a file for
     * {@code evaluation.policyFile}.
     */
    public static Path smallSamplePolicy() throws Exception {
        Path policy = Files.createTempFile(Path.of(System.getProperty("hcp.test.tmp", "target/tmp")), "demo-policy-",
                ".yaml");
        Files.writeString(policy, EvaluationPolicy.builtIn().yaml()
                .replace("minActiveRatings: 30", "minActiveRatings: 5").replace("priorStrength: 30", "priorStrength: 5"));
        return policy;
    }

    /** Runs the demo with {@code cases} cases and {@code seed} on {@code config}; its output is echoed. */
    public static Run run(HcpConfig config, int cases, String seed) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        AtomicReference<DemoScenario> scenario = new AtomicReference<>();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = DemoCommand.run(config, CommandLine.parse(new String[] {
                    "demo", "--cases", Integer.toString(cases), "--seed", seed, "--exit"}), scenario::set);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.println(output);
        return new Run(config, scenario.get(), exit, output);
    }
}

package org.haochaping.app;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.haochaping.app.demo.DemoOptions;
import org.haochaping.app.demo.DemoSimulator;
import org.haochaping.app.demo.DemoSummary;
import org.haochaping.app.demo.Population;
import org.haochaping.app.demo.RatingGenerator;
import org.haochaping.app.demo.Reconciliation;
import org.haochaping.app.demo.SimulationResult;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code hcp demo}: starts the embedded runtime, posts simulated signed ratings over HTTP, waits until
 * the pipeline has caught up, prints a Chinese summary read back from ClickHouse and the
 * reconciliation line; non-zero exit unless every accepted rating was stored and aggregated once.
 */
final class DemoCommand {

    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    private DemoCommand() {}

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static int run(HcpConfig configured, CommandLine cli) throws Exception {
        Clock clock = Clock.systemUTC();
        // the simulator signs as an evaluator of its own, with a secret trusted for this run only
        HcpConfig config = configured.withDevice(DemoSimulator.PREFERRED_DEVICE, randomSecret());
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config)) {
            Hcp.printBanner(runtime);
            String topic = config.kafka().ratingsTopic();
            if (!PipelineLag.awaitZero(runtime.bootstrapServers(), topic, CATCH_UP)) {
                System.err.println("hcp: 流处理作业未能在 " + CATCH_UP.toSeconds() + " 秒内处理完已有数据");
                return 1;
            }
            Reconciliation.Baseline baseline = Reconciliation.Baseline.take(runtime.store());
            DemoOptions options = DemoOptions.defaults(clock)
                    .withRatings(cli.intOption("ratings", DemoOptions.DEFAULT_RATINGS));
            if (cli.option("seed").isPresent()) {
                options = options.withSeed(cli.intOption("seed", 1));
            }
            // ratings may not fall behind what the pipeline has already closed (see LateRatingGuard)
            options = baseline.earliestSafeRatedAt().map(options::notBefore).orElse(options);

            Population population = Population.generate(options);
            String runId = RatingGenerator.newRunId(clock);
            System.out.printf("%n开始模拟：%d 条评价，%d 个大厅、%d 个窗口，评价时间 %s 至 %s（UTC）%n",
                    options.ratings(), options.halls(), population.counters().size(), options.from(), options.to());
            SimulationResult result = new DemoSimulator(DemoSimulator.defaultHttpClient(), runtime.baseUrl(), config,
                    clock).configure(options).run(RatingGenerator.create(population, options, runId));
            System.out.println(result.line());

            System.out.println("等待流处理作业处理完毕……");
            Reconciliation reconciliation = Reconciliation.await(runtime.store(), runId, baseline, result);
            DemoSummary.print(runtime.store(), population, runId, config.scoring(), System.out);
            System.out.println(reconciliation.line());
            boolean ok = reconciliation.balanced() && result.asExpected();
            System.out.println(ok ? "对账一致：每条受理的评价都已入库并计入统计，且只计一次。"
                    : "对账不一致：请查看 " + config.dataPath().resolve("hcp.log") + " 与 dead_letters 表。");
            if (!cli.flag("exit")) {
                Hcp.waitForEnter("服务仍在运行（" + runtime.baseUrl() + "），按回车键退出。");
            }
            return ok ? 0 : 1;
        }
    }
}

package org.haochaping.app;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.haochaping.app.demo.DemoExpectation;
import org.haochaping.app.demo.DemoOptions;
import org.haochaping.app.demo.DemoRoster;
import org.haochaping.app.demo.DemoScenario;
import org.haochaping.app.demo.DemoSimulator;
import org.haochaping.app.demo.DemoSummary;
import org.haochaping.app.demo.Population;
import org.haochaping.app.demo.RatingGenerator;
import org.haochaping.app.demo.Reconciliation;
import org.haochaping.app.demo.SimulationResult;
import org.haochaping.app.demo.WorkOrderTally;
import org.haochaping.app.evaluation.EvaluationReport;
import org.haochaping.app.sms.LoggingSmsGateway;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.EvaluationService;
import org.haochaping.evaluation.StaffDirectory;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.ConsoleRole;

/**
 * {@code hcp demo}: starts the embedded runtime and drives every channel through the HTTP edge like the
 * halls of the last ten days (see {@link DemoScenario}): the business system's cases, evaluator ratings
 * (with spam presses and invalid requests); then the SMS invitations the pipeline issues (sent through the
 * logging gateway) and, as now, QR ratings and duplicates and the citizens' SMS replies. It waits until
 * ClickHouse shows what the scenario expects, prints a Chinese summary, the reconciliation table and
 * line, and the line of 差评 work orders and alerts (one work order per counted 差评); non-zero exit unless
 * everything balanced. It ends with the monthly evaluation of the simulated month (best and weakest five
 * clerks, the XLSX path). The console runs with a demo supervisor and auditor whose tokens are printed.
 */
final class DemoCommand {

    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    /** How long the demo waits for the pipeline between phases. */
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final String DEMO_SUPERVISOR = "demo-supervisor";
    static final String DEMO_AUDITOR = "demo-auditor";

    private DemoCommand() {}

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static int run(HcpConfig configured, CommandLine cli) throws Exception {
        return run(configured, cli, scenario -> { });
    }

    /** @param generated told the run's scenario before anything is sent (tests read the phones it used) */
    static int run(HcpConfig configured, CommandLine cli, Consumer<DemoScenario> generated) throws Exception {
        Clock clock = Clock.systemUTC();
        PrintStream out = System.out;
        // the simulator signs as an evaluator, a business system and an SMS gateway of its own, with
        // secrets trusted for this run only
        // and the console gets a supervisor and an auditor of every hall, with tokens for this run only
        String supervisorToken = ConsoleTokenCommand.newToken();
        String auditorToken = ConsoleTokenCommand.newToken();
        HcpConfig config = configured
                .withDevice(DemoSimulator.PREFERRED_DEVICE, randomSecret())
                .withSystem(DemoSimulator.PREFERRED_SYSTEM, randomSecret())
                .withSmsGateway(DemoSimulator.PREFERRED_GATEWAY, randomSecret())
                .withConsoleUser(DEMO_SUPERVISOR, ConsoleRole.SUPERVISOR, List.of("*"), supervisorToken)
                .withConsoleUser(DEMO_AUDITOR, ConsoleRole.AUDITOR, List.of("*"), auditorToken);
        if (config.sms().gateway() != HcpConfig.SmsGatewayKind.LOGGING) {
            // the simulated citizens' numbers are made up: never hand them to a real SMS gateway
            System.err.println("hcp: 演示会向模拟的手机号发送短信邀请，请使用 sms.gateway: logging（当前为 "
                    + config.sms().gateway().name().toLowerCase(java.util.Locale.ROOT) + "）");
            return 2;
        }
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(config)) {
            Hcp.printBanner(runtime);
            out.println("  控制台演示账号（令牌仅本次运行有效，请求时放在 Authorization: Bearer 之后）：");
            out.println("    督查员 " + DEMO_SUPERVISOR + "（全部大厅）：" + supervisorToken);
            out.println("    复核员 " + DEMO_AUDITOR + "（全部大厅）：  " + auditorToken);
            List<String> topics = PipelineLag.inputTopics(config);
            if (!PipelineLag.awaitZero(runtime.bootstrapServers(), topics, CATCH_UP)) {
                System.err.println("hcp: 流处理作业未能在 " + CATCH_UP.toSeconds() + " 秒内处理完已有数据");
                return 1;
            }
            ClickHouseStore store = runtime.store();
            Reconciliation.Baseline baseline = Reconciliation.Baseline.take(store);
            DemoOptions options = DemoOptions.defaults(clock)
                    .withCases(cli.intOption("cases", cli.intOption("ratings", DemoOptions.DEFAULT_CASES)));
            if (cli.option("seed").isPresent()) {
                options = options.withSeed(cli.intOption("seed", 1));
            }
            // cases may not fall behind what the pipeline has already closed (see LateRatingGuard)
            options = baseline.earliestSafeRatedAt().map(options::notBefore).orElse(options);

            Population population = Population.generate(options);
            String runId = RatingGenerator.newRunId(clock);
            DemoScenario scenario = DemoScenario.generate(population, options, runId, config);
            DemoExpectation expected = scenario.expectation();
            generated.accept(scenario);
            ZoneId zone = config.rules().timeZone();
            out.printf("%n开始模拟：%d 个办件，%d 个大厅、%d 个窗口，办结时间 %s 至 %s（%s）%n", expected.cases(),
                    options.halls(), population.counters().size(), LOCAL_TIME.format(options.from().atZone(zone)),
                    LOCAL_TIME.format(options.to().atZone(zone)), zone);

            DemoSimulator simulator = new DemoSimulator(DemoSimulator.defaultHttpClient(), runtime.baseUrl(), config,
                    clock).configure(options)
                    // days pass in seconds: keep what is in flight well within the pipeline's allowed lateness
                    .maxEventTimeSpread(config.flink().allowedLateness().dividedBy(2));
            SimulationResult backlog = simulator.run(scenario.backlog(), scenario.backlog().size());
            out.println("办件与评价器评价：" + backlog.line());
            out.println("等待流处理作业发出短信邀请……");
            // sent, or expired when the rating window was over
            long handled = awaitCount(store, "SELECT count() FROM sms_sends FINAL WHERE status IN ('sent', 'expired') "
                    + "AND invitation_id LIKE " + Sql.literal("inv:" + runId + "-%"), expected.invitations());
            LoggingSmsGateway gateway = (LoggingSmsGateway) runtime.smsGateway();
            List<String> smsMismatches = smsMismatches(gateway.recent(), scenario);
            out.printf("短信邀请：%d 条已处理（预期 %d 条：发送 %d 条，评价期已过不再发送 %d 条），短信网关%s%n", handled,
                    expected.invitations(), expected.smsSent(), expected.smsExpired(), smsMismatches.isEmpty()
                            ? "收到的号码与办件一一对应" : "收到的短信与预期不符：" + String.join("；", smsMismatches));
            // QR ratings only now: the stream job decides in the order ratings arrive, and a QR rating before the
            // invitation time was passed would cancel the invitation of a case the scenario expects invited
            SimulationResult qr = simulator.run(scenario.liveQr(), scenario.liveQr().size());
            out.println("扫码评价：" + qr.line());
            // and the SMS replies to cases rated by QR only once those ratings counted: they must be the duplicates
            awaitCount(store, "SELECT count() FROM ratings FINAL WHERE channel = 'qr' AND project_no LIKE "
                    + Sql.literal(runId + "-%"), expected.qr());
            SimulationResult sms = simulator.run(scenario.liveSms(), scenario.liveSms().size());
            // replies are matched on event-time timers at their arrival: a later SMS moves the watermark past them
            Thread.sleep(config.flink().outOfOrderness().plus(config.flink().idleness()).plusSeconds(1).toMillis());
            sms = sms.plus(simulator.run(List.of(scenario.lastReply()), 1));
            out.println("短信回复：" + sms.line());
            SimulationResult result = backlog.plus(qr).plus(sms);

            out.println("等待流处理作业处理完毕……");
            Reconciliation reconciliation = Reconciliation.await(store, runId, baseline, result, expected,
                    Reconciliation.DEFAULT_TIMEOUT);
            WorkOrderTally workOrders = WorkOrderTally.await(store, runId, expected.badRatings(), PHASE_TIMEOUT);
            DemoSummary.print(store, population, runId, config.scoring(), out);
            out.println();
            out.print(reconciliation.report());
            out.println(reconciliation.line());
            out.println(workOrders.line());
            boolean ok = reconciliation.balanced() && result.asExpected() && smsMismatches.isEmpty()
                    && workOrders.balanced();
            out.println(ok ? "对账一致：每条受理的评价都已入库并计入统计，且只计一次；重复评价已标记，无法识别的短信已进入死信。"
                    : "对账不一致：请查看 " + config.dataPath().resolve("hcp.log") + " 与 dead_letters 表。");
            monthlyEvaluation(runtime, population, scenario, options, clock, out);
            if (!cli.flag("exit")) {
                Hcp.waitForEnter("服务仍在运行（" + runtime.baseUrl() + "），按回车键退出。");
            }
            return ok ? 0 : 1;
        }
    }

    /**
     * The demo's last act: registers the population's roster (one clerk with a rater's phone, see
     * {@link DemoRoster}), runs the simulated month's evaluation as the demo supervisor, writes the XLSX
     * and CSV and prints the best and weakest five.
     */
    private static void monthlyEvaluation(EmbeddedRuntime runtime, Population population, DemoScenario scenario,
                                          DemoOptions options, Clock clock, PrintStream out) throws Exception {
        HcpConfig config = runtime.config();
        DemoRoster.Roster roster = DemoRoster.build(population, scenario, runtime.store(),
                new PhoneProtector(config.security().phoneHashKey()));
        new StaffDirectory(runtime.store(), clock).register(roster.members());
        EvaluationMonth month = DemoRoster.simulatedMonth(options.from(), options.to(), config.rules().timeZone());
        out.println();
        out.println("月度考核：花名册登记 " + roster.members().size() + " 名工作人员" + roster.selfRater()
                .map(k -> "（" + k + " 登记的手机号与其一笔办件的评价人相同，演示本人自评的识别）").orElse("")
                + "；考核模拟期间所在的 " + month.chinese() + "（该月已入库的全部评价）");
        Evaluation evaluation = EvaluationService.forConfig(runtime.store(), config, clock).run(month, DEMO_SUPERVISOR);
        EvaluationReport.print(evaluation, EvaluationReport.write(evaluation, config.exportPath()), out);
    }

    /** Waits until {@code countSql} counts {@code expected} (or the timeout); returns the last count. */
    private static long awaitCount(ClickHouseStore store, String countSql, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        long now = 0;
        while (System.nanoTime() < deadline) {
            try {
                now = store.queryLong(countSql);
                if (now >= expected) {
                    return now;
                }
            } catch (RuntimeException e) {
                // the store briefly busy: ask again
            }
            Thread.sleep(500);
        }
        return now;
    }

    /**
     * What is wrong with the messages the logging gateway took for this run (those naming its cases): one
     * per expected invitation, to the case's own phone (opened from its sealed form), naming the case.
     */
    static List<String> smsMismatches(List<LoggingSmsGateway.Message> messages, DemoScenario scenario) {
        Map<String, String> expected = scenario.expectedSms();
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LoggingSmsGateway.Message m : messages) {
            if (!m.text().contains(scenario.runId() + "-")) {
                continue; // another run's invitation
            }
            String projectNo = expected.get(m.phone());
            if (projectNo == null || !m.text().contains(projectNo)) {
                wrong.add("意外的短信 " + m);
            } else if (!seen.add(m.phone())) {
                wrong.add("重复发送 " + m);
            }
        }
        long missing = expected.size() - seen.size();
        if (missing > 0) {
            wrong.add("缺少 " + missing + " 条");
        }
        return wrong;
    }
}

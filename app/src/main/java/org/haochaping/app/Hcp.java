package org.haochaping.app;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.haochaping.app.evaluation.EmbeddedStoreGuard;
import org.haochaping.app.evaluation.EvaluateCommand;
import org.haochaping.app.evaluation.StaffCommand;
import org.haochaping.app.qr.QrCommand;
import org.haochaping.model.config.ConfigException;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.AlertType;

/**
 * The {@code hcp} command (started by the ./hcp script, or directly in the production image): {@code run},
 * {@code serve}, {@code demo}, {@code qr}, {@code console-token}, {@code evaluate} and {@code staff-import}. Messages are for hall staff and newcomers, so they are in Chinese.
 */
public final class Hcp {

    private static final String TERMINAL = "/dev/tty";

    private Hcp() {}

    public static void main(String[] args) {
        try {
            System.exit(run(CommandLine.parse(args)));
        } catch (CommandLine.UsageException e) {
            System.err.println("hcp: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
        } catch (ConfigException e) {
            System.err.println("hcp: 配置错误 — " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            Throwable bind = rootCause(e);
            if (bind instanceof java.net.BindException) {
                System.err.println("hcp: 端口已被占用（" + bind.getMessage() + "）。请停止占用该端口的程序，"
                        + "或用 --port 指定其他端口。");
            } else if (e instanceof EmbeddedStoreGuard.StoreBusyException) {
                System.err.println("hcp: " + e.getMessage());
            } else {
                System.err.println("hcp: 运行失败 — " + e);
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static int run(CommandLine cli) throws Exception {
        HcpConfig config = loadConfig(cli);
        System.setProperty("hcp.log.file", config.dataPath().resolve("hcp.log").toString());
        return switch (cli.command()) {
            case "run" -> runForever(config);
            case ServeCommand.NAME -> ServeCommand.run(config, System.out, System.err);
            case "demo" -> DemoCommand.run(config, cli);
            case "qr" -> QrCommand.run(config, cli);
            case ConsoleTokenCommand.NAME -> ConsoleTokenCommand.run(cli, System.out, System.err);
            case EvaluateCommand.NAME -> EvaluateCommand.run(config, cli.option("month").orElseThrow(
                    () -> new CommandLine.UsageException("evaluate 需要 --month YYYY-MM")), cli.option("by").orElse("cli"),
                    System.out, System.err);
            case StaffCommand.NAME -> StaffCommand.run(config, Path.of(cli.arguments().get(0)), System.out, System.err);
            default -> throw new CommandLine.UsageException("未知命令：" + cli.command());
        };
    }

    static HcpConfig loadConfig(CommandLine cli) {
        Map<String, String> overrides = new HashMap<>();
        cli.option("data").ifPresent(v -> overrides.put("dataDir", v));
        cli.option("port").ifPresent(v -> overrides.put("http.port", v));
        Path file = cli.option("config").map(Path::of).orElse(null);
        return ConfigLoader.load(file, System.getenv(), overrides);
    }

    private static int runForever(HcpConfig config) throws Exception {
        EmbeddedRuntime runtime = EmbeddedRuntime.start(config);
        printBanner(runtime);
        return runUntilStopped(runtime);
    }

    /** Blocks until the process is asked to stop (Ctrl+C, or SIGTERM from a service manager), then closes. */
    static int runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n正在停止……");
            Shutdown.quietly("hcp", running::close);
            stopped.countDown();
        }, "hcp-shutdown"));
        System.out.println("按 Ctrl+C 停止。");
        stopped.await();
        return 0;
    }

    static void printBanner(EmbeddedRuntime runtime) {
        printBanner("好差评分析服务已启动（内嵌模式）", runtime.edge());
    }

    static void printBanner(String title, EdgeServices runtime) {
        System.out.println(title);
        System.out.println("  评价接收接口：" + runtime.baseUrl() + "/api/v1/ratings");
        System.out.println("  办件推送接口：" + runtime.baseUrl() + "/api/v1/transactions");
        System.out.println("  短信回复接口：" + runtime.baseUrl() + "/api/v1/sms/inbound");
        System.out.println("  评价器页面：  " + runtime.baseUrl() + "/kiosk/<窗口编号>?key=<配对密钥>（完整地址由 ./hcp qr 打印）");
        System.out.println("  管理控制台：  " + runtime.consoleUrl() + "/api/v1（令牌由 ./hcp console-token 生成）");
        System.out.println("  告警推送：    " + webhookLine(runtime.config().alerts()));
        System.out.println("  健康检查：    " + runtime.baseUrl() + "/health");
        System.out.println("  监控指标：    " + runtime.baseUrl() + "/metrics");
        System.out.println("  数据目录：    " + runtime.config().dataPath().toAbsolutePath());
    }

    /** Where alerts go, without the URL's user, path or query (robot webhooks often carry their key there). */
    static String webhookLine(HcpConfig.Alerts alerts) {
        if (alerts.webhookUrl().isBlank()) {
            return "未配置（告警只写入 alerts 表；推送地址见配置项 alerts.webhookUrl）";
        }
        URI url = URI.create(alerts.webhookUrl().trim());
        String host = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        String types = alerts.webhookTypes().stream().map(AlertType::wireName).collect(Collectors.joining(", "));
        return "推送到 " + host + "（告警类型 " + types + "）";
    }

    /**
     * Waits for Enter on the terminal; returns at once when there is none. Reads {@code /dev/tty}, not the
     * standard input: the embedded chDB has the process's fd 0 pointed at {@code /dev/null} (it would take
     * waiting input as rows of an insert), and {@link System#console()} then says there is no terminal.
     */
    static void waitForEnter(String prompt) throws Exception {
        FileInputStream tty;
        try {
            tty = new FileInputStream(TERMINAL);
        } catch (IOException e) {
            return; // no controlling terminal (a test, a service, CI)
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(tty, StandardCharsets.UTF_8))) {
            System.out.println(prompt);
            in.readLine();
        }
    }
}

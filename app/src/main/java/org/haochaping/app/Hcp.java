package org.haochaping.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.haochaping.app.qr.QrCommand;
import org.haochaping.model.config.ConfigException;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * The {@code hcp} command (started by the ./hcp script): {@code run}, {@code demo} and {@code qr}. Messages
 * are for hall staff and newcomers, so they are in Chinese.
 */
public final class Hcp {

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
            case "demo" -> DemoCommand.run(config, cli);
            case "qr" -> QrCommand.run(config, cli);
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n正在停止……");
            runtime.close();
            stopped.countDown();
        }, "hcp-shutdown"));
        printBanner(runtime);
        System.out.println("按 Ctrl+C 停止。");
        stopped.await();
        return 0;
    }

    static void printBanner(EmbeddedRuntime runtime) {
        System.out.println("好差评分析服务已启动（内嵌模式）");
        System.out.println("  评价接收接口：" + runtime.baseUrl() + "/api/v1/ratings");
        System.out.println("  办件推送接口：" + runtime.baseUrl() + "/api/v1/transactions");
        System.out.println("  短信回复接口：" + runtime.baseUrl() + "/api/v1/sms/inbound");
        System.out.println("  评价器页面：  " + runtime.baseUrl() + "/kiosk/<窗口编号>?key=<配对密钥>（完整地址由 ./hcp qr 打印）");
        System.out.println("  健康检查：    " + runtime.baseUrl() + "/health");
        System.out.println("  监控指标：    " + runtime.baseUrl() + "/metrics");
        System.out.println("  数据目录：    " + runtime.config().dataPath().toAbsolutePath());
    }

    /** Waits for Enter on an interactive terminal; returns at once when there is none. */
    static void waitForEnter(String prompt) throws Exception {
        if (System.console() == null) {
            return;
        }
        System.out.println(prompt);
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}

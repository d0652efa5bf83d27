package org.haochaping.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.haochaping.app.evaluation.EvaluateCommand;
import org.haochaping.app.evaluation.StaffCommand;
import org.haochaping.app.qr.QrCommand;

/**
 * {@code hcp <command> [argument] [--option value] [--flag]}, parsed once into this record; only the commands
 * in {@link #ARGUMENTS} take arguments.
 */
public record CommandLine(String command, List<String> arguments, Map<String, String> options, Set<String> flags) {

    static final String USAGE = """
            用法：./hcp <命令> [选项]
              run                     启动内嵌的全部服务（HTTP 默认 127.0.0.1:8080）
            """ + ServeCommand.USAGE.indent(2) + """
              demo                    启动服务，模拟最近 10 天的办件和各渠道评价（评价器、二维码、短信、
                                      默认评价），最后打印汇总和对账结果
                --cases N             模拟办件数（默认 2000；--ratings N 同义）
                --seed N              随机种子（相同种子生成相同的办件与评价）
                --exit                演示结束后直接退出（不等待按键）
            """ + QrCommand.USAGE.indent(2) + ConsoleTokenCommand.USAGE.indent(2) + EvaluateCommand.USAGE.indent(2)
            + StaffCommand.USAGE.indent(2) + """
              通用选项：
                --config FILE         YAML 配置文件
                --data DIR            数据目录（默认 ./hcp-data）
                --port N              HTTP 端口""".indent(2).stripTrailing();

    private static final Set<String> VALUE_OPTIONS = valueOptions();
    private static final Set<String> FLAG_OPTIONS = Set.of("exit");
    /** How many arguments (words before or between the options) a command takes. */
    private static final Map<String, Integer> ARGUMENTS = Map.of(ConsoleTokenCommand.NAME, 1, StaffCommand.NAME, 1);

    private static Set<String> valueOptions() {
        Set<String> options = new HashSet<>(Set.of("config", "data", "port", "cases", "ratings", "seed"));
        options.addAll(QrCommand.OPTIONS);
        options.addAll(ConsoleTokenCommand.OPTIONS);
        options.addAll(EvaluateCommand.OPTIONS);
        return Set.copyOf(options);
    }

    /** A command line without arguments. */
    public CommandLine(String command, Map<String, String> options, Set<String> flags) {
        this(command, List.of(), options, flags);
    }

    public static CommandLine parse(String[] args) {
        if (args.length == 0) {
            throw new UsageException("缺少命令");
        }
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> arguments = new ArrayList<>();
        int takes = ARGUMENTS.getOrDefault(args[0], 0);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (arguments.size() >= takes) {
                    throw new UsageException("无法识别的参数：" + arg);
                }
                arguments.add(arg);
                continue;
            }
            String name = arg.substring(2);
            if (FLAG_OPTIONS.contains(name)) {
                flags.add(name);
            } else if (VALUE_OPTIONS.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new UsageException("选项 --" + name + " 需要一个值");
                }
                options.put(name, args[++i]);
            } else {
                throw new UsageException("未知选项：" + arg);
            }
        }
        if (arguments.size() < takes) {
            throw new UsageException("命令 " + args[0] + " 需要 " + takes + " 个参数");
        }
        return new CommandLine(args[0], List.copyOf(arguments), options, flags);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** A positive whole number option, or the default. */
    public int intOption(String name, int defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("选项 --" + name + " 需要正整数，收到：" + v);
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

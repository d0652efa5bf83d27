package org.haochaping.app;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.haochaping.model.FieldRules;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.workorders.ConsoleRole;

/**
 * {@code ./hcp console-token <userId> [--role R] [--halls H1,H2]}: makes a new bearer token for a console
 * user and prints it once, with the YAML lines that register the user under {@code console.users} — only
 * the token's SHA-256 goes into the configuration, so the file holds no usable credential.
 */
final class ConsoleTokenCommand {

    static final String NAME = "console-token";
    static final Set<String> OPTIONS = Set.of("role", "halls");
    static final String USAGE = """
              console-token <用户编号>  生成管理控制台的访问令牌，并打印写入配置文件的 console.users 配置
                --role R              supervisor（督查员，默认）、auditor（复核员）或 clerk（窗口工作人员，
                                      用户编号即工作人员编号）
                --halls H1,H2         可管理的大厅编号，逗号分隔；* 表示全部（督查员、复核员默认 *）""";

    /** 32 random bytes: 256 bits, beyond guessing. */
    static final int TOKEN_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleTokenCommand() {}

    /** A new token: 32 random bytes in URL-safe base64 without padding (43 characters, safe in a header). */
    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return 0, or 2 for a wrong user id, role or hall list */
    static int run(CommandLine cli, PrintStream out, PrintStream err) {
        String userId = cli.arguments().get(0);
        if (!FieldRules.ID.matcher(userId).matches()) {
            err.println("hcp " + NAME + "：用户编号只能包含字母、数字和 . _ : -，最多 64 个字符，收到：" + userId);
            return 2;
        }
        ConsoleRole role;
        try {
            role = ConsoleRole.fromWire(cli.option("role").orElse("supervisor"));
        } catch (IllegalArgumentException e) {
            err.println("hcp " + NAME + "：--role 只能是 supervisor、auditor 或 clerk，收到：" + cli.option("role").orElse(""));
            return 2;
        }
        List<String> halls = cli.option("halls")
                .map(h -> Arrays.stream(h.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(role == ConsoleRole.CLERK ? List.of() : List.of("*"));
        for (String hall : halls) {
            if (!hall.equals("*") && !FieldRules.ID.matcher(hall).matches()) {
                err.println("hcp " + NAME + "：大厅编号不合法：" + hall);
                return 2;
            }
        }
        if (role != ConsoleRole.CLERK && halls.isEmpty()) {
            err.println("hcp " + NAME + "：" + role.chinese() + "至少需要一个大厅（或 *）");
            return 2;
        }
        String token = newToken();
        out.println("用户 " + userId + "（" + role.chinese() + "）的控制台访问令牌（只显示这一次，请妥善保存；"
                + "请求时放在 Authorization: Bearer 之后）：");
        out.println();
        out.println("  " + token);
        out.println();
        out.println("请把以下几行加入配置文件（--config），配置中只保存令牌的 SHA-256：");
        out.println();
        out.print(yaml(userId, role, halls, HcpConfig.ConsoleUser.hash(token)));
        return 0;
    }

    /** The {@code console.users.<userId>} entry, ready to paste. */
    static String yaml(String userId, ConsoleRole role, List<String> halls, String tokenSha256) {
        return "console:\n"
                + "  users:\n"
                + "    \"" + userId + "\":\n"
                + "      role: " + role.wireName() + "\n"
                + "      halls: [" + halls.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", ")) + "]\n"
                + "      tokenSha256: " + tokenSha256 + "\n";
    }
}

package org.haochaping.app.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.evaluation.StaffDirectory;
import org.haochaping.evaluation.StaffMember;
import org.haochaping.evaluation.StaffRosterCsv;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.config.HcpConfig;

/**
 * {@code ./hcp staff-import FILE.csv}: registers the staff roster (names for the evaluation's sheets,
 * registered phones as keyed hashes for the self-rating check). A file with any bad line imports nothing.
 */
public final class StaffCommand {

    public static final String NAME = "staff-import";
    public static final String USAGE = """
              staff-import <文件.csv>    导入工作人员花名册（列：工号,姓名,大厅,窗口,手机号；UTF-8），
                                         手机号只以加密摘要保存，用于识别本人自评""";

    private StaffCommand() {}

    /** @return 0, or 2 when the file is unreadable or has bad lines */
    public static int run(HcpConfig config, Path file, PrintStream out, PrintStream err) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("hcp " + NAME + "：找不到文件 " + file);
            return 2;
        } catch (CharacterCodingException e) {
            err.println("hcp " + NAME + "：文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”后重试");
            return 2;
        }
        List<StaffMember> members;
        try {
            members = StaffRosterCsv.parse(text, new PhoneProtector(config.security().phoneHashKey()));
        } catch (StaffRosterCsv.RosterException e) {
            err.println("hcp " + NAME + "：" + e.getMessage());
            return 2;
        }
        try (ClickHouseStore store = EmbeddedStoreGuard.open(config)) {
            new StaffDirectory(store, Clock.systemUTC()).register(members);
        }
        long withPhone = members.stream().filter(m -> !m.phoneHash().isEmpty()).count();
        out.println("已导入 " + members.size() + " 名工作人员（" + withPhone + " 名登记了手机号，用于识别本人自评）。");
        return 0;
    }
}

package org.haochaping.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.haochaping.model.PhoneProtector;
import org.junit.jupiter.api.Test;

class StaffRosterCsvTest {

    private final PhoneProtector phones = new PhoneProtector("roster-test-key-0123456789");

    @Test
    void readsChineseHeadersInAnyOrderWithQuotesAndHashesThePhone() {
        String csv = "\uFEFF姓名,工号,大厅,窗口,手机号\r\n"
                + "\"王, 小明\",clerk-0101,hall-01,hall-01-w01,138 1234 5678\r\n"
                + "李四,clerk-0102,hall-01,,\r\n";
        List<StaffMember> members = StaffRosterCsv.parse(csv, phones);
        assertThat(members).containsExactly(
                new StaffMember("clerk-0101", "王, 小明", "hall-01", "hall-01-w01", phones.hash("13812345678"),
                        "138****5678"),
                new StaffMember("clerk-0102", "李四", "hall-01", "", "", ""));
    }

    @Test
    void acceptsEnglishHeaders() {
        List<StaffMember> members = StaffRosterCsv.parse("clerk_id,name,hall_id\nk1,张三,h1\n", phones);
        assertThat(members).containsExactly(new StaffMember("k1", "张三", "h1", "", "", ""));
    }

    @Test
    void aFileWithAnyBadLineIsRefusedWholeWithEveryProblemAndItsLine() {
        String csv = "工号,姓名,大厅,手机号\nk1,张三,h1,12345\nk1,,h 1,\nk2,李四,h1,13900001111\n";
        assertThatThrownBy(() -> StaffRosterCsv.parse(csv, phones))
                .isInstanceOfSatisfying(StaffRosterCsv.RosterException.class, e -> assertThat(e.problems()).containsExactly(
                        "第 2 行：手机号不是有效的大陆手机号码（11 位，1 开头）",
                        "第 3 行：工号 k1 重复",
                        "第 3 行：姓名不能为空，最多 64 个字符",
                        "第 3 行：大厅编号“h 1”不合法"))
                .hasMessageStartingWith("花名册有 4 处错误，未导入任何人员");
    }

    @Test
    void namesUnknownAndMissingColumns() {
        assertThatThrownBy(() -> StaffRosterCsv.parse("工号,部门\nk1,x\n", phones))
                .isInstanceOfSatisfying(StaffRosterCsv.RosterException.class, e -> assertThat(e.problems()).containsExactly(
                        "第 1 行：无法识别的列名“部门”（可用：工号,姓名,大厅,窗口,手机号）",
                        "第 1 行：缺少列“姓名”", "第 1 行：缺少列“大厅”"));
        assertThatThrownBy(() -> StaffRosterCsv.parse("工号,姓名,大厅\n", phones)).hasMessageContaining("只有表头");
    }
}

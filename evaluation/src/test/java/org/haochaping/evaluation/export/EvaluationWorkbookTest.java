package org.haochaping.evaluation.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.haochaping.evaluation.Evaluation;
import org.junit.jupiter.api.Test;

/** Writes the fixture's workbook and reads it back with Apache POI, an independent reader. */
class EvaluationWorkbookTest {

    private static final List<String> SUMMARY_HEADER = List.of("排名", "大厅", "工号", "姓名", "窗口", "主动评价数",
            "默认评价数", "计分评价数", "原始分", "修正分", "扣分", "最终得分", "等级", "绩效系数");

    @Test
    void sheetsAreTheSummaryOneSheetPerHallAndTheAudit() throws IOException {
        try (XSSFWorkbook wb = read(ExportFixture.approved())) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            // "hall:02" has a ':' Excel does not allow in sheet names
            assertThat(names).containsExactly("汇总", "大厅 hall-01", "大厅 hall_02", "审计");
        }
    }

    @Test
    void theSummaryStatesTheRunAndListsEveryClerk() throws IOException {
        try (XSSFWorkbook wb = read(ExportFixture.approved())) {
            Sheet s = wb.getSheet("汇总");
            assertThat(text(s, 0, 0)).isEqualTo("2026年10月 服务评价考核汇总");
            assertThat(column(s, 0, 1, 10)).containsExactly("考核月份", "版本", "运行编号", "核定状态", "生成", "版本比较",
                    "考核办法版本", "考核办法校验值（SHA-256 前 12 位）", "计分评价数", "按公平规则未计入的评价数");
            assertThat(text(s, 1, 1)).isEqualTo("2026年10月");
            assertThat(number(s, 2, 1)).isEqualTo(2);
            assertThat(text(s, 3, 1)).isEqualTo("2026-10-r2");
            // approved at 02:00 UTC = 10:00 in Shanghai
            assertThat(text(s, 4, 1)).isEqualTo("已核定（zhang 于 2026-11-02 10:00 核定）");
            assertThat(text(s, 5, 1)).isEqualTo("li 于 2026-11-01 09:00 生成");
            assertThat(text(s, 6, 1)).isEqualTo("本月第一版，没有可比较的版本");
            assertThat(text(s, 7, 1)).isEqualTo("builtin-1");
            assertThat(text(s, 8, 1)).isEqualTo("3f9a1c2b7d4e");
            assertThat(number(s, 9, 1)).isEqualTo(325);
            assertThat(number(s, 10, 1)).isEqualTo(4);

            assertThat(row(s, 12)).containsExactlyElementsOf(SUMMARY_HEADER);
            // clerks of both halls in the stored order; k-01 lost 2 差评 × 1 = 2.00 points
            assertThat(number(s, 13, 0)).isEqualTo(1);
            assertThat(row(s, 13).subList(1, 5)).containsExactly("hall-01", "k-01", "王芳", "c-01");
            assertThat(List.of(number(s, 13, 5), number(s, 13, 6), number(s, 13, 7))).containsExactly(200.0, 10.0, 200.0);
            assertThat(List.of(number(s, 13, 8), number(s, 13, 9), number(s, 13, 10), number(s, 13, 11)))
                    .containsExactly(95.20, 95.06, 2.00, 93.06);
            assertThat(text(s, 13, 12)).isEqualTo("良好");
            assertThat(number(s, 13, 13)).isEqualTo(1.1);
            assertThat(s.getRow(13).getCell(11).getCellStyle().getDataFormatString()).isEqualTo("0.00");
            // k-02: 整改超期 2.00 + 未按期回访 1.00 = 3.00 off
            assertThat(text(s, 14, 3)).isEqualTo("李,明");
            assertThat(number(s, 14, 10)).isEqualTo(3.00);
            // k-03 is unranked: no rank, no grade
            assertThat(text(s, 15, 2)).isEqualTo("k-03");
            assertThat(s.getRow(15).getCell(0)).isNull();
            assertThat(text(s, 15, 12)).isEqualTo("不参与评级");
            assertThat(number(s, 15, 11)).isEqualTo(96.05);
            assertThat(number(s, 15, 10)).isEqualTo(0.0);
            assertThat(row(s, 16).subList(1, 5)).containsExactly("hall:02", "k-04", "陈静", "c-21");
            assertThat(s.getLastRowNum()).isEqualTo(16);
        }
    }

    @Test
    void aDraftSaysSoInTitleAndState() throws IOException {
        try (XSSFWorkbook wb = read(ExportFixture.draft())) {
            Sheet s = wb.getSheet("汇总");
            assertThat(text(s, 0, 0)).isEqualTo("2026年10月 服务评价考核汇总（草稿，未核定）");
            assertThat(number(s, 2, 1)).isEqualTo(3);
            assertThat(text(s, 4, 1)).isEqualTo("未核定（草稿）");
            assertThat(text(s, 6, 1)).isEqualTo("与第 2 版（已核定）相比：1 名人员、1 个窗口的结果不同");
        }
    }

    @Test
    void aHallSheetHasItsClerksWithChannelsLevelsAndDeductionsThenItsCounters() throws IOException {
        try (XSSFWorkbook wb = read(ExportFixture.approved())) {
            Sheet s = wb.getSheet("大厅 hall-01");
            assertThat(text(s, 0, 0)).isEqualTo("人员");
            // the hall's channels in Channel's order: evaluator, qr, sms, default
            assertThat(row(s, 1)).containsExactly("排名", "工号", "姓名", "窗口", "主动评价数", "默认评价数", "计分评价数",
                    "政务大厅平板电脑", "二维码", "短信", "系统默认评价", "非常满意", "满意", "基本满意", "不满意", "非常不满意",
                    "原始分", "修正分", "扣分", "扣分明细", "最终得分", "等级", "绩效系数", "未计入评价数", "说明");
            assertThat(row(s, 2).subList(1, 4)).containsExactly("k-01", "王芳", "c-01");
            // by channel 180 + 20 + 0 + 10 = 210; by level, best first: 180, 24, 4, 1, 1 (= 210)
            assertThat(numbers(s, 2, 7, 15)).containsExactly(180.0, 20.0, 0.0, 10.0, 180.0, 24.0, 4.0, 1.0, 1.0);
            assertThat(text(s, 2, 19)).isEqualTo("差评（未经申诉撤销） 2 次，扣 2.00 分");
            assertThat(number(s, 2, 20)).isEqualTo(93.06);
            assertThat(number(s, 2, 23)).isEqualTo(2);
            assertThat(text(s, 2, 24)).startsWith("本月计分评价 200 条");
            assertThat(text(s, 3, 19)).isEqualTo("整改超期 1 次，扣 2.00 分；未按期回访 1 次，扣 1.00 分");
            assertThat(text(s, 4, 1)).isEqualTo("k-03");
            assertThat(s.getRow(4).getCell(19)).isNull();
            assertThat(text(s, 4, 21)).isEqualTo("不参与评级");

            assertThat(text(s, 6, 0)).isEqualTo("窗口");
            assertThat(row(s, 7).subList(0, 7)).containsExactly("排名", "窗口", "红旗窗口", "主动评价数", "默认评价数",
                    "计分评价数", "政务大厅平板电脑");
            assertThat(row(s, 7)).doesNotContain("绩效系数", "姓名");
            assertThat(row(s, 8).subList(1, 3)).containsExactly("c-01", "是");
            assertThat(number(s, 8, 19)).isEqualTo(95.06);
            assertThat(text(s, 8, 20)).isEqualTo("优秀");
            assertThat(text(s, 9, 1)).isEqualTo("c-02");
            assertThat(s.getRow(9).getCell(2)).isNull();
            assertThat(s.getLastRowNum()).isEqualTo(9);

            Sheet other = wb.getSheet("大厅 hall_02");
            // kiosk, phone, default there
            assertThat(row(other, 1).subList(7, 10)).containsExactly("政务大厅其他终端", "电话", "系统默认评价");
            assertThat(text(other, 2, 1)).isEqualTo("k-04");
            assertThat(text(other, 4, 0)).isEqualTo("窗口");
            assertThat(text(other, 6, 1)).isEqualTo("c-21");
        }
    }

    @Test
    void theAuditSheetListsEachLeftOutRatingWithShanghaiTime() throws IOException {
        try (XSSFWorkbook wb = read(ExportFixture.approved())) {
            Sheet s = wb.getSheet("审计");
            assertThat(row(s, 0)).containsExactly("评价编号", "原因", "说明", "大厅", "窗口", "工号", "渠道", "等级", "默认",
                    "评价时间", "评价人手机", "设备");
            // 02:15:30 UTC = 10:15:30 in Shanghai; no device: no cell
            assertThat(row(s, 1)).containsExactly("r-0001", "本人自评", "评价人手机与本人登记的手机相同", "hall-01", "c-03",
                    "k-03", "二维码", "非常满意", "否", "2026-10-03 10:15:30", "138****0001");
            assertThat(s.getRow(1).getCell(11)).isNull();
            assertThat(row(s, 2).subList(0, 2)).containsExactly("r-0002", "申诉成立");
            // 15:59:59 UTC = 23:59:59 in Shanghai, the same day
            assertThat(row(s, 3)).containsExactly("r-0003", "同一评价人短时集中评价", "60 分钟内第 4 条", "hall-01", "c-01",
                    "k-01", "二维码", "非常满意", "否", "2026-10-20 23:59:59", "139****0002", "phone-x");
            assertThat(row(s, 4)).containsExactly("r-0004", "评价器连按", "评价器连按：同一评价器 3 秒内第 2 次", "hall:02",
                    "c-21", "k-04", "政务大厅平板电脑", "非常满意", "是", "2026-10-31 23:30:00", "", "tab-21");
            assertThat(s.getLastRowNum()).isEqualTo(4);
        }
    }

    @Test
    void onlyTheChosenHallsAreWritten() throws IOException {
        try (XSSFWorkbook wb = read(ExportFixture.approved().forHalls(List.of("hall:02")))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(3);
            assertThat(wb.getSheetName(1)).isEqualTo("大厅 hall_02");
            assertThat(wb.getSheet("审计").getLastRowNum()).isEqualTo(1);
        }
    }

    @Test
    void sheetNamesFollowExcelsRules() {
        Set<String> used = new HashSet<>(Set.of("汇总", "审计"));
        assertThat(EvaluationWorkbook.sheetName("a[b]c*d?e/f\\g:h", used)).isEqualTo("大厅 a_b_c_d_e_f_g_h");
        // "大厅 " is 3 characters, so 28 of the id fit in 31
        String long40 = "h".repeat(40);
        assertThat(EvaluationWorkbook.sheetName(long40, used)).isEqualTo("大厅 " + "h".repeat(28));
        // the same first 28 characters, or the same name in another case, cannot repeat
        assertThat(EvaluationWorkbook.sheetName(long40 + "x", used)).isEqualTo("大厅 " + "h".repeat(26) + "~2");
        assertThat(EvaluationWorkbook.sheetName("H".repeat(28), used)).isEqualTo("大厅 " + "H".repeat(26) + "~3");
        assertThat(EvaluationWorkbook.sheetName("x:1", used)).isEqualTo("大厅 x_1");
        assertThat(EvaluationWorkbook.sheetName("x_1", used)).isEqualTo("大厅 x_1~2");
    }

    @Test
    void theCallersStreamStaysOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        EvaluationWorkbook.write(ExportFixture.approved(), out);
        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
    }

    private static XSSFWorkbook read(Evaluation e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluationWorkbook.write(e, out);
        return new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()));
    }

    private static String text(Sheet s, int row, int col) {
        Cell c = s.getRow(row).getCell(col);
        assertThat(c.getCellType()).as("cell %d,%d", row, col).isEqualTo(CellType.STRING);
        return c.getStringCellValue();
    }

    private static double number(Sheet s, int row, int col) {
        Cell c = s.getRow(row).getCell(col);
        assertThat(c.getCellType()).as("cell %d,%d", row, col).isEqualTo(CellType.NUMERIC);
        return c.getNumericCellValue();
    }

    private static List<Double> numbers(Sheet s, int row, int from, int to) {
        List<Double> values = new ArrayList<>();
        for (int c = from; c <= to; c++) {
            values.add(number(s, row, c));
        }
        return values;
    }

    private static List<String> column(Sheet s, int col, int from, int to) {
        List<String> values = new ArrayList<>();
        for (int r = from; r <= to; r++) {
            values.add(text(s, r, col));
        }
        return values;
    }

    /** A row's cells as text (numbers as POI prints them, missing cells as ""). */
    private static List<String> row(Sheet s, int index) {
        Row row = s.getRow(index);
        List<String> values = new ArrayList<>();
        for (int c = 0; c < row.getLastCellNum(); c++) {
            Cell cell = row.getCell(c);
            values.add(cell == null ? "" : cell.getCellType() == CellType.NUMERIC
                    ? Double.toString(cell.getNumericCellValue()) : cell.getStringCellValue());
        }
        return values;
    }
}

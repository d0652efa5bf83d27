package org.haochaping.evaluation.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.haochaping.evaluation.Evaluation;
import org.junit.jupiter.api.Test;

class EvaluationCsvTest {

    private static final String HEADER = "月份,版本,核定状态,工号,姓名,大厅,窗口,主动评价数,计分评价数,最终得分,排名,等级,绩效系数\r\n";

    @Test
    void startsWithAByteOrderMarkThenTheHeader() throws IOException {
        byte[] csv = write(ExportFixture.approved());

        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.copyOfRange(csv, 3, 3 + header.length)).isEqualTo(header);
    }

    @Test
    void oneRowPerClerkScoresWithTwoDecimalsAndANameWithACommaQuoted() throws IOException {
        byte[] csv = write(ExportFixture.approved());

        String expected = "\uFEFF" + HEADER
                + "2026-10,2,已核定,k-01,王芳,hall-01,c-01,200,200,93.06,1,良好,1.10\r\n"
                + "2026-10,2,已核定,k-02,\"李,明\",hall-01,c-02,45,45,88.52,2,合格,1.00\r\n"
                // unranked: no rank, 不参与评级
                + "2026-10,2,已核定,k-03,赵小,hall-01,c-03,3,3,96.05,,不参与评级,1.00\r\n"
                + "2026-10,2,已核定,k-04,陈静,hall:02,c-21,62,62,86.50,1,合格,1.00\r\n";
        assertThat(csv).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDraftSaysSoOnEveryRow() throws IOException {
        String csv = new String(write(ExportFixture.draft()), StandardCharsets.UTF_8);

        assertThat(csv.lines().skip(1).toList()).hasSize(4).allMatch(l -> l.startsWith("2026-10,3,未核定,"));
    }

    @Test
    void quotesAreDoubledAndLineBreaksKeptInsideQuotes() throws IOException {
        Evaluation e = ExportFixture.with(ExportFixture.approved(), ExportFixture.renamed(ExportFixture.K03, "赵\"小\"\r\n三"));
        String csv = new String(write(e), StandardCharsets.UTF_8);

        assertThat(csv).contains("\r\n2026-10,2,已核定,k-03,\"赵\"\"小\"\"\r\n三\",hall-01,c-03,3,3,96.05,,不参与评级,1.00\r\n");
    }

    private static byte[] write(Evaluation e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluationCsv.write(e, out);
        return out.toByteArray();
    }
}

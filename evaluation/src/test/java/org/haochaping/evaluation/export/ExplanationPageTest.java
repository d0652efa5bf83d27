package org.haochaping.evaluation.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.haochaping.evaluation.Evaluation;
import org.haochaping.evaluation.SubjectResult;
import org.junit.jupiter.api.Test;

class ExplanationPageTest {

    @Test
    void aSelfContainedChinesePageWithTheClerksWholeMonth() {
        String html = ExplanationPage.html(ExportFixture.approved(), ExportFixture.K01);

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
                .contains("<meta charset=\"utf-8\">", "<h1>2026年10月 服务评价考核说明</h1>",
                        "<dt>姓名</dt><dd>王芳</dd>", "<dt>工号</dt><dd>k-01</dd>", "<dt>大厅</dt><dd>hall-01</dd>",
                        "<dt>窗口</dt><dd>c-01</dd>", "<dt>版本</dt><dd>第 2 版（2026-10-r2）</dd>",
                        "<dt>核定状态</dt><dd>已核定（zhang 于 2026-11-02 10:00 核定）</dd>");
        // active 200, default 10, counted 200, left out 2
        assertThat(html).contains("<th>按类别</th><th>主动评价</th><th>默认评价</th><th>计分评价</th><th>按公平规则未计入</th>",
                "<td>评价数</td><td class=\"num\">200</td><td class=\"num\">10</td><td class=\"num\">200</td><td class=\"num\">2</td>");
        // by channel (Channel's order) and by level, best first
        assertThat(html).contains("<th>按渠道</th><th>政务大厅平板电脑</th><th>二维码</th><th>系统默认评价</th>",
                "<td>评价数</td><td class=\"num\">180</td><td class=\"num\">20</td><td class=\"num\">10</td></tr>",
                "<th>按等级</th><th>非常满意</th><th>满意</th><th>基本满意</th><th>不满意</th><th>非常不满意</th>",
                "<td>评价数</td><td class=\"num\">180</td><td class=\"num\">24</td><td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">1</td>");
        // raw 95.20 → adjusted 95.06 → 2 差评 × 1 = -2.00 → final 93.06
        assertThat(html).contains(
                "<tr><td>原始分（计分评价的平均分 ×10）</td><td class=\"num\"></td><td class=\"num\">95.20</td></tr>",
                "<tr><td>修正分（按大厅平均分修正小样本）</td><td class=\"num\"></td><td class=\"num\">95.06</td></tr>",
                "<tr><td>扣分：差评（未经申诉撤销）</td><td class=\"num\">2 次</td><td class=\"num\">-2.00</td></tr>",
                "<tr class=\"total\"><td>最终得分</td><td class=\"num\"></td><td class=\"num\">93.06</td></tr>");
        assertThat(html).contains("<dt>排名</dt><dd>第 1 名（本大厅参与排名 2 人）</dd>", "<dt>等级</dt><dd>良好</dd>",
                "<dt>绩效系数</dt><dd>1.10</dd>", "<p>本月计分评价 200 条（另有默认评价 10 条，单独列示，不计分）");
        // k-01's audit entries: one upheld appeal, one rater burst (in FairnessFlag order)
        assertThat(html).contains("<tr><td>申诉成立</td><td class=\"num\">1</td></tr>\n"
                + "<tr><td>同一评价人短时集中评价</td><td class=\"num\">1</td></tr>");
        assertThat(html).contains("<footer>考核办法 builtin-1，SHA-256 " + ExportFixture.POLICY_HASH
                + "；li 于 2026-11-01 09:00 生成；结果校验值 9e8d7c6b5a4f。</footer>");
        assertThat(html).doesNotContain("<main class=\"draft-page\">", "class=\"draft\"", "草稿：", "<script", "<link",
                "src=", "url(", "http:", "https:");
    }

    @Test
    void anUnrankedClerkWithoutDeductions() {
        String html = ExplanationPage.html(ExportFixture.approved(), ExportFixture.K03);

        assertThat(html).contains("<dt>排名</dt><dd>不参与排名</dd>", "<dt>等级</dt><dd>不参与评级</dd>",
                "<dt>绩效系数</dt><dd>1.00</dd>", "<tr><td>本人自评</td><td class=\"num\">1</td></tr>")
                .doesNotContain("扣分：");
    }

    @Test
    void aClerkWithNothingLeftOutIsToldSo() {
        assertThat(ExplanationPage.html(ExportFixture.approved(), ExportFixture.K02))
                .contains("<p>本月没有按公平规则未计入的评价。</p>")
                .contains("<td>扣分：整改超期</td><td class=\"num\">1 次</td><td class=\"num\">-2.00</td>",
                        "<td>扣分：未按期回访</td><td class=\"num\">1 次</td><td class=\"num\">-1.00</td>");
    }

    @Test
    void aRosterNameIsEscaped() {
        SubjectResult evil = ExportFixture.renamed(ExportFixture.K01, "<script>alert('x&y')</script>");
        Evaluation e = ExportFixture.with(ExportFixture.approved(), evil);

        String html = ExplanationPage.html(e, evil);

        assertThat(html).contains("<dd>&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;</dd>")
                .doesNotContain("<script");
    }

    @Test
    void aDraftIsClearlyMarked() {
        String html = ExplanationPage.html(ExportFixture.draft(), ExportFixture.K01);

        assertThat(html).contains("<main class=\"draft-page\">",
                "<p class=\"draft\">草稿：第 3 版尚未核定，结果可能变动，不作为绩效工资的依据。</p>",
                "<dt>核定状态</dt><dd>未核定（草稿）</dd>", "<dt>版本</dt><dd>第 3 版（2026-10-r3）</dd>");
    }

    @Test
    void aCounterHasNoExplanationPage() {
        assertThatThrownBy(() -> ExplanationPage.html(ExportFixture.approved(), ExportFixture.C01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an explanation is written for a clerk, not for COUNTER");
    }
}

package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.haochaping.model.qr.QrToken;
import org.junit.jupiter.api.Test;

class QrPageHtmlTest {

    private final QrPageHtml html = new QrPageHtml(500);

    @Test
    void escapesEverythingThatCouldBreakOutOfTextOrAnAttribute() {
        assertThat(QrPageHtml.escape("<a href=\"x\" onclick='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void theFormEscapesTheItemNameAndKeepsTheChoices() {
        QrToken token = QrToken.forCase("P-1", 1, "h", "c", "k", TestConfigs.NOW.plus(Duration.ofDays(1)));
        String page = html.form(new QrPageHtml.Form(new RateableCase("tok.mac", token, "<b>换领</b>", "", "", "", null),
                "qr-1", 4, Set.of("413"), "好", "错误"));
        assertThat(page).contains("办理事项：&lt;b&gt;换领&lt;/b&gt;", "action=\"/r/tok.mac\"",
                "name=\"ratingId\" value=\"qr-1\"", "value=\"4\" data-level=\"4\" checked", "data-tag=\"413\" checked",
                ">好</textarea>", "id=\"error\" role=\"alert\">错误", "maxlength=\"500\"");
    }

    @Test
    void aRerateCodeSaysTheComplaintWasRectified() {
        QrToken first = QrToken.forCase("P-1", 1, "h", "c", "k", TestConfigs.NOW.plus(Duration.ofDays(1)));
        QrToken rerate = QrToken.forCase("P-1", 2, "h", "c", "k", TestConfigs.NOW.plus(Duration.ofDays(1)));
        String firstPage = html.form(new QrPageHtml.Form(new RateableCase("tok.mac", first, "", "", "", "", null),
                "qr-1", null, Set.of(), "", null));
        String reratePage = html.form(new QrPageHtml.Form(new RateableCase("tok.mac", rerate, "", "", "", "", null),
                "qr-2", null, Set.of(), "", null));
        assertThat(firstPage).contains("<h1>服务评价</h1>").doesNotContain("追评");
        assertThat(reratePage).contains("<h1>再次评价（追评）</h1>", "已完成整改");
    }

    @Test
    void noticesCarryTheirStableIdAndChineseTitle() {
        assertThat(html.notice(QrPageHtml.Notice.NO_PENDING))
                .contains("data-page=\"qr-notice\"", "data-notice=\"no-pending\"", "<h1>当前窗口暂无待评价的办件</h1>");
        assertThat(html.thanks()).contains("id=\"thanks\"", "感谢您的评价");
    }
}

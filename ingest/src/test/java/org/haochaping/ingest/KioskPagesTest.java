package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KioskPagesTest {

    @Test
    void thePageIsSelfContainedChineseAndCarriesItsCounterKeyAndResetTime() {
        String page = KioskPages.render("counter-03", "k3y_-Abc", Duration.ofSeconds(20));
        assertThat(page).contains("<html lang=\"zh-CN\">", "data-page=\"kiosk\"", "data-counter=\"counter-03\"",
                "data-key=\"k3y_-Abc\"", "data-reset-after-ms=\"20000\"", "请在工作人员办结业务后评价", "感谢您的评价",
                "id=\"comment\"", "id=\"submit\"", "id=\"thanks\"", "id=\"idle\"", "/api/v1/token-ratings",
                "source: 'kiosk'", "'/events?key=' + encodeURIComponent(key)");
        for (int level = 1; level <= 5; level++) {
            assertThat(page).contains("data-level=\"" + level + "\" aria-pressed=\"false\"");
        }
        assertThat(page).doesNotContain("{{", "src=\"http", "href=\"http", "<link");
    }

    @Test
    void theKeyIsEscapedIntoItsAttribute() {
        String page = KioskPages.render("counter-03", "\"><script>x</script>", Duration.ofSeconds(20));
        assertThat(page).contains("data-key=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"")
                .doesNotContain("<script>x");
    }

    @Test
    void theUnpairedNoticeIsPlainChineseAndNamesTheQrCommand() {
        String page = QrPageHtml.notice("kiosk-notice", QrPageHtml.Notice.UNPAIRED);
        assertThat(page).contains("<html lang=\"zh-CN\">", "data-page=\"kiosk-notice\"", "id=\"notice\"",
                "data-notice=\"unpaired\"", "评价器未授权", "./hcp qr").doesNotContain("<script", "EventSource");
    }
}

package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KioskPagesTest {

    @Test
    void thePageIsSelfContainedChineseAndCarriesItsCounterAndResetTime() {
        String page = KioskPages.render("counter-03", Duration.ofSeconds(20));
        assertThat(page).contains("<html lang=\"zh-CN\">", "data-page=\"kiosk\"", "data-counter=\"counter-03\"",
                "data-reset-after-ms=\"20000\"", "请在工作人员办结业务后评价", "感谢您的评价", "id=\"comment\"",
                "id=\"submit\"", "id=\"thanks\"", "id=\"idle\"", "/api/v1/token-ratings", "source: 'kiosk'");
        for (int level = 1; level <= 5; level++) {
            assertThat(page).contains("data-level=\"" + level + "\" aria-pressed=\"false\"");
        }
        assertThat(page).doesNotContain("{{", "src=\"http", "href=\"http", "<link");
    }
}

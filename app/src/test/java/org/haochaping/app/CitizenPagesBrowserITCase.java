package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.haochaping.app.browser.HeadlessChromium;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.model.RequestSignature;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.qr.KioskKey;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A citizen's two ways of rating at a hall, in a real browser (Debian's headless Chromium) against the
 * whole embedded runtime: the QR page on a phone-sized screen and the counter's evaluator page on a
 * tablet-sized one. Each test chooses a level and a tag, submits, sees the thank-you screen and then
 * finds exactly that rating in ClickHouse. Screenshots of every page land in
 * {@code app/target/browser-screenshots}.
 */
class CitizenPagesBrowserITCase {

    private static final String SYSTEM = "browser-it-system";
    private static final String SYSTEM_SECRET = "browser-it-system-secret-01";
    private static final String HALL = "hall-browser";

    private static EmbeddedRuntime runtime;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        HcpConfig config = RuntimeTestConfig.fresh(Map.of("flink.checkpointInterval", "500ms",
                "security.systems." + SYSTEM, SYSTEM_SECRET));
        runtime = EmbeddedRuntime.start(config);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HeadlessChromium browser(String name, int width, int height) throws Exception {
        Path profile = EmbeddedTestStore.dataRoot().resolve("chromium-" + name);
        CheckpointLocator.deleteTree(profile);
        return HeadlessChromium.start(profile, width, height);
    }

    @Test
    void aCitizenRatesACaseOnTheQrPageOfAPhone() throws Exception {
        String projectNo = "QR-BROWSER-1";
        QrTokenSigner signer = new QrTokenSigner(runtime.config().security().qrSecret());
        String token = signer.sign(QrToken.forCase(projectNo, 1, HALL, "c-qr", "clerk-qr",
                Instant.now().plus(Duration.ofDays(1))));

        try (HeadlessChromium chromium = browser("qr", 390, 1400)) {
            chromium.open(runtime.baseUrl() + "/r/" + token);
            assertThat(chromium.visible(By.cssSelector("body[data-page='qr-form']")).isDisplayed()).isTrue();
            assertThat(chromium.driver().findElement(By.id("project-no")).getText()).contains(projectNo);
            chromium.screenshot("qr-page");

            chromium.click(By.cssSelector("[data-level='2']"));
            // only the chosen level's tags are shown: level 2's, not level 5's
            assertThat(chromium.visible(By.cssSelector("fieldset[data-tags-level='2']")).isDisplayed()).isTrue();
            assertThat(chromium.driver().findElement(By.cssSelector("fieldset[data-tags-level='5']")).isDisplayed())
                    .isFalse();
            chromium.click(By.cssSelector("[data-tag='214']"));
            chromium.visible(By.id("comment")).sendKeys("排队等了很久");
            chromium.screenshot("qr-page-filled");
            chromium.click(By.id("submit"));

            assertThat(chromium.visible(By.id("thanks")).getText()).contains("感谢");
            chromium.screenshot("qr-thanks");
        }

        List<Map<String, Object>> rows = awaitRatings(projectNo, 1);
        assertThat(rows).containsExactly(Map.of("channel", "qr", "level", 2L, "tag_codes", List.of("214"),
                "comment", "排队等了很久", "counter_id", "c-qr", "clerk_id", "clerk-qr", "device_id", "qr"));
    }

    @Test
    void aCitizenRatesOnTheEvaluatorAfterTheClerkAsksForARating() throws Exception {
        String projectNo = "KIOSK-BROWSER-1";
        String counter = "c-kiosk";
        try (HeadlessChromium chromium = browser("kiosk", 1280, 1000)) {
            chromium.open(runtime.baseUrl() + "/kiosk/" + counter + "?key="
                    + new KioskKey(runtime.config().security().qrSecret()).forCounter(counter));
            chromium.visible(By.cssSelector("#connection[data-state='open']"));
            assertThat(chromium.visible(By.id("idle")).getText()).contains("评价");
            chromium.screenshot("kiosk-idle");

            // the clerk finished the case and presses 请评价 in the business system
            HttpResponse<String> asked = postSigned("/api/v1/rating-requests", """
                    {"projectNo":"%s","hallId":"%s","counterId":"%s","clerkId":"clerk-kiosk",
                     "itemName":"居民身份证换领"}""".formatted(projectNo, HALL, counter));
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
            assertThat(asked.body()).contains("\"delivered\":1");

            assertThat(chromium.visible(By.id("item-name")).getText()).isEqualTo("居民身份证换领");
            chromium.screenshot("kiosk-case");
            chromium.click(By.cssSelector("button[data-level='5']"));
            chromium.click(By.cssSelector("[data-tag='510']"));
            chromium.screenshot("kiosk-level-chosen");
            chromium.click(By.id("submit"));

            assertThat(chromium.visible(By.id("thanks")).getText()).contains("感谢您的评价");
            chromium.screenshot("kiosk-thanks");
        }

        List<Map<String, Object>> rows = awaitRatings(projectNo, 1);
        assertThat(rows).containsExactly(Map.of("channel", "evaluator", "level", 5L, "tag_codes", List.of("510"),
                "comment", "", "counter_id", counter, "clerk_id", "clerk-kiosk", "device_id", "kiosk:" + counter));
    }

    private HttpResponse<String> postSigned(String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = System.currentTimeMillis();
        return http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .header(RequestSignature.DEVICE_HEADER, SYSTEM)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(RequestSignature.SIGNATURE_HEADER, RequestSignature.sign(SYSTEM_SECRET, ts, bytes))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the case has {@code expected} rows in {@code ratings FINAL}, then returns them. */
    private static List<Map<String, Object>> awaitRatings(String projectNo, int expected) throws InterruptedException {
        ClickHouseStore store = runtime.store();
        String sql = "SELECT channel, level, tag_codes, comment, counter_id, clerk_id, device_id FROM ratings FINAL "
                + "WHERE project_no = '" + projectNo + "'";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Map<String, Object>> rows = store.query(sql);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            rows = store.query(sql);
        }
        return rows;
    }
}

package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.TagCatalogue;
import org.junit.jupiter.api.Test;

/** The QR page against real Kafka: the right page and status for every token, one rating per form post. */
class QrPageITCase extends EdgeKafkaFixture {

    private static final Pattern RATING_ID = Pattern.compile("name=\"ratingId\" value=\"([^\"]+)\"");
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    private static String form(String... namesAndValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static String group(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    private static void assertPage(SignedClient.Reply reply, int status, String notice, String text) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(reply.body()).contains("<html lang=\"zh-CN\">").contains("data-notice=\"" + notice + "\"").contains(text);
    }

    @Test
    void aValidCaseTokenShowsTheFormWithLevelsTagsCommentAndAHiddenRatingId() {
        String token = CaseTokens.caseToken("P-0101");

        SignedClient.Reply page = client.get("/r/" + token);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        String html = page.body();
        assertThat(html).contains("<html lang=\"zh-CN\">", "data-page=\"qr-form\"", "id=\"project-no\">办件编号：P-0101",
                "id=\"comment\"", "id=\"submit\"", "<label for=\"comment\">");
        assertThat(group(ACTION, html)).isEqualTo("/r/" + token);
        assertThat(group(RATING_ID, html)).startsWith("qr-");
        for (int level = 1; level <= 5; level++) {
            assertThat(html).contains("data-level=\"" + level + "\"", "data-tags-level=\"" + level + "\"");
        }
        assertThat(Pattern.compile("data-tag=\"").matcher(html).results().count()).isEqualTo(TagCatalogue.national().size());
        assertThat(html).doesNotContain("src=\"http", "href=\"http");
        assertNothingPublished();
    }

    @Test
    void forgedExpiredAndUsedTokensGetPlainPagesWithTheirStatus() {
        assertPage(client.get("/r/" + CaseTokens.forged(CaseTokens.caseToken("P-0102"))), 400, "forged", "二维码无效");
        assertPage(client.get("/r/not-a-token"), 400, "forged", "二维码无效");
        assertPage(client.get("/r/" + CaseTokens.expiredCaseToken("P-0102")), 410, "expired", "二维码已过期");
        String token = CaseTokens.caseToken("P-0102");
        assertThat(client.postForm("/r/" + token, form("ratingId", "qr-used", "level", "5")).status()).isEqualTo(200);
        assertPage(client.get("/r/" + token), 409, "used", "该办件已评价");
        assertThat(read(ratingsTopic)).hasSize(1);
    }

    @Test
    void aPosterShowsTheCounterPendingCaseOrAPlainPageWithoutOne() {
        String poster = CaseTokens.posterToken();
        assertPage(client.get("/r/" + poster), 404, "no-pending", "当前窗口暂无待评价的办件");
        String caseToken = client.postSigned(IngestVerticle.RATING_REQUESTS_PATH, CaseTokens.ratingRequest("P-0103"),
                TestConfigs.SYSTEM, TestConfigs.SYSTEM_SECRET).json().get("token").asText();

        SignedClient.Reply page = client.get("/r/" + poster);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"item-name\">办理事项：居民身份证换领", "办件编号：P-0103");
        assertThat(group(ACTION, page.body())).as("the form rates the case shown").isEqualTo("/r/" + caseToken);
        assertThat(client.postForm(group(ACTION, page.body()),
                form("ratingId", group(RATING_ID, page.body()), "level", "4")).status()).isEqualTo(200);
        assertPage(client.get("/r/" + poster), 404, "no-pending", "当前窗口暂无待评价的办件");
        Rating rating = IngestVerticleTest.readRating(read(ratingsTopic).get(0).value());
        assertThat(rating.itemCode()).isEqualTo("item-0101");
    }

    @Test
    void aFormPostIsThankedAndStoredOnceEvenWhenSubmittedTwice() {
        String token = CaseTokens.caseToken("P-0104");
        String ratingId = group(RATING_ID, client.get("/r/" + token).body());
        String body = form("ratingId", ratingId, "level", "1", "tag", "114", "tag", "115", "comment", "材料<反复>退回");

        SignedClient.Reply thanks = client.postForm("/r/" + token, body);

        assertThat(thanks.status()).as(thanks.body()).isEqualTo(200);
        assertThat(thanks.body()).contains("data-page=\"qr-thanks\"", "id=\"thanks\"", "感谢您的评价");
        assertThat(client.postForm("/r/" + token, body).body()).as("double submit").contains("id=\"thanks\"");
        assertThat(read(ratingsTopic)).hasSize(1);
        Rating rating = IngestVerticleTest.readRating(read(ratingsTopic).get(0).value());
        assertThat(rating).isEqualTo(new Rating(ratingId, "P-0104", 1, Channel.QR, 1, java.util.List.of("114", "115"),
                "材料<反复>退回", "hall-7", "counter-03", "clerk-0042", "", "", "", TestConfigs.NOW, TestConfigs.NOW,
                "", "", "qr", false));
        assertPage(client.postForm("/r/" + token, form("ratingId", "qr-other", "level", "5")), 409, "used", "该办件已评价");
        assertThat(read(ratingsTopic)).hasSize(1);
    }

    @Test
    void anInvalidFormComesBackWithAChineseMessageAndTheChoicesKept() {
        String token = CaseTokens.caseToken("P-0105");

        SignedClient.Reply noLevel = client.postForm("/r/" + token, form("ratingId", "qr-keep", "comment", "你好"));
        assertThat(noLevel.status()).isEqualTo(400);
        assertThat(noLevel.body()).contains("data-page=\"qr-form\"", "role=\"alert\">请选择您的满意程度。", ">你好</textarea>");
        assertThat(group(RATING_ID, noLevel.body())).isEqualTo("qr-keep");

        SignedClient.Reply badWithoutReason = client.postForm("/r/" + token, form("ratingId", "qr-keep", "level", "2"));
        assertThat(badWithoutReason.status()).isEqualTo(400);
        assertThat(badWithoutReason.body()).contains("请至少选择一个标签或填写意见", "value=\"2\" data-level=\"2\" checked");

        SignedClient.Reply wrongTag = client.postForm("/r/" + token, form("ratingId", "qr-keep", "level", "5", "tag", "115"));
        assertThat(wrongTag.body()).contains("所选标签与满意程度不符");
        assertThat(wrongTag.body()).contains("data-tag=\"115\" checked");
        assertPage(client.postForm("/r/" + CaseTokens.forged(token), form("ratingId", "qr-x", "level", "5")), 400,
                "forged", "二维码无效");
        assertNothingPublished();
    }
}

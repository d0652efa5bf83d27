package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneCipher;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.cases.CaseEventValidator;
import org.haochaping.model.cases.TransactionRequest;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.qr.QrToken;
import org.haochaping.model.qr.QrTokenSigner;
import org.haochaping.model.sms.SmsInboundRequest;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

    private static final HcpConfig CONFIG = ConfigLoader.defaults();
    /** Sunday 2026-11-22 08:35 in Beijing: the period reaches back over two weekends. */
    private static final Instant NOW = Instant.parse("2026-11-22T00:35:00Z");
    private static final DemoOptions OPTIONS = DemoOptions.defaults(Clock.fixed(NOW, ZoneOffset.UTC))
            .withCases(600).withSeed(7);
    private static final Population POPULATION = Population.generate(OPTIONS);
    private static final String RUN = "demo-20261122T003500-0abc";
    private static final DemoScenario SCENARIO = DemoScenario.generate(POPULATION, OPTIONS, RUN, CONFIG);
    private static final Instant SETTLED = NOW.minus(DemoScenario.UNCERTAIN_BEFORE);

    @Test
    void isRepeatableForTheSameSeedAndDiffersForAnother() {
        DemoScenario again = DemoScenario.generate(POPULATION, OPTIONS, RUN, CONFIG);
        assertThat(again.cases()).isEqualTo(SCENARIO.cases());
        assertThat(bodies(again.backlog())).isEqualTo(bodies(SCENARIO.backlog()));
        assertThat(bodies(again.live())).isEqualTo(bodies(SCENARIO.live()));
        DemoScenario other = DemoScenario.generate(POPULATION, OPTIONS.withSeed(8), RUN, CONFIG);
        assertThat(other.cases()).isNotEqualTo(SCENARIO.cases());
    }

    @Test
    void expectsExactlyWhatTheSeedDecided() {
        assertThat(SCENARIO.expectation()).isEqualTo(new DemoExpectation(600, 379, 65, 27, 62, 126, 72, 9, 20, 8, 9, 67, 15));
        assertThat(SCENARIO.expectation().stored()).isEqualTo(379 + 65 + 27 + 62);
    }

    @Test
    void backlogIsInAscendingEventTimeInsideThePeriod() {
        List<EdgeRequest> backlog = SCENARIO.backlog();
        for (int i = 1; i < backlog.size(); i++) {
            assertThat(backlog.get(i).eventTime()).as("request %d", i).isAfterOrEqualTo(backlog.get(i - 1).eventTime());
            assertThat(backlog.get(i).sequence()).isEqualTo(i + 1L);
        }
        assertThat(backlog.get(0).eventTime()).isAfterOrEqualTo(OPTIONS.from());
        assertThat(backlog).allSatisfy(r -> assertThat(r.eventTime()).isBefore(NOW.plusSeconds(3)));
        assertThat(SCENARIO.live()).allSatisfy(r -> assertThat(r.eventTime()).isNull());
        for (DemoScenario.DemoCase c : SCENARIO.cases()) {
            assertThat(c.acceptedAt()).isAfterOrEqualTo(OPTIONS.from()).isBeforeOrEqualTo(c.completedAt());
            assertThat(c.completedAt()).isBefore(NOW);
        }
    }

    /** Each deadline is clearly before the pipeline's watermark or clearly after anything the demo sends. */
    @Test
    void noDeadlineFallsNearTheEndOfThePeriodAndTheFatesFollowTheRules() {
        Instant uncertainUntil = NOW.plus(DemoScenario.UNCERTAIN_AFTER);
        for (DemoScenario.DemoCase c : SCENARIO.cases()) {
            assertThat(c.windowEnd()).isEqualTo(CONFIG.rules().ratingWindowCount()
                    .endAfter(c.completedAt(), CONFIG.rules().timeZone(), WorkingCalendar.shipped()));
            assertThat(c.invitationAt()).isEqualTo(c.completedAt().plus(Duration.ofDays(3)));
            for (Instant deadline : List.of(c.windowEnd(), c.invitationAt())) {
                assertThat(deadline.isAfter(SETTLED) && !deadline.isAfter(uncertainUntil)).as("%s", c).isFalse();
            }
            assertThat(c.invited()).isEqualTo(c.hasPhone() && c.outcome() != DemoScenario.Outcome.EVALUATOR
                    && !c.invitationAt().isAfter(SETTLED));
            assertThat(c.defaulted()).isEqualTo(c.outcome() == DemoScenario.Outcome.UNRATED
                    && !c.windowEnd().isAfter(SETTLED));
            if (c.smsReply() != null) {
                assertThat(c.invited()).isTrue();
                assertThat(c.windowEnd()).isAfter(uncertainUntil);
            }
            if (c.outcome() == DemoScenario.Outcome.QR_FORM || c.outcome() == DemoScenario.Outcome.QR_TOKEN) {
                assertThat(c.windowEnd()).as("QR ratings arrive now, inside the window").isAfter(uncertainUntil);
            }
        }
    }

    @Test
    void theClosingBurstReachesEveryCounterAndEveryTransactionsPartition() {
        Instant closing = NOW.minus(DemoScenario.CLOSING_STRETCH);
        List<DemoScenario.DemoCase> last = SCENARIO.cases().stream()
                .filter(c -> !c.completedAt().isBefore(closing)).toList();
        assertThat(last).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(DemoScenario.Outcome.EVALUATOR));
        assertThat(last.stream().map(c -> c.counter().id()).collect(Collectors.toSet()))
                .hasSize(POPULATION.counters().size());
        BitSet partitions = new BitSet();
        for (DemoScenario.DemoCase c : last) {
            partitions.set(Utils.toPositive(Utils.murmur2(c.projectNo().getBytes(StandardCharsets.UTF_8)))
                    % CONFIG.kafka().partitions());
        }
        assertThat(partitions.cardinality()).isEqualTo(CONFIG.kafka().partitions());
    }

    @Test
    void everyRequestPassesTheEdgesRulesUnlessMeantNotTo() throws Exception {
        PhoneProtector phones = new PhoneProtector(CONFIG.security().phoneHashKey());
        PhoneCipher cipher = PhoneCipher.fromBase64Key(CONFIG.security().phoneEncryptionKey());
        CaseEventValidator cases = new CaseEventValidator(CONFIG.validation());
        RatingValidator ratings = new RatingValidator(CONFIG.validation(), TagCatalogue.national());
        for (EdgeRequest r : SCENARIO.backlog()) {
            switch (r.kind()) {
                case TRANSACTION -> cases.check(RatingJson.read(r.body(), TransactionRequest.class)
                        .toCaseEvent("demo-business-system", NOW, phones, cipher), NOW);
                case EVALUATOR, SPAM_PRESS -> {
                    List<?> violations;
                    try {
                        violations = ratings.validate(RatingJson.readRequest(r.body())
                                .toRating(Channel.EVALUATOR, "demo-evaluator", NOW, phones), NOW);
                    } catch (InvalidRatingException e) {
                        violations = e.violations();
                    }
                    assertThat(violations.isEmpty()).as("%s %s", r.label(), r.invalid())
                            .isEqualTo(r.isValid() || r.invalid() == InvalidKind.BAD_SIGNATURE);
                }
                default -> throw new AssertionError("not a backlog request: " + r);
            }
        }
    }

    @Test
    void qrRequestsCarryTheCasesTokenAndSmsRepliesTheInvitedPhones() throws Exception {
        QrTokenSigner signer = new QrTokenSigner(CONFIG.security().qrSecret());
        Map<String, DemoScenario.DemoCase> byProject = SCENARIO.cases().stream()
                .collect(Collectors.toMap(DemoScenario.DemoCase::projectNo, c -> c));
        Set<String> invitedPhones = SCENARIO.cases().stream().filter(DemoScenario.DemoCase::invited)
                .map(DemoScenario.DemoCase::phone).collect(Collectors.toSet());
        List<String> texts = new ArrayList<>();
        for (EdgeRequest r : SCENARIO.live()) {
            switch (r.kind()) {
                case QR_FORM, QR_DUPLICATE -> {
                    assertThat(r.path()).startsWith(DemoScenario.QR_PAGE_PATH);
                    assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
                    QrToken token = valid(signer, r.path().substring(DemoScenario.QR_PAGE_PATH.length()));
                    DemoScenario.DemoCase c = byProject.get(token.projectNo());
                    assertThat(c.outcome() == DemoScenario.Outcome.QR_FORM || c.qrDuplicate()).isTrue();
                    assertThat(new String(r.body(), StandardCharsets.UTF_8))
                            .startsWith("ratingId=" + r.label() + "&level=" + c.rating().level());
                }
                case QR_TOKEN -> {
                    Map<?, ?> body = RatingJson.read(r.body(), Map.class);
                    QrToken token = valid(signer, (String) body.get("token"));
                    assertThat(byProject.get(token.projectNo()).outcome()).isEqualTo(DemoScenario.Outcome.QR_TOKEN);
                    assertThat(body.get("source")).isEqualTo("qr");
                }
                case SMS_REPLY -> {
                    SmsInboundRequest reply = RatingJson.read(r.body(), SmsInboundRequest.class);
                    assertThat(reply.messageId()).startsWith(RUN + "-m");
                    texts.add(reply.text());
                    if (reply.phone().equals(SCENARIO.unknownPhone())) {
                        assertThat(invitedPhones).doesNotContain(reply.phone());
                    } else {
                        assertThat(invitedPhones).contains(reply.phone());
                    }
                }
                default -> throw new AssertionError("not a live request: " + r);
            }
        }
        assertThat(texts).contains("5", "4 办得很快", "非常满意", "不满意 等太久", "你好", "6");
        assertThat(SCENARIO.liveQr()).noneMatch(r -> r.kind() == EdgeRequest.Kind.SMS_REPLY);
        assertThat(SCENARIO.liveSms()).hasSize(texts.size());
        SmsInboundRequest last = RatingJson.read(SCENARIO.lastReply().body(), SmsInboundRequest.class);
        assertThat(last.phone()).isEqualTo(SCENARIO.unknownPhone());
        assertThat(org.haochaping.model.sms.SmsReplyParser.parse(last.text()).ok()).isFalse();
    }

    @Test
    void phonesAreUniqueAndAllKnown() {
        List<String> phones = SCENARIO.phones();
        assertThat(new HashSet<>(phones)).hasSameSizeAs(phones);
        assertThat(phones).allMatch(p -> p.matches("1[3-9][0-9]{9}")).contains(SCENARIO.unknownPhone());
    }

    @Test
    void aShortPeriodHasNoInvitationsNorDefaults() {
        DemoOptions minutes = OPTIONS.withCases(60).notBefore(NOW.minus(Duration.ofMinutes(4)));
        DemoExpectation e = DemoScenario.generate(POPULATION, minutes, RUN, CONFIG).expectation();
        assertThat(e.invitations()).isZero();
        assertThat(e.defaults()).isZero();
        assertThat(e.sms()).isZero();
        assertThat(e.smsDeadLetters()).as("the unknown phone's two replies").isEqualTo(2);
        assertThat(e.evaluator() + e.qr() + e.unrated()).isEqualTo(e.cases());
    }

    private static QrToken valid(QrTokenSigner signer, String token) {
        QrTokenSigner.Result result = signer.verify(token, NOW);
        assertThat(result).isInstanceOf(QrTokenSigner.Valid.class);
        return ((QrTokenSigner.Valid) result).token();
    }

    private static List<String> bodies(List<EdgeRequest> requests) {
        return requests.stream().map(r -> r.path() + " " + new String(r.body(), StandardCharsets.UTF_8)).toList();
    }
}

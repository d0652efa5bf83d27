package org.haochaping.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.PhoneProtector;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingRequest;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.Violation;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;

class RatingGeneratorTest {

    private static final HcpConfig CONFIG = ConfigLoader.defaults().withDevice("demo-evaluator", "test-device-secret-0123456789");
    private static final Instant TO = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant FROM = TO.minusSeconds(8 * 3600);
    private static final Population POPULATION = Population.generate(3, 6, DemoOptions.DEFAULT_SEED);
    private static final RatingValidator VALIDATOR = new RatingValidator(CONFIG.validation(), TagCatalogue.national());
    private static final PhoneProtector PHONES = new PhoneProtector(CONFIG.security().phoneHashKey());

    private static List<DemoRequest> generate(int count, double invalidShare) {
        return new RatingGenerator(POPULATION, "run-1", count, FROM, TO, invalidShare, 11).toList();
    }

    /** What the edge does with a body, minus the signature: parse, convert, validate at {@code TO}. */
    private static List<Violation> edgeViolations(byte[] body) {
        try {
            Rating rating = RatingJson.readRequest(body).toRating(Channel.EVALUATOR, "demo-evaluator", TO, PHONES);
            return VALIDATOR.validate(rating, TO);
        } catch (InvalidRatingException e) {
            return e.violations();
        }
    }

    @Test
    void everyValidRequestPassesTheValidatorAndEveryInvalidOneFailsOnItsField() {
        List<DemoRequest> requests = generate(20_000, 0.005);
        Map<InvalidKind, Integer> kinds = new EnumMap<>(InvalidKind.class);
        for (DemoRequest r : requests) {
            List<Violation> violations = edgeViolations(r.body());
            if (r.isValid() || r.invalid() == InvalidKind.BAD_SIGNATURE) {
                assertThat(violations).as("%s (%s)", r.request(), r.invalid()).isEmpty();
            } else {
                assertThat(violations).as("%s (%s)", r.request(), r.invalid())
                        .extracting(Violation::field).containsOnly(r.invalid().expectedField());
            }
            if (!r.isValid()) {
                kinds.merge(r.invalid(), 1, Integer::sum);
            }
        }
        assertThat(kinds).containsOnlyKeys(InvalidKind.values());
        int invalid = kinds.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(invalid).isBetween(60, 140); // 0.5% of 20,000 = 100
    }

    @Test
    void malformedJsonIsNotJson() {
        DemoRequest malformed = generate(2_000, 0.05).stream()
                .filter(r -> r.invalid() == InvalidKind.MALFORMED_JSON).findFirst().orElseThrow();
        InvalidRatingException e = catchThrowableOfType(InvalidRatingException.class,
                () -> RatingJson.readRequest(malformed.body()));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("body");
        assertThat(e.getMessage()).contains("malformed JSON");
    }

    @Test
    void ratedAtIsNonDecreasingAndInsideThePeriod() {
        List<DemoRequest> requests = generate(20_000, 0.005);
        Instant previous = FROM;
        for (DemoRequest r : requests) {
            Instant at = r.request().ratedAt();
            assertThat(at).isAfterOrEqualTo(previous).isBefore(TO);
            previous = at;
        }
        assertThat(requests.get(0).request().ratedAt()).isBefore(FROM.plusSeconds(10));
        assertThat(requests.get(requests.size() - 1).request().ratedAt()).isAfter(TO.minusSeconds(10));
        // more ratings than milliseconds: still ordered and inside
        List<DemoRequest> dense = new RatingGenerator(POPULATION, "dense", 5_000, FROM, FROM.plusMillis(1_000), 0, 3).toList();
        for (int i = 1; i < dense.size(); i++) {
            assertThat(dense.get(i).request().ratedAt()).isAfterOrEqualTo(dense.get(i - 1).request().ratedAt())
                    .isBefore(FROM.plusMillis(1_000));
        }
    }

    @Test
    void idsAreUniqueAndFollowTheRun() {
        List<DemoRequest> requests = generate(5_000, 0.01);
        Set<String> ratingIds = new HashSet<>();
        Set<String> projectNos = new HashSet<>();
        long sequence = 0;
        for (DemoRequest r : requests) {
            RatingRequest q = r.request();
            assertThat(r.sequence()).isEqualTo(++sequence);
            assertThat(q.ratingId()).isEqualTo("run-1-" + sequence);
            assertThat(ratingIds.add(q.ratingId())).isTrue();
            assertThat(projectNos.add(q.projectNo())).isTrue();
            assertThat(q.projectNo()).matches("[0-9A-F]{20,40}");
            assertThat(q.assessNumber()).isEqualTo(1);
            assertThat(q.channel()).isEqualTo("evaluator");
            assertThat(POPULATION.clerkNames()).containsKey(q.clerkId());
            assertThat(POPULATION.counter(q.counterId()).clerks()).extracting(Population.Clerk::id).contains(q.clerkId());
            assertThat(q.hallId()).isEqualTo(POPULATION.counter(q.counterId()).hallId());
        }
        RatingGenerator other = new RatingGenerator(POPULATION, "run-2", 10, FROM, TO, 0, 11);
        assertThat(other.toList()).extracting(r -> r.request().projectNo()).doesNotContainAnyElementsOf(projectNos);
    }

    @Test
    void badRatingsCarryTagsOfTheirLevelAndSometimesAComment() {
        List<DemoRequest> requests = generate(20_000, 0);
        long bad = 0;
        long withComment = 0;
        long goodWithTag = 0;
        long good = 0;
        for (DemoRequest r : requests) {
            RatingRequest q = r.request();
            if (q.level() <= 2) {
                bad++;
                assertThat(q.tagCodes()).hasSizeBetween(1, 2).doesNotHaveDuplicates()
                        .allSatisfy(code -> assertThat(TagCatalogue.national().find(code).level()).isEqualTo(q.level()));
                if (q.comment() != null) {
                    withComment++;
                }
            } else {
                good++;
                assertThat(q.tagCodes()).hasSizeLessThanOrEqualTo(1)
                        .allSatisfy(code -> assertThat(TagCatalogue.national().find(code).level()).isEqualTo(q.level()));
                if (!q.tagCodes().isEmpty()) {
                    goodWithTag++;
                }
            }
        }
        assertThat(bad).isGreaterThan(300);
        assertThat((double) withComment / bad).isBetween(0.25, 0.55);
        assertThat((double) goodWithTag / good).isBetween(0.2, 0.4);
    }

    @Test
    void aboutAThirdCarryAValidMobileNumber() {
        List<DemoRequest> requests = generate(10_000, 0);
        long withPhone = requests.stream().map(r -> r.request().raterPhone()).filter(p -> p != null).peek(p ->
                assertThat(p).matches("1[3-9]\\d{9}")).count();
        assertThat((double) withPhone / requests.size()).isBetween(0.27, 0.33);
    }

    @Test
    void isRepeatable() {
        RatingGenerator g = new RatingGenerator(POPULATION, "run-1", 500, FROM, TO, 0.02, 11);
        assertThat(g.toList()).isEqualTo(g.toList()).isEqualTo(generate(500, 0.02));
        assertThat(new RatingGenerator(POPULATION, "run-1", 500, FROM, TO, 0.02, 12).toList()).isNotEqualTo(g.toList());
    }

    @Test
    void createsFromOptions() {
        Clock clock = Clock.fixed(TO, ZoneOffset.UTC);
        DemoOptions options = DemoOptions.defaults(clock).withCases(100);
        RatingGenerator g = RatingGenerator.create(Population.generate(options), options, "r");
        assertThat(g.count()).isEqualTo(100);
        assertThat(g.from()).isEqualTo(TO.minus(java.time.Duration.ofDays(10)));
        assertThat(g.to()).isEqualTo(TO);
        assertThat(g.toList()).hasSize(100);
    }

    @Test
    void runIdsAreSafeForRatingIdsAndLikePatterns() {
        String runId = RatingGenerator.newRunId(Clock.fixed(TO, ZoneOffset.UTC));
        assertThat(runId).matches("demo-20261121T100000-[0-9a-f]{4}");
        assertThat(RatingGenerator.checkRunId(runId)).isEqualTo(runId);
        assertThatThrownBy(() -> RatingGenerator.checkRunId("demo_1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatingGenerator.checkRunId("x'; DROP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatingGenerator(POPULATION, "a%b", 1, FROM, TO, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

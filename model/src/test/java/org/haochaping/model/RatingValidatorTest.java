package org.haochaping.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.haochaping.model.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class RatingValidatorTest {

    private final RatingValidator validator =
            new RatingValidator(ConfigLoader.defaults().validation(), TagCatalogue.national());

    private List<Violation> check(Rating r) {
        return validator.validate(r, Ratings.NOW);
    }

    @Test
    void validRatingPasses() {
        assertThat(check(Ratings.valid())).isEmpty();
    }

    @Test
    void levelOutsideOneToFiveIsRejected() {
        assertThat(check(Ratings.withLevel(6, List.of(), ""))).containsExactly(
                new Violation("level", "must be between 1 and 5 (5 = 非常满意), got 6"));
        assertThat(check(Ratings.withLevel(0, List.of(), ""))).extracting(Violation::field).containsExactly("level");
    }

    @Test
    void tagMustBelongToTheLevel() {
        assertThat(check(Ratings.withLevel(4, List.of("517"), ""))).containsExactly(
                new Violation("tagCodes", "tag 517 (服务热情效率高) belongs to level 5, not to level 4"));
    }

    @Test
    void unknownAndRepeatedTagsAreRejected() {
        assertThat(check(Ratings.withLevel(5, List.of("599"), ""))).containsExactly(
                new Violation("tagCodes", "unknown tag code '599'"));
        assertThat(check(Ratings.withLevel(5, List.of("517", "517"), ""))).containsExactly(
                new Violation("tagCodes", "tag 517 given twice"));
    }

    @Test
    void tooManyTagsAreRejected() {
        List<String> nine = Collections.nCopies(9, "517");
        assertThat(check(Ratings.withLevel(5, nine, ""))).containsExactly(new Violation("tagCodes", "at most 8 tags"));
    }

    @Test
    void badRatingNeedsTagOrComment() {
        Violation missing = new Violation("tagCodes", "a 差评 (level 1 or 2) needs at least one tag or a comment");
        assertThat(check(Ratings.withLevel(2, List.of(), ""))).containsExactly(missing);
        assertThat(check(Ratings.withLevel(1, List.of(), "   "))).containsExactly(missing);
        assertThat(check(Ratings.withLevel(2, List.of("214"), ""))).isEmpty();
        assertThat(check(Ratings.withLevel(1, List.of(), "等了两个小时"))).isEmpty();
        assertThat(check(Ratings.withLevel(3, List.of(), ""))).as("基本满意 is not a 差评").isEmpty();
    }

    @Test
    void commentLengthIsBounded() {
        assertThat(check(Ratings.withLevel(5, List.of(), "好".repeat(501)))).containsExactly(
                new Violation("comment", "must be at most 500 characters"));
        assertThat(check(Ratings.withLevel(5, List.of(), "好".repeat(500)))).isEmpty();
    }

    @Test
    void ratedAtMayNotBeInTheFutureBeyondSkew() {
        assertThat(check(Ratings.ratedAt(Ratings.NOW.plus(Duration.ofMinutes(5))))).isEmpty();
        assertThat(check(Ratings.ratedAt(Ratings.NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)))).containsExactly(
                new Violation("ratedAt", "is in the future by more than the allowed clock skew of 300 s"));
    }

    @Test
    void ratedAtMayNotBeOlderThanTheLimit() {
        assertThat(check(Ratings.ratedAt(Ratings.NOW.minus(Duration.ofDays(30))))).isEmpty();
        assertThat(check(Ratings.ratedAt(Ratings.NOW.minus(Duration.ofDays(30)).minusSeconds(1)))).containsExactly(
                new Violation("ratedAt", "is older than the accepted limit of 30 days"));
        assertThat(check(Ratings.ratedAt(null))).extracting(Violation::field).containsExactly("ratedAt");
    }

    @Test
    void identifiersAreRequiredAndBounded() {
        assertThat(check(Ratings.withIds("", "P1", 1, "c", ""))).extracting(Violation::field).containsExactly("ratingId");
        assertThat(check(Ratings.withIds("r 1", "P1", 1, "c", ""))).extracting(Violation::field).containsExactly("ratingId");
        assertThat(check(Ratings.withIds("r1", null, 1, "c", ""))).containsExactly(new Violation("projectNo", "required"));
        assertThat(check(Ratings.withIds("r1", "P1", 1, "x".repeat(65), ""))).containsExactly(
                new Violation("counterId", "must be at most 64 characters"));
    }

    @Test
    void assessNumberIsOneOrTwo() {
        assertThat(check(Ratings.withIds("r1", "P1", 3, "c", ""))).containsExactly(
                new Violation("assessNumber", "must be 1, or 2 for a follow-up rating (追评)"));
    }

    @Test
    void areaCodeIsAtMostNineDigits() {
        assertThat(check(Ratings.withIds("r1", "P1", 1, "c", "4403041011"))).containsExactly(
                new Violation("areaCode", "must be at most 9 digits"));
        assertThat(check(Ratings.withIds("r1", "P1", 1, "c", "44030410"))).isEmpty();
    }

    @Test
    void checkThrowsWithEveryViolation() {
        Rating r = Ratings.withLevel(2, List.of("599"), "x".repeat(501));
        assertThatThrownBy(() -> validator.check(r, Ratings.NOW))
                .isInstanceOf(InvalidRatingException.class)
                .satisfies(e -> assertThat(((InvalidRatingException) e).violations()).hasSize(2));
    }
}

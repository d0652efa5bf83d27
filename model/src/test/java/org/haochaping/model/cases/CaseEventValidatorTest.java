package org.haochaping.model.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;
import org.haochaping.model.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaseEventValidatorTest {

    private static final String BAD_ID = "must be 1-64 letters, digits, '.', '_', ':' or '-'";
    private static final String IN_FUTURE = "is in the future by more than the allowed clock skew of 300 s";
    private static final String TIME_REQUIRED = "required, ISO-8601 instant such as 2026-11-21T08:30:00Z";

    private final CaseEventValidator validator = new CaseEventValidator(ConfigLoader.defaults().validation());

    private List<Violation> check(CaseEvent e) {
        return validator.validate(e, CaseEvents.NOW);
    }

    @Test
    void validCompletedEventPasses() {
        assertThat(check(CaseEvents.completed())).isEmpty();
    }

    @Test
    void acceptedEventNeedsNoCompletedAt() {
        CaseEvent accepted = CaseEvents.completedWith("type", CaseEventType.ACCEPTED);
        assertThat(check(CaseEvents.with(accepted, "completedAt", null))).isEmpty();
        assertThat(check(CaseEvents.completedWith("completedAt", null))).containsExactly(
                new Violation("completedAt", TIME_REQUIRED));
    }

    @Test
    void acceptedAtIsRequired() {
        assertThat(check(CaseEvents.completedWith("acceptedAt", null))).containsExactly(
                new Violation("acceptedAt", TIME_REQUIRED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "projectNo", "hallId", "counterId", "frontClerkId"})
    void identifierIsRequired(String field) {
        assertThat(check(CaseEvents.completedWith(field, ""))).containsExactly(new Violation(field, "required"));
        assertThat(check(CaseEvents.completedWith(field, null))).containsExactly(new Violation(field, "required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"backClerkId", "itemCode", "deptCode"})
    void optionalIdentifierMayBeEmpty(String field) {
        assertThat(check(CaseEvents.completedWith(field, ""))).isEmpty();
        assertThat(check(CaseEvents.completedWith(field, null))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "projectNo", "hallId", "counterId", "frontClerkId", "backClerkId", "itemCode",
            "deptCode"})
    void identifierIsOneToSixtyFourSafeCharacters(String field) {
        assertThat(check(CaseEvents.completedWith(field, "x".repeat(64)))).isEmpty();
        assertThat(check(CaseEvents.completedWith(field, "x".repeat(65)))).containsExactly(new Violation(field, BAD_ID));
        assertThat(check(CaseEvents.completedWith(field, "a b"))).containsExactly(new Violation(field, BAD_ID));
        assertThat(check(CaseEvents.completedWith(field, "窗口3"))).containsExactly(new Violation(field, BAD_ID));
    }

    @Test
    void typeAndPromiseTypeAreRequired() {
        assertThat(check(CaseEvents.completedWith("type", null))).containsExactly(
                new Violation("type", "required: 'accepted' or 'completed'"));
        assertThat(check(CaseEvents.completedWith("promiseType", null))).containsExactly(
                new Violation("promiseType", "required: 'immediate' (即办) or 'promised' (承诺)"));
    }

    @Test
    void completedAtMayNotPrecedeAcceptedAt() {
        assertThat(check(CaseEvents.completedWith("completedAt", CaseEvents.ACCEPTED_AT.minusSeconds(1))))
                .containsExactly(new Violation("completedAt", "is before acceptedAt"));
        assertThat(check(CaseEvents.completedWith("completedAt", CaseEvents.ACCEPTED_AT))).as("即办: same instant")
                .isEmpty();
    }

    @Test
    void timesMayNotBeInTheFutureBeyondSkew() {
        Instant skewEdge = CaseEvents.NOW.plus(Duration.ofMinutes(5));
        assertThat(check(CaseEvents.completedWith("completedAt", skewEdge))).isEmpty();
        assertThat(check(CaseEvents.completedWith("completedAt", skewEdge.plusSeconds(1))))
                .containsExactly(new Violation("completedAt", IN_FUTURE));
        CaseEvent acceptedLater = CaseEvents.completedWith("completedAt", skewEdge.plusSeconds(1));
        assertThat(check(CaseEvents.with(acceptedLater, "acceptedAt", skewEdge.plusSeconds(1)))).containsExactly(
                new Violation("acceptedAt", IN_FUTURE), new Violation("completedAt", IN_FUTURE));
    }

    @Test
    void timesMayNotBeOlderThanTheLimit() {
        Instant ageEdge = CaseEvents.NOW.minus(Duration.ofDays(30));
        assertThat(check(CaseEvents.completedWith("acceptedAt", ageEdge))).isEmpty();
        assertThat(check(CaseEvents.completedWith("acceptedAt", ageEdge.minusSeconds(1)))).containsExactly(
                new Violation("acceptedAt", "is older than the accepted limit of 30 days"));
    }

    @Test
    void referenceIsTheGivenInstantNotTheClock() {
        Instant replayedLater = CaseEvents.NOW.plus(Duration.ofDays(31));
        assertThat(validator.validate(CaseEvents.completed(), replayedLater)).extracting(Violation::field)
                .containsExactly("acceptedAt", "completedAt");
    }

    @Test
    void itemNameIsAtMostTwoHundredCharacters() {
        assertThat(check(CaseEvents.completedWith("itemName", "证".repeat(200)))).isEmpty();
        assertThat(check(CaseEvents.completedWith("itemName", "证".repeat(201)))).containsExactly(
                new Violation("itemName", "must be at most 200 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4403041011", "44a", "440-304"})
    void areaCodeIsAtMostNineDigits(String areaCode) {
        assertThat(check(CaseEvents.completedWith("areaCode", areaCode))).containsExactly(
                new Violation("areaCode", "must be at most 9 digits"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "440304101", "44"})
    void areaCodeMayBeEmptyOrUpToNineDigits(String areaCode) {
        assertThat(check(CaseEvents.completedWith("areaCode", areaCode))).isEmpty();
    }

    @Test
    void checkThrowsWithEveryViolation() {
        CaseEvent e = CaseEvents.with(CaseEvents.completedWith("projectNo", ""), "areaCode", "x");
        assertThatThrownBy(() -> validator.check(e, CaseEvents.NOW))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("projectNo: required; areaCode: must be at most 9 digits");
        assertThatCode(() -> validator.check(CaseEvents.completed(), CaseEvents.NOW)).doesNotThrowAnyException();
    }
}

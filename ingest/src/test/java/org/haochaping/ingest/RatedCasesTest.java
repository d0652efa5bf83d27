package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.haochaping.ingest.RatedCases.Reservation;
import org.junit.jupiter.api.Test;

class RatedCasesTest {

    @Test
    void aCaseIsReservedForOneRatingIdAndTakenForAnyOther() {
        RatedCases cases = new RatedCases(10);
        assertThat(cases.reserve("P-1", 1, "r-1")).isEqualTo(Reservation.FRESH);
        assertThat(cases.reserve("P-1", 1, "r-1")).isEqualTo(Reservation.IN_FLIGHT);
        assertThat(cases.reserve("P-1", 1, "r-2")).isEqualTo(Reservation.TAKEN);
        assertThat(cases.reserve("P-1", 2, "r-2")).as("追评 is another assessment").isEqualTo(Reservation.FRESH);
        assertThat(cases.isRated("P-1", 1)).isTrue();
        assertThat(cases.isRated("P-9", 1)).isFalse();
    }

    @Test
    void anAcceptedRatingIdComingAgainIsAlreadyAccepted() {
        RatedCases cases = new RatedCases(10);
        cases.reserve("P-1", 1, "r-1");
        cases.accepted("P-1", 1, "r-1");
        assertThat(cases.reserve("P-1", 1, "r-1")).isEqualTo(Reservation.ALREADY_ACCEPTED);
        cases.release("P-1", 1, "r-1");
        assertThat(cases.isRated("P-1", 1)).as("an accepted rating is never released").isTrue();
    }

    @Test
    void aReleasedReservationFreesTheCaseButOnlyForItsOwnRatingId() {
        RatedCases cases = new RatedCases(10);
        cases.reserve("P-1", 1, "r-1");
        cases.release("P-1", 1, "r-2");
        assertThat(cases.isRated("P-1", 1)).isTrue();
        cases.release("P-1", 1, "r-1");
        assertThat(cases.isRated("P-1", 1)).isFalse();
        assertThat(cases.reserve("P-1", 1, "r-2")).isEqualTo(Reservation.FRESH);
    }

    @Test
    void whenFullTheOldestCaseIsForgotten() {
        RatedCases cases = new RatedCases(2);
        cases.reserve("P-1", 1, "r-1");
        cases.reserve("P-2", 1, "r-2");
        cases.reserve("P-3", 1, "r-3");
        assertThat(cases.size()).isEqualTo(2);
        assertThat(cases.isRated("P-1", 1)).isFalse();
        assertThat(cases.isRated("P-3", 1)).isTrue();
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new RatedCases(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

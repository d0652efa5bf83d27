package org.haochaping.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;
import org.junit.jupiter.api.Test;

class CaseRatingRequestTest {

    @Test
    void aCompleteRequestPassesAndOptionalCodesMayBeAbsent() {
        assertThatCode(() -> new CaseRatingRequest("P-1", "hall-7", "counter-03", "clerk-1", "换领", null, null, null)
                .check()).doesNotThrowAnyException();
    }

    @Test
    void everyMissingOrMalformedFieldIsNamed() {
        InvalidRatingException e = catchThrowableOfType(InvalidRatingException.class,
                () -> new CaseRatingRequest("P 1", null, "c/3", "", " ", "d|1", "i", "1234567890").check());
        assertThat(e.violations()).extracting(Violation::field)
                .containsExactly("projectNo", "hallId", "counterId", "clerkId", "deptCode", "itemName", "areaCode");
        InvalidRatingException tooLong = catchThrowableOfType(InvalidRatingException.class,
                () -> new CaseRatingRequest("P-1", "h", "c", "k", "名".repeat(201), null, null, null).check());
        assertThat(tooLong.violations()).extracting(Violation::message).containsExactly("must be at most 200 characters");
    }
}

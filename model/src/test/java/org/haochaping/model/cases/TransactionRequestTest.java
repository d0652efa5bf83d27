package org.haochaping.model.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Phones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionRequestTest {

    private static final String TYPES = "'accepted' or 'completed'";
    private static final String PROMISE_TYPES = "'immediate' (即办) or 'promised' (承诺)";

    private static CaseEvent toCaseEvent(TransactionRequest request) throws InvalidRatingException {
        return request.toCaseEvent("sys-1", CaseEvents.NOW, Phones.PROTECTOR, Phones.CIPHER);
    }

    @Test
    void completedRequestBecomesCaseEventWithoutClearPhone() throws Exception {
        CaseEvent e = toCaseEvent(CaseEvents.request("completed", "immediate", Phones.AS_TYPED));
        assertThat(e).usingRecursiveComparison().ignoringFields("phoneSealed").isEqualTo(CaseEvents.completed());
        assertThat(e.phoneHash()).hasSize(64).isEqualTo(Phones.hash());
        assertThat(e.phoneMasked()).isEqualTo("138****5678");
        assertThat(Phones.CIPHER.open(e.phoneSealed())).isEqualTo(Phones.NORMALIZED);
        assertThat(e.toString()).doesNotContain(Phones.NORMALIZED).doesNotContain("1234-5678");
        assertThat(e.hasPhone()).isTrue();
        assertThat(e.eventTime()).isEqualTo(CaseEvents.COMPLETED_AT);
    }

    @Test
    void sealedPhoneOpensOnlyWithTheSameKey() throws Exception {
        CaseEvent e = toCaseEvent(CaseEvents.request("completed", "immediate", Phones.AS_TYPED));
        assertThatThrownBy(() -> Phones.OTHER_CIPHER.open(e.phoneSealed())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typesAreReadIgnoringCaseAndSurroundingSpace() throws Exception {
        CaseEvent e = toCaseEvent(CaseEvents.request(" Accepted ", "PROMISED", Phones.AS_TYPED));
        assertThat(e.type()).isEqualTo(CaseEventType.ACCEPTED);
        assertThat(e.promiseType()).isEqualTo(PromiseType.PROMISED);
        assertThat(e.eventTime()).isEqualTo(CaseEvents.ACCEPTED_AT);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void missingPhoneLeavesPhoneFieldsEmpty(String phone) throws Exception {
        CaseEvent e = toCaseEvent(CaseEvents.request("completed", "immediate", phone));
        assertThat(e.phoneHash()).isEmpty();
        assertThat(e.phoneMasked()).isEmpty();
        assertThat(e.phoneSealed()).isEmpty();
        assertThat(e.hasPhone()).isFalse();
    }

    @Test
    void malformedPhoneIsRejected() {
        assertThatThrownBy(() -> toCaseEvent(CaseEvents.request("completed", "immediate", "12345")))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("citizenPhone: must be an 11-digit mainland mobile number");
    }

    @Test
    void unknownOrMissingTypeIsNamed() {
        assertThatThrownBy(() -> toCaseEvent(CaseEvents.request("done", "immediate", null)))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("type: must be " + TYPES + ", got 'done'");
        assertThatThrownBy(() -> toCaseEvent(CaseEvents.request(null, "immediate", null)))
                .hasMessage("type: required: " + TYPES);
        assertThatThrownBy(() -> toCaseEvent(CaseEvents.request(" ", "immediate", null)))
                .hasMessage("type: required: " + TYPES);
    }

    @Test
    void unknownOrMissingPromiseTypeIsNamed() {
        assertThatThrownBy(() -> toCaseEvent(CaseEvents.request("completed", "即办件", null)))
                .isInstanceOf(InvalidRatingException.class)
                .hasMessage("promiseType: must be " + PROMISE_TYPES + ", got '即办件'");
        assertThatThrownBy(() -> toCaseEvent(CaseEvents.request("completed", "", null)))
                .hasMessage("promiseType: required: " + PROMISE_TYPES);
    }
}

package org.haochaping.model.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.haochaping.model.FieldRules;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;
import org.haochaping.model.config.HcpConfig.ValidationLimits;

/**
 * The rules every case event must pass, at the edge (reference = now) and again in the stream job
 * (reference = received-at, so a replay validates as the first run did).
 */
public final class CaseEventValidator {

    static final int MAX_ITEM_NAME_CHARS = 200;

    private final ValidationLimits limits;

    public CaseEventValidator(ValidationLimits limits) {
        this.limits = limits;
    }

    public List<Violation> validate(CaseEvent e, Instant reference) {
        List<Violation> v = new ArrayList<>();
        FieldRules.id(v, "eventId", e.eventId(), true);
        if (e.type() == null) {
            v.add(new Violation("type", "required: 'accepted' or 'completed'"));
        }
        FieldRules.id(v, "projectNo", e.projectNo(), true);
        FieldRules.id(v, "hallId", e.hallId(), true);
        FieldRules.id(v, "counterId", e.counterId(), true);
        FieldRules.id(v, "frontClerkId", e.frontClerkId(), true);
        FieldRules.id(v, "backClerkId", e.backClerkId(), false);
        FieldRules.id(v, "itemCode", e.itemCode(), false);
        FieldRules.id(v, "deptCode", e.deptCode(), false);
        if (e.itemName().length() > MAX_ITEM_NAME_CHARS) {
            v.add(new Violation("itemName", "must be at most " + MAX_ITEM_NAME_CHARS + " characters"));
        }
        FieldRules.areaCode(v, e.areaCode());
        if (e.promiseType() == null) {
            v.add(new Violation("promiseType", "required: 'immediate' (即办) or 'promised' (承诺)"));
        }
        time(v, "acceptedAt", e.acceptedAt(), reference, true);
        time(v, "completedAt", e.completedAt(), reference, e.type() == CaseEventType.COMPLETED);
        if (e.acceptedAt() != null && e.completedAt() != null && e.completedAt().isBefore(e.acceptedAt())) {
            v.add(new Violation("completedAt", "is before acceptedAt"));
        }
        return v;
    }

    public void check(CaseEvent e, Instant reference) throws InvalidRatingException {
        List<Violation> violations = validate(e, reference);
        if (!violations.isEmpty()) {
            throw new InvalidRatingException(violations);
        }
    }

    private void time(List<Violation> v, String field, Instant t, Instant reference, boolean required) {
        if (t == null) {
            if (required) {
                v.add(new Violation(field, "required, ISO-8601 instant such as 2026-11-21T08:30:00Z"));
            }
        } else if (t.isAfter(reference.plus(limits.clockSkew()))) {
            v.add(new Violation(field, "is in the future by more than the allowed clock skew of "
                    + limits.clockSkew().toSeconds() + " s"));
        } else if (t.isBefore(reference.minus(limits.maxAge()))) {
            v.add(new Violation(field, "is older than the accepted limit of " + limits.maxAge().toDays() + " days"));
        }
    }
}

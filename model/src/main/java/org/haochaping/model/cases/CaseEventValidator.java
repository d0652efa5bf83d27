package org.haochaping.model.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Violation;
import org.haochaping.model.config.HcpConfig.ValidationLimits;

/**
 * The rules every case event must pass, at the edge (reference = now) and again in the stream job
 * (reference = received-at, so a replay validates as the first run did).
 */
public final class CaseEventValidator {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern AREA_CODE = Pattern.compile("\\d{1,9}");
    static final int MAX_ITEM_NAME_CHARS = 200;

    private final ValidationLimits limits;

    public CaseEventValidator(ValidationLimits limits) {
        this.limits = limits;
    }

    public List<Violation> validate(CaseEvent e, Instant reference) {
        List<Violation> v = new ArrayList<>();
        id(v, "eventId", e.eventId(), true);
        if (e.type() == null) {
            v.add(new Violation("type", "required: 'accepted' or 'completed'"));
        }
        id(v, "projectNo", e.projectNo(), true);
        id(v, "hallId", e.hallId(), true);
        id(v, "counterId", e.counterId(), true);
        id(v, "frontClerkId", e.frontClerkId(), true);
        id(v, "backClerkId", e.backClerkId(), false);
        id(v, "itemCode", e.itemCode(), false);
        id(v, "deptCode", e.deptCode(), false);
        if (e.itemName().length() > MAX_ITEM_NAME_CHARS) {
            v.add(new Violation("itemName", "must be at most " + MAX_ITEM_NAME_CHARS + " characters"));
        }
        if (!e.areaCode().isEmpty() && !AREA_CODE.matcher(e.areaCode()).matches()) {
            v.add(new Violation("areaCode", "must be at most 9 digits"));
        }
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

    private static void id(List<Violation> v, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                v.add(new Violation(field, "required"));
            }
        } else if (!ID.matcher(value).matches()) {
            v.add(new Violation(field, "must be 1-64 letters, digits, '.', '_', ':' or '-'"));
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

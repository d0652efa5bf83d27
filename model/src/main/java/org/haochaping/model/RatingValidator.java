package org.haochaping.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.haochaping.model.config.HcpConfig.ValidationLimits;

/**
 * The rules every rating must pass, at the edge and again in the stream job (Kafka may hold anything).
 * Time rules take a reference instant: the edge passes "now", the stream job passes the rating's
 * received-at, so a replay validates exactly as the first run did.
 */
public final class RatingValidator {

    static final int MAX_ID_CHARS = 64;
    private static final Pattern AREA_CODE = Pattern.compile("\\d{1,9}");

    private final ValidationLimits limits;
    private final TagCatalogue tags;

    public RatingValidator(ValidationLimits limits, TagCatalogue tags) {
        this.limits = limits;
        this.tags = tags;
    }

    public List<Violation> validate(Rating r, Instant reference) {
        List<Violation> v = new ArrayList<>();
        if (r.ratingId() == null || !FieldRules.ID.matcher(r.ratingId()).matches()) {
            v.add(new Violation("ratingId", "required, 1-64 characters of letters, digits, '.', '_', ':' or '-'"));
        }
        requireId(v, "projectNo", r.projectNo());
        requireId(v, "hallId", r.hallId());
        requireId(v, "counterId", r.counterId());
        requireId(v, "clerkId", r.clerkId());
        optionalBounded(v, "deptCode", r.deptCode());
        optionalBounded(v, "itemCode", r.itemCode());
        optionalBounded(v, "deviceId", r.deviceId());
        if (!r.areaCode().isEmpty() && !AREA_CODE.matcher(r.areaCode()).matches()) {
            v.add(new Violation("areaCode", "must be at most 9 digits"));
        }
        if (r.assessNumber() != 1 && r.assessNumber() != 2) {
            v.add(new Violation("assessNumber", "must be 1, or 2 for a follow-up rating (追评)"));
        }
        if (r.channel() == null) {
            v.add(new Violation("channel", "required"));
        }
        boolean levelValid = Level.isValid(r.level());
        if (!levelValid) {
            v.add(new Violation("level", "must be between 1 and 5 (5 = 非常满意), got " + r.level()));
        }
        checkTags(v, r, levelValid);
        if (r.comment().length() > limits.maxCommentChars()) {
            v.add(new Violation("comment", "must be at most " + limits.maxCommentChars() + " characters"));
        }
        if (levelValid && Level.of(r.level()).isBad() && r.tagCodes().isEmpty() && r.comment().isBlank()) {
            v.add(new Violation("tagCodes", "a 差评 (level 1 or 2) needs at least one tag or a comment"));
        }
        checkRatedAt(v, r.ratedAt(), reference);
        return v;
    }

    /** @throws InvalidRatingException listing every violation, when there is one */
    public void check(Rating r, Instant reference) throws InvalidRatingException {
        List<Violation> violations = validate(r, reference);
        if (!violations.isEmpty()) {
            throw new InvalidRatingException(violations);
        }
    }

    private void checkTags(List<Violation> v, Rating r, boolean levelValid) {
        if (r.tagCodes().size() > limits.maxTags()) {
            v.add(new Violation("tagCodes", "at most " + limits.maxTags() + " tags"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String code : r.tagCodes()) {
            TagCatalogue.Tag tag = code == null ? null : tags.find(code);
            if (tag == null) {
                v.add(new Violation("tagCodes", "unknown tag code '" + code + "'"));
            } else if (!seen.add(code)) {
                v.add(new Violation("tagCodes", "tag " + code + " given twice"));
            } else if (levelValid && tag.level() != r.level()) {
                v.add(new Violation("tagCodes", "tag " + code + " (" + tag.text() + ") belongs to level "
                        + tag.level() + ", not to level " + r.level()));
            }
        }
    }

    private void checkRatedAt(List<Violation> v, Instant ratedAt, Instant reference) {
        if (ratedAt == null) {
            v.add(new Violation("ratedAt", "required, ISO-8601 instant such as 2026-11-21T08:30:00Z"));
        } else if (ratedAt.isAfter(reference.plus(limits.clockSkew()))) {
            v.add(new Violation("ratedAt", "is in the future by more than the allowed clock skew of "
                    + limits.clockSkew().toSeconds() + " s"));
        } else if (ratedAt.isBefore(reference.minus(limits.maxAge()))) {
            v.add(new Violation("ratedAt", "is older than the accepted limit of " + limits.maxAge().toDays() + " days"));
        }
    }

    private static void requireId(List<Violation> v, String field, String value) {
        if (value == null || value.isBlank()) {
            v.add(new Violation(field, "required"));
        } else {
            optionalBounded(v, field, value);
        }
    }

    private static void optionalBounded(List<Violation> v, String field, String value) {
        if (value != null && value.length() > MAX_ID_CHARS) {
            v.add(new Violation(field, "must be at most " + MAX_ID_CHARS + " characters"));
        }
    }
}

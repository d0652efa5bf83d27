package org.haochaping.jobs.ratings;

import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;

/**
 * What the case gate ({@link CaseRatingGate}) tells the work-order operator about a case, keyed by projectNo.
 * The gate knows which rating of a case counted first; the work-order operator owns everything after a 差评.
 *
 * @param rating the counted first 差评 ({@link Kind#BAD_RATING}) or the 追评 ({@link Kind#RERATING}); null
 *     for {@link Kind#FACTS}
 * @param facts the case's facts (item name, the citizen's phone, sealed for a 追评 SMS): with a
 *     {@link Kind#BAD_RATING} when the case was known by then (else null), or alone as {@link Kind#FACTS}
 *     when they arrive after the 差评
 */
public record WorkOrderSignal(Kind kind, String projectNo, Rating rating, CaseEvent facts) {

    public enum Kind {
        /** The case's counted first rating (assess number 1) is a 差评: a work order opens. */
        BAD_RATING,
        /** The facts of a case whose counted first rating was a 差评 arrived after that rating. */
        FACTS,
        /** A 追评 (assess number 2), not yet judged: only the work order knows whether it may count. */
        RERATING
    }

    public static WorkOrderSignal badRating(Rating rating, CaseEvent facts) {
        return new WorkOrderSignal(Kind.BAD_RATING, rating.projectNo(), rating, facts);
    }

    public static WorkOrderSignal facts(CaseEvent facts) {
        return new WorkOrderSignal(Kind.FACTS, facts.projectNo(), null, facts);
    }

    public static WorkOrderSignal rerating(Rating rating) {
        return new WorkOrderSignal(Kind.RERATING, rating.projectNo(), rating, null);
    }

    /** Whether a rating counted as a case's first rating opens a work order: a 差评 (level 1 or 2), never a default. */
    public static boolean opensWorkOrder(Rating firstRating) {
        return firstRating.isBad() && !firstRating.isDefault();
    }
}

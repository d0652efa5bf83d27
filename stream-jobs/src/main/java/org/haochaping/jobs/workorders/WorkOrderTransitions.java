package org.haochaping.jobs.workorders;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.haochaping.jobs.ratings.FlaggedRating;
import org.haochaping.jobs.ratings.PipelineSettings.WorkOrderRules;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.CommandOutcome.Result;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;

/**
 * The work order's rules without Flink: whether a console command may be applied (and if not, the answer
 * with its reason in Chinese, for the person who acted), what an applied command changes, and whether a
 * 追评 counts. {@link WorkOrderProcess} keeps the state, the timers and the outputs.
 *
 * <pre>
 *   open ──回访──▶ followed_up ──整改──▶ rectified ──追评 / 追评 window ends──▶ closed
 *   (回访 again in followed_up: another attempt)        any status ──申诉成立──▶ voided
 * </pre>
 */
final class WorkOrderTransitions {

    /** A command that may not be applied: the outcome's result and reason. */
    record Refusal(Result result, String reason) {}

    private WorkOrderTransitions() {}

    static Refusal notFound(String workOrderId) {
        return new Refusal(Result.NOT_FOUND, "工单不存在：" + workOrderId + " 没有差评");
    }

    /**
     * Why {@code c} may not be applied to {@code w}, or null when it may. Who first (the role, then the hall
     * or, for a clerk, the ownership of the 差评), then the work order's state.
     */
    static Refusal refusal(WorkOrder w, WorkOrderCommand c) {
        ConsoleRole role = c.actorRole();
        if (!role.mayIssue(c.type())) {
            return new Refusal(Result.FORBIDDEN, role.chinese() + "无权" + verb(c.type()));
        }
        if (role == ConsoleRole.CLERK) {
            if (!w.clerkId.equals(c.actorId())) {
                return new Refusal(Result.FORBIDDEN, "只能对本人收到的差评申诉，该差评评价的是其他工作人员");
            }
        } else if (!c.actsIn(w.hallId)) {
            return new Refusal(Result.FORBIDDEN, "该工单属于大厅 " + w.hallId + "，不在您的管辖范围内");
        }
        WorkOrderStatus s = w.status;
        return switch (c.type()) {
            case FOLLOW_UP -> s == WorkOrderStatus.OPEN || s == WorkOrderStatus.FOLLOWED_UP ? null
                    : conflict(s.statement() + "，不能再回访");
            case RECTIFY -> switch (s) {
                case FOLLOWED_UP -> null;
                case OPEN -> conflict("工单尚未回访，请先回访核实后再整改");
                default -> conflict(s.statement() + "，不能再整改");
            };
            case APPEAL -> s == WorkOrderStatus.VOIDED ? conflict(s.statement() + "，不能再申诉")
                    : w.appealStatus != AppealStatus.NONE ? conflict("该工单已申诉过，不能重复申诉") : null;
            case REVIEW_APPEAL -> w.appealStatus == AppealStatus.PENDING ? null : conflict("该工单没有待复核的申诉");
        };
    }

    /**
     * Applies a command {@link #refusal} allowed, at its issuedAt; returns the history entry. Timers, the 追评
     * invitation, the score exclusion and the version are the caller's.
     */
    static WorkOrderEvent apply(WorkOrder w, WorkOrderCommand c, WorkOrderRules rules, WorkingCalendar calendar) {
        long at = c.issuedAt().toEpochMilli();
        ObjectNode detail = RatingJson.mapper().createObjectNode();
        String type;
        switch (c.type()) {
            case FOLLOW_UP -> {
                type = WorkOrderEvent.FOLLOWED_UP;
                w.followUpCount++;
                if (w.followedUpAtMillis == WorkOrder.NONE) {
                    w.followedUpAtMillis = at;
                }
                w.followUpReached = c.reached();
                w.followUpVerified = c.verified();
                w.citizenFeedback = orEmpty(c.citizenFeedback());
                if (w.status == WorkOrderStatus.OPEN) {
                    w.status = WorkOrderStatus.FOLLOWED_UP;
                }
                detail.put("attempt", w.followUpCount).put("reached", c.reached()).put("verified", c.verified())
                        .put("citizenFeedback", w.citizenFeedback).put("note", orEmpty(c.note()));
            }
            case RECTIFY -> {
                type = WorkOrderEvent.RECTIFIED;
                w.rectifiedAtMillis = at;
                w.rectifyCause = c.cause();
                w.rectifyAction = c.action();
                w.status = WorkOrderStatus.RECTIFIED;
                w.rerateDueMillis = rules.rerateDue(c.issuedAt(), calendar).toEpochMilli();
                detail.put("cause", c.cause()).put("action", c.action())
                        .put("rerateDue", Instant.ofEpochMilli(w.rerateDueMillis).toString());
            }
            case APPEAL -> {
                type = WorkOrderEvent.APPEALED;
                w.appealStatus = AppealStatus.PENDING;
                w.appealKind = c.appealKind();
                w.appealReason = c.reason();
                w.appealFiledBy = c.actorId();
                w.appealFiledAtMillis = at;
                detail.put("kind", c.appealKind().wireName()).put("reason", c.reason());
            }
            case REVIEW_APPEAL -> {
                boolean upheld = c.decision() == AppealDecision.UPHELD;
                type = upheld ? WorkOrderEvent.APPEAL_UPHELD : WorkOrderEvent.APPEAL_REJECTED;
                w.appealReviewedBy = c.actorId();
                w.appealReviewedAtMillis = at;
                w.appealNote = c.note();
                w.appealStatus = upheld ? AppealStatus.UPHELD : AppealStatus.REJECTED;
                if (upheld) {
                    close(w, at, WorkOrderStatus.VOIDED, WorkOrder.CLOSED_APPEAL_UPHELD);
                }
                detail.put("decision", c.decision().wireName()).put("note", c.note());
            }
            default -> throw new IllegalArgumentException("unknown command type " + c.type());
        }
        return new WorkOrderEvent(w.workOrderId, type + ":" + c.commandId(), type, c.actorId(),
                c.actorRole().wireName(), c.issuedAt(), w.status.wireName(), detail.toString());
    }

    /**
     * Whether the 追评 {@code r} counts for {@code w} (null = it counts), else the flagged rating saying why not.
     * It counts only while the work order is rectified, from the rectification until the 追评 window's end,
     * and only once.
     */
    static FlaggedRating rerateRefusal(WorkOrder w, Rating r) {
        String only = "追评 (assess number 2) only follows a rectified 差评; ";
        if (w == null) {
            return new FlaggedRating(r, FlaggedRating.FOLLOWUP_NOT_ALLOWED, only + "case " + r.projectNo()
                    + " has no 差评 work order");
        }
        if (!w.rerateRatingId.isEmpty()) {
            return new FlaggedRating(r, FlaggedRating.DUPLICATE, "请勿重复评价: 追评 already given by " + w.rerateRatingId
                    + " (" + w.rerateChannel + ")");
        }
        long ratedAt = r.ratedAt().toEpochMilli();
        if (w.status == WorkOrderStatus.CLOSED || (w.status == WorkOrderStatus.RECTIFIED && ratedAt >= w.rerateDueMillis)) {
            return new FlaggedRating(r, FlaggedRating.FOLLOWUP_NOT_ALLOWED, "the 追评 window of work order "
                    + w.workOrderId + " ended at " + Instant.ofEpochMilli(w.rerateDueMillis));
        }
        if (w.status != WorkOrderStatus.RECTIFIED) {
            return new FlaggedRating(r, FlaggedRating.FOLLOWUP_NOT_ALLOWED, only + "work order " + w.workOrderId
                    + " is " + w.status.wireName() + " (" + w.status.chinese() + ")");
        }
        if (ratedAt < w.rectifiedAtMillis) {
            return new FlaggedRating(r, FlaggedRating.FOLLOWUP_NOT_ALLOWED, only + "rated at " + r.ratedAt()
                    + ", before work order " + w.workOrderId + " was rectified at "
                    + Instant.ofEpochMilli(w.rectifiedAtMillis));
        }
        return null;
    }

    /** Records a counted 追评: the work order is closed, {@code rerated}. */
    static void rerate(WorkOrder w, Rating r) {
        w.rerateRatingId = r.ratingId();
        w.rerateLevel = r.level();
        w.rerateChannel = r.channel().wireName();
        w.reratedAtMillis = r.ratedAt().toEpochMilli();
        close(w, w.reratedAtMillis, WorkOrderStatus.CLOSED, WorkOrder.CLOSED_RERATED);
    }

    static void close(WorkOrder w, long at, WorkOrderStatus status, String reason) {
        w.status = status;
        w.closedAtMillis = at;
        w.closeReason = reason;
    }

    /** How a refusal names what was not allowed. */
    static String verb(WorkOrderCommandType type) {
        return switch (type) {
            case FOLLOW_UP -> "回访";
            case RECTIFY -> "整改";
            case APPEAL -> "申诉";
            case REVIEW_APPEAL -> "复核申诉";
        };
    }

    private static Refusal conflict(String reason) {
        return new Refusal(Result.CONFLICT, reason);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

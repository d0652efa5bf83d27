package org.haochaping.jobs.workorders;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.haochaping.jobs.ratings.Scope;
import org.haochaping.model.Level;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;

/**
 * The alerts the stream job raises, with their deterministic ids (so a replay raises the same id) and
 * one-line Chinese titles for hall staff (webhook messages, dashboards).
 */
public final class Alerts {

    private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Alerts() {}

    /** {@code bad:<ratingId>}: a 差评 opened a work order. "新差评：大厅 H1 窗口 W3 工作人员 K7，不满意". */
    static Alert badRating(WorkOrder w) {
        return new Alert("bad:" + w.ratingId, AlertType.BAD_RATING, "", w.hallId, w.counterId, w.clerkId,
                w.workOrderId, "新差评：大厅 " + w.hallId + " 窗口 " + w.counterId + " 工作人员 " + w.clerkId + "，"
                        + Level.of(w.ratingLevel).chineseName(), null, Instant.ofEpochMilli(w.openedAtMillis), 1);
    }

    /** {@code due_soon:<step>:<workOrderId>}: "回访即将到期：工单 P1，截止 2026-10-08 16:30". */
    static Alert dueSoon(WorkOrder w, Step step, ZoneId zone) {
        return deadline(w, step, AlertType.DUE_SOON, "即将到期", w.dueSoonMillis(step), zone);
    }

    /** {@code overdue:<step>:<workOrderId>}: "回访已超时：工单 P1，截止 2026-10-08 16:30". */
    static Alert overdue(WorkOrder w, Step step, ZoneId zone) {
        return deadline(w, step, AlertType.OVERDUE, "已超时", w.dueMillis(step), zone);
    }

    private static Alert deadline(WorkOrder w, Step step, AlertType type, String what, long raisedAt, ZoneId zone) {
        Instant due = Instant.ofEpochMilli(w.dueMillis(step));
        return new Alert(type.wireName() + ":" + step.wireName() + ":" + w.workOrderId, type, step.wireName(), w.hallId,
                w.counterId, w.clerkId, w.workOrderId, step.chinese() + what + "：工单 " + w.workOrderId + "，截止 "
                        + LOCAL_MINUTE.format(due.atZone(zone)), due, Instant.ofEpochMilli(raisedAt), 1);
    }

    /**
     * {@code spike:<scope>:<hall>/<subject>:<ratingId>}, the rating being the 差评 that reached the threshold:
     * "差评集中：工作人员 K7 在 60 分钟内收到 3 条差评".
     */
    static Alert spike(Scope scope, String hallId, String subjectId, String ratingId, Instant ratedAt, int count,
                       Duration window) {
        String scopeName = scope.name().toLowerCase(java.util.Locale.ROOT);
        String who = scope == Scope.CLERK ? "工作人员 " : "窗口 ";
        return new Alert("spike:" + scopeName + ":" + hallId + "/" + subjectId + ":" + ratingId, AlertType.SPIKE,
                scopeName, hallId, scope == Scope.COUNTER ? subjectId : "", scope == Scope.CLERK ? subjectId : "", "",
                "差评集中：" + who + subjectId + " 在 " + chinese(window) + "内收到 " + count + " 条差评", null, ratedAt,
                count);
    }

    /** "60 分钟", or seconds when the window is not whole minutes. */
    static String chinese(Duration window) {
        return window.toSecondsPart() == 0 && window.toMillisPart() == 0 ? window.toMinutes() + " 分钟"
                : window.toSeconds() + " 秒";
    }
}

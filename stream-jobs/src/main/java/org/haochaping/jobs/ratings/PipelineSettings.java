package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.haochaping.model.calendar.DayCount;
import org.haochaping.model.calendar.OfficeHours;
import org.haochaping.model.calendar.WorkingCalendar;
import org.haochaping.model.config.HcpConfig;
import org.haochaping.model.config.HcpConfig.ValidationLimits;

/** What the rating pipeline's operators need from {@link HcpConfig}, in a form Flink can ship to tasks. */
public record PipelineSettings(
        Duration window,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        Duration earlyFiring,
        Duration dedupRetention,
        Duration clockSkew,
        Duration maxAge,
        int maxCommentChars,
        int maxTags,
        int[] pointsByLevel,
        CaseRules rules,
        WorkOrderRules workOrders,
        AlertRules alerts,
        Topics topics) implements Serializable {

    public static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    /**
     * The locality rules of {@link HcpConfig.Rules} the case gate, the SMS join and the spam flag apply.
     *
     * @param smsInvitationDelay zero = no SMS invitations
     */
    public record CaseRules(ZoneId timeZone, int ratingWindow, DayCount.Kind ratingWindowDays, int defaultLevel,
                            Duration smsInvitationDelay, Duration evaluatorSpamInterval, Duration caseRetention)
            implements Serializable {

        static CaseRules from(HcpConfig.Rules r) {
            return new CaseRules(r.timeZone(), r.ratingWindow(), r.ratingWindowDays(), r.defaultLevel(),
                    r.smsInvitationDelay(), r.evaluatorSpamInterval(), r.caseRetention());
        }

        /** When a case completed at {@code completedAt} gets its default rating, if still unrated. */
        public Instant ratingWindowEnd(Instant completedAt, WorkingCalendar calendar) {
            return new DayCount(ratingWindow, ratingWindowDays).endAfter(completedAt, timeZone, calendar);
        }
    }

    /**
     * The 差评 work-order rules of {@link HcpConfig.WorkOrders}: deadlines in office time of working days,
     * counted from the 差评; the 追评 window in days after rectification ({@link DayCount} is kept as its two
     * parts because it is not serializable).
     *
     * @param dueSoonBefore office time before a deadline at which it is "due soon"; zero = no due-soon alerts
     * @param retention how long a closed or voided work order's state is kept
     */
    public record WorkOrderRules(int followUpDays, int rectifyDays, OfficeHours officeHours, Duration dueSoonBefore,
                                 int rerateWindow, DayCount.Kind rerateWindowDays, Duration retention)
            implements Serializable {

        static WorkOrderRules from(HcpConfig.WorkOrders w, ZoneId zone) {
            return new WorkOrderRules(w.followUpDays(), w.rectifyDays(), w.officeHours(zone), w.dueSoonBefore(),
                    w.rerateWindow(), w.rerateWindowDays(), w.retention());
        }

        public DayCount rerateWindowCount() {
            return new DayCount(rerateWindow, rerateWindowDays);
        }

        /** The 回访 deadline of a 差评 rated at {@code ratedAt}. */
        public Instant followUpDue(Instant ratedAt, WorkingCalendar calendar) {
            return officeHours.plusWorkingDays(ratedAt, followUpDays, calendar);
        }

        /** The 整改 deadline of a 差评 rated at {@code ratedAt}. */
        public Instant rectifyDue(Instant ratedAt, WorkingCalendar calendar) {
            return officeHours.plusWorkingDays(ratedAt, rectifyDays, calendar);
        }

        /**
         * {@code dueSoonBefore} of office time before the deadline {@code days} working days after
         * {@code ratedAt}; null when there is no such moment after the 差评 (zero, or longer than the period).
         */
        public Instant dueSoon(Instant ratedAt, int days, WorkingCalendar calendar) {
            Duration period = officeHours.workingDay().multipliedBy(days);
            if (dueSoonBefore.isZero() || dueSoonBefore.compareTo(period) >= 0) {
                return null;
            }
            return officeHours.plusOfficeTime(ratedAt, period.minus(dueSoonBefore), calendar);
        }

        /** The end of the 追评 window of a work order rectified at {@code rectifiedAt}: local midnight. */
        public Instant rerateDue(Instant rectifiedAt, WorkingCalendar calendar) {
            return rerateWindowCount().endAfter(rectifiedAt, officeHours.zone(), calendar);
        }
    }

    /** Spikes (差评集中) of {@link HcpConfig.Alerts}: at least {@code spikeThreshold} 差评 within {@code spikeWindow}. */
    public record AlertRules(int spikeThreshold, Duration spikeWindow) implements Serializable {}

    /**
     * The Kafka topics the job reads (and, for the outbox, writes).
     *
     * @param workOrderCommands console → job; {@code workOrderOutcomes} and {@code alerts} are written by the job
     */
    public record Topics(String ratings, String transactions, String smsInbound, String smsOutbox,
                         String workOrderCommands, String workOrderOutcomes, String alerts) implements Serializable {}

    public static PipelineSettings from(HcpConfig config) {
        HcpConfig.Flink f = config.flink();
        int[] points = new int[6];
        for (int level = 1; level <= 5; level++) {
            points[level] = config.scoring().pointsOf(level);
        }
        HcpConfig.Kafka k = config.kafka();
        return new PipelineSettings(ONE_MINUTE, f.outOfOrderness(), f.idleness(), f.allowedLateness(),
                f.earlyFiring(), f.dedupRetention(), config.validation().clockSkew(), config.validation().maxAge(),
                config.validation().maxCommentChars(), config.validation().maxTags(), points,
                CaseRules.from(config.rules()),
                WorkOrderRules.from(config.workOrders(), config.rules().timeZone()),
                new AlertRules(config.alerts().spikeThreshold(), config.alerts().spikeWindow()),
                new Topics(k.ratingsTopic(), k.transactionsTopic(), k.smsInboundTopic(), k.smsOutboxTopic(),
                        k.workOrderCommandsTopic(), k.workOrderOutcomesTopic(), k.alertsTopic()));
    }

    public ValidationLimits validationLimits() {
        return new ValidationLimits(clockSkew, maxAge, maxCommentChars, maxTags);
    }

    public int pointsOf(int level) {
        return pointsByLevel[level];
    }
}

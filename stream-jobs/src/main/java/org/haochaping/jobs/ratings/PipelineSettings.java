package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.haochaping.model.calendar.DayCount;
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

    /** The Kafka topics the job reads (and, for the outbox, writes). */
    public record Topics(String ratings, String transactions, String smsInbound, String smsOutbox)
            implements Serializable {}

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
                new Topics(k.ratingsTopic(), k.transactionsTopic(), k.smsInboundTopic(), k.smsOutboxTopic()));
    }

    public ValidationLimits validationLimits() {
        return new ValidationLimits(clockSkew, maxAge, maxCommentChars, maxTags);
    }

    public int pointsOf(int level) {
        return pointsByLevel[level];
    }
}

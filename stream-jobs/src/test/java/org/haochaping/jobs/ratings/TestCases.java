package org.haochaping.jobs.ratings;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEventType;
import org.haochaping.model.cases.PromiseType;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;

/** Fixtures for cases, ratings of cases and SMS, all in hall-1 / counter-1 / clerk-1, at fixed instants. */
public final class TestCases {

    private TestCases() {}

    /** Settings with some keys overridden, e.g. {@code rules.ratingWindowDays=working}. */
    public static PipelineSettings settings(Map<String, String> overrides) {
        return PipelineSettings.from(ConfigLoader.load(null, Map.of(), overrides));
    }

    /** A completed case; {@code phoneHash} empty = no phone known. */
    public static CaseEvent completed(String projectNo, Instant completedAt, String phoneHash) {
        return new CaseEvent("ev-" + projectNo, CaseEventType.COMPLETED, projectNo, "item-1", "营业执照办理", "dept-1",
                "440100", "hall-1", "counter-1", "clerk-1", "", PromiseType.IMMEDIATE, completedAt.minusSeconds(600),
                completedAt, phoneHash, phoneHash.isEmpty() ? "" : "138****" + phoneHash.substring(phoneHash.length() - 4),
                phoneHash.isEmpty() ? "" : "sealed-" + phoneHash, "sys-1", completedAt.plusSeconds(1));
    }

    public static CaseEvent accepted(String projectNo, Instant acceptedAt) {
        return new CaseEvent("acc-" + projectNo, CaseEventType.ACCEPTED, projectNo, "item-1", "营业执照办理", "dept-1",
                "440100", "hall-1", "counter-1", "clerk-1", "", PromiseType.PROMISED, acceptedAt, null, "", "", "",
                "sys-1", acceptedAt.plusSeconds(1));
    }

    public static Rating rating(String id, String projectNo, int assessNumber, Channel channel, int level, Instant ratedAt,
                         String deviceId) {
        List<String> tags = level <= 2 ? List.of(level == 2 ? "214" : "115") : List.of();
        return new Rating(id, projectNo, assessNumber, channel, level, tags, "", "hall-1", "counter-1", "clerk-1",
                "dept-1", "item-1", "440100", ratedAt, ratedAt.plusSeconds(1), "", "", deviceId, false);
    }

    public static Rating evaluator(String id, String projectNo, int level, Instant ratedAt) {
        return rating(id, projectNo, 1, Channel.EVALUATOR, level, ratedAt, "kiosk:counter-1");
    }

    public static SmsReply reply(String messageId, String phoneHash, String text, Instant receivedAt) {
        return new SmsReply("gw-1", messageId, phoneHash, "138****" + phoneHash.substring(phoneHash.length() - 4), text,
                receivedAt);
    }

    public static SmsInvitation invitation(String projectNo, String phoneHash, Instant invitedAt, Instant expiresAt) {
        return new SmsInvitation(SmsInvitation.idFor(projectNo), projectNo, 1, "hall-1", "counter-1", "clerk-1", "dept-1",
                "item-1", "营业执照办理", "440100", phoneHash, "138****" + phoneHash.substring(phoneHash.length() - 4),
                "sealed-" + phoneHash, invitedAt, expiresAt);
    }

    public static long millis(Instant t) {
        return t.toEpochMilli();
    }
}

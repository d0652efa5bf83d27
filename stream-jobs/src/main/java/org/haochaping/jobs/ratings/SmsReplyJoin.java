package org.haochaping.jobs.ratings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.haochaping.model.Channel;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingJson;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.haochaping.model.sms.SmsReplyParser;

/**
 * Turns a citizen's SMS reply into a rating of the case it answers (keyed by phone hash; first input:
 * invitations read back from the outbox topic, second: replies). A reply answers that phone's latest
 * open invitation: issued at or before the reply, not yet expired, not yet answered.
 *
 * <p>The two inputs are different topics read at different speeds, so a reply is not resolved when it
 * arrives but on an event-time timer at its received-at: by then every invitation issued before it has
 * been read (the watermark passed it), and the decision is the same on every replay. The rating's time
 * stamp is that timer's, its received-at.
 *
 * <p>What goes to {@link #DEAD_LETTERS} (source {@value #SOURCE}): unparseable text (at once, with the
 * parser's reason), no invitation for the phone, the invitation expired, the invitation already answered.
 * An invitation is forgotten {@link #EXPIRY_GRACE} after it expired, so a reply shortly after the expiry
 * still gets the precise reason; this is the state "expiring with the rating window".
 *
 * <p>Decision: an SMS 差评 without a reason is accepted. RatingValidator's "a 差评 needs a tag or a
 * comment" rule is for forms that can ask for one; an SMS reply cannot show a form, and the 差评
 * follow-up (回访) asks the reason. Every other rating rule applies.
 */
public class SmsReplyJoin extends KeyedCoProcessFunction<String, SmsInvitation, SmsReply, Rating> {

    public static final String SOURCE = "sms-reply";
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("sms-reply-dead-letters", RatingTypes.DEAD_LETTER);
    public static final Duration EXPIRY_GRACE = Duration.ofDays(1);
    /** Stands in for the reason an SMS 差评 cannot carry, only while validating (see the class comment). */
    private static final String REASON_NOT_ASKED_BY_SMS = "(sms)";

    private final PipelineSettings settings;
    private transient MapState<String, SmsInvitation> invitations;
    /** invitation id → id of the rating that answered it */
    private transient MapState<String, String> answeredBy;
    private transient ListState<SmsReply> pendingReplies;
    private transient RatingValidator validator;

    public SmsReplyJoin(PipelineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        invitations = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("invitations", Types.STRING, RatingTypes.SMS_INVITATION));
        answeredBy = getRuntimeContext().getMapState(new MapStateDescriptor<>("answered-by", Types.STRING, Types.STRING));
        pendingReplies = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-replies", RatingTypes.SMS_REPLY));
        validator = new RatingValidator(settings.validationLimits(), TagCatalogue.national());
    }

    @Override
    public void processElement1(SmsInvitation invitation, Context ctx, Collector<Rating> out) throws Exception {
        invitations.put(invitation.invitationId(), invitation);
        ctx.timerService().registerEventTimeTimer(invitation.expiresAt().plus(EXPIRY_GRACE).toEpochMilli());
    }

    @Override
    public void processElement2(SmsReply reply, Context ctx, Collector<Rating> out) throws Exception {
        SmsReplyParser.Parsed parsed = SmsReplyParser.parse(reply.text());
        if (!parsed.ok()) {
            ctx.output(DEAD_LETTERS, deadLetter(reply, "unparseable SMS reply: " + parsed.error()));
            return;
        }
        pendingReplies.add(reply);
        ctx.timerService().registerEventTimeTimer(reply.receivedAt().toEpochMilli());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rating> out) throws Exception {
        List<SmsReply> due = new ArrayList<>();
        List<SmsReply> later = new ArrayList<>();
        for (SmsReply r : pendingReplies.get()) {
            (r.receivedAt().toEpochMilli() == timestamp ? due : later).add(r);
        }
        if (!due.isEmpty()) {
            due.sort(Comparator.comparing(SmsReply::ratingId));
            for (SmsReply reply : due) {
                resolve(reply, ctx, out);
            }
            pendingReplies.update(later);
        }
        forgetExpired(timestamp);
    }

    private void resolve(SmsReply reply, OnTimerContext ctx, Collector<Rating> out) throws Exception {
        Instant at = reply.receivedAt();
        SmsInvitation latestIssued = null;
        SmsInvitation latestOpen = null;
        for (SmsInvitation i : invitations.values()) {
            if (i.invitedAt().isAfter(at)) {
                continue;
            }
            latestIssued = later(latestIssued, i);
            String answer = answeredBy.get(i.invitationId());
            // a redelivered reply finds the invitation it answered before and yields the identical rating
            boolean open = at.isBefore(i.expiresAt()) && (answer == null || answer.equals(reply.ratingId()));
            if (open) {
                latestOpen = later(latestOpen, i);
            }
        }
        if (latestOpen != null) {
            answer(reply, latestOpen, ctx, out);
        } else if (latestIssued == null) {
            ctx.output(DEAD_LETTERS, deadLetter(reply, "no SMS invitation for this phone before the reply"));
        } else if (!at.isBefore(latestIssued.expiresAt())) {
            ctx.output(DEAD_LETTERS, deadLetter(reply, "SMS reply arrived after its invitation expired: "
                    + latestIssued.invitationId() + " expired at " + latestIssued.expiresAt()));
        } else {
            ctx.output(DEAD_LETTERS, deadLetter(reply, "SMS invitation " + latestIssued.invitationId()
                    + " was already answered by " + answeredBy.get(latestIssued.invitationId())));
        }
    }

    private void answer(SmsReply reply, SmsInvitation invitation, OnTimerContext ctx, Collector<Rating> out)
            throws Exception {
        SmsReplyParser.Parsed parsed = SmsReplyParser.parse(reply.text());
        Rating rating = new Rating(reply.ratingId(), invitation.projectNo(), invitation.assessNumber(), Channel.SMS, parsed.level(), List.of(),
                parsed.comment(), invitation.hallId(), invitation.counterId(), invitation.clerkId(),
                invitation.deptCode(), invitation.itemCode(), invitation.areaCode(), reply.receivedAt(),
                reply.receivedAt(), reply.phoneHash(), reply.phoneMasked(), reply.gatewayId(), false);
        try {
            validator.check(asValidated(rating), rating.receivedAt());
        } catch (InvalidRatingException e) {
            ctx.output(DEAD_LETTERS, deadLetter(reply, "invalid SMS rating: " + e.getMessage()));
            return;
        }
        answeredBy.put(invitation.invitationId(), reply.ratingId());
        out.collect(rating);
    }

    /** The rating as the validator should see it: an SMS 差评 counts as giving its reason (class comment). */
    private static Rating asValidated(Rating r) {
        if (!r.isBad() || !r.comment().isBlank()) {
            return r;
        }
        return new Rating(r.ratingId(), r.projectNo(), r.assessNumber(), r.channel(), r.level(), r.tagCodes(),
                REASON_NOT_ASKED_BY_SMS, r.hallId(), r.counterId(), r.clerkId(), r.deptCode(), r.itemCode(),
                r.areaCode(), r.ratedAt(), r.receivedAt(), r.raterPhoneHash(), r.raterPhoneMasked(), r.deviceId(),
                r.isDefault());
    }

    private void forgetExpired(long now) throws Exception {
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, SmsInvitation> e : invitations.entries()) {
            if (e.getValue().expiresAt().plus(EXPIRY_GRACE).toEpochMilli() <= now) {
                expired.add(e.getKey());
            }
        }
        for (String id : expired) {
            invitations.remove(id);
            answeredBy.remove(id);
        }
    }

    /** Latest issued; ties (two invitations at one instant) by id, so the choice never depends on order. */
    private static SmsInvitation later(SmsInvitation a, SmsInvitation b) {
        if (a == null) {
            return b;
        }
        int c = a.invitedAt().compareTo(b.invitedAt());
        return c > 0 || (c == 0 && a.invitationId().compareTo(b.invitationId()) > 0) ? a : b;
    }

    private static DeadLetter deadLetter(SmsReply reply, String reason) {
        return new DeadLetter(SOURCE + ":" + reply.ratingId(), SOURCE, RatingJson.writeString(reply), reason,
                reply.receivedAt().toEpochMilli());
    }
}

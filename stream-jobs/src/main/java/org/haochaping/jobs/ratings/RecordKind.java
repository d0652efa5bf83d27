package org.haochaping.jobs.ratings;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.haochaping.model.FieldRules;
import org.haochaping.model.InvalidRatingException;
import org.haochaping.model.Rating;
import org.haochaping.model.RatingValidator;
import org.haochaping.model.TagCatalogue;
import org.haochaping.model.Violation;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEventValidator;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandValidator;

/**
 * What the pipeline reads from one Kafka topic: the record type, how it is validated, and its event time.
 * Time rules are checked against a time carried in the record (received-at, invited-at), never the
 * clock, so a replay decides exactly as the first run did.
 */
public final class RecordKind<T> implements Serializable {

    /** Validates one record; built once per task (validators are not serializable). */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value) throws InvalidRatingException;
    }

    /** Builds a kind's {@link Check} on the task from the settings. */
    @FunctionalInterface
    public interface CheckFactory<T> extends Serializable {
        Check<T> create(PipelineSettings settings);
    }

    /** A record's event time. */
    @FunctionalInterface
    public interface EventTime<T> extends Serializable {
        Instant of(T value);
    }

    public static final RecordKind<Rating> RATINGS =
            new RecordKind<>("rating", Rating.class, RatingTypes.RATING, Rating::ratedAt, RecordKind::ratingCheck);
    public static final RecordKind<CaseEvent> CASE_EVENTS = new RecordKind<>("case event", CaseEvent.class,
            RatingTypes.CASE_EVENT, CaseEvent::eventTime, RecordKind::caseEventCheck);
    public static final RecordKind<SmsReply> SMS_REPLIES = new RecordKind<>("SMS reply", SmsReply.class,
            RatingTypes.SMS_REPLY, SmsReply::receivedAt, settings -> RecordKind::checkSmsReply);
    public static final RecordKind<SmsInvitation> SMS_INVITATIONS = new RecordKind<>("SMS invitation",
            SmsInvitation.class, RatingTypes.SMS_INVITATION, SmsInvitation::invitedAt,
            settings -> RecordKind::checkSmsInvitation);
    /** Console commands on work orders; event time = issuedAt (the console's clock when it accepted the command). */
    public static final RecordKind<WorkOrderCommand> WORK_ORDER_COMMANDS = new RecordKind<>("work order command",
            WorkOrderCommand.class, RatingTypes.WORK_ORDER_COMMAND, WorkOrderCommand::issuedAt,
            settings -> WorkOrderCommandValidator::check);

    private final String noun;
    private final Class<T> recordClass;
    private final TypeInformation<T> type;
    private final EventTime<T> eventTime;
    private final CheckFactory<T> checks;

    private RecordKind(String noun, Class<T> recordClass, TypeInformation<T> type, EventTime<T> eventTime,
                       CheckFactory<T> checks) {
        this.noun = noun;
        this.recordClass = recordClass;
        this.type = type;
        this.eventTime = eventTime;
        this.checks = checks;
    }

    /** How dead-letter reasons name the record: "invalid " + noun + ": …". */
    public String noun() {
        return noun;
    }

    public Class<T> recordClass() {
        return recordClass;
    }

    public TypeInformation<T> type() {
        return type;
    }

    public Instant eventTime(T value) {
        return eventTime.of(value);
    }

    public Check<T> check(PipelineSettings settings) {
        return checks.create(settings);
    }

    public TypeInformation<ParsedRecord<T>> parsedType() {
        return RatingTypes.parsed(type);
    }

    private static Check<Rating> ratingCheck(PipelineSettings settings) {
        RatingValidator validator = new RatingValidator(settings.validationLimits(), TagCatalogue.national());
        return r -> {
            require(r.receivedAt(), "receivedAt");
            validator.check(r, r.receivedAt());
        };
    }

    private static Check<CaseEvent> caseEventCheck(PipelineSettings settings) {
        CaseEventValidator validator = new CaseEventValidator(settings.validationLimits());
        return e -> {
            require(e.receivedAt(), "receivedAt");
            validator.check(e, e.receivedAt());
        };
    }

    private static void checkSmsReply(SmsReply r) throws InvalidRatingException {
        List<Violation> v = new ArrayList<>();
        id(v, "gatewayId", r.gatewayId());
        id(v, "messageId", r.messageId());
        if (v.isEmpty() && !FieldRules.ID.matcher(r.ratingId()).matches()) {
            v.add(new Violation("messageId", "gateway and message id together must be at most 60 characters"));
        }
        present(v, "phoneHash", r.phoneHash());
        if (r.text() == null) {
            v.add(new Violation("text", "required"));
        } else if (r.text().length() > SmsReply.MAX_TEXT_CHARS) {
            v.add(new Violation("text", "must be at most " + SmsReply.MAX_TEXT_CHARS + " characters"));
        }
        if (r.receivedAt() == null) {
            v.add(new Violation("receivedAt", "required"));
        }
        throwIfAny(v);
    }

    private static void checkSmsInvitation(SmsInvitation i) throws InvalidRatingException {
        List<Violation> v = new ArrayList<>();
        id(v, "invitationId", i.invitationId());
        id(v, "projectNo", i.projectNo());
        id(v, "hallId", i.hallId());
        id(v, "counterId", i.counterId());
        id(v, "clerkId", i.clerkId());
        present(v, "phoneHash", i.phoneHash());
        if (i.assessNumber() != 1 && i.assessNumber() != 2) {
            v.add(new Violation("assessNumber", "must be 1, or 2 for a 追评"));
        }
        if (i.invitedAt() == null) {
            v.add(new Violation("invitedAt", "required"));
        }
        if (i.expiresAt() == null) {
            v.add(new Violation("expiresAt", "required"));
        } else if (i.invitedAt() != null && !i.expiresAt().isAfter(i.invitedAt())) {
            v.add(new Violation("expiresAt", "must be after invitedAt"));
        }
        throwIfAny(v);
    }

    private static void require(Instant t, String field) throws InvalidRatingException {
        if (t == null) {
            throw new InvalidRatingException(field, "required");
        }
    }

    private static void id(List<Violation> v, String field, String value) {
        FieldRules.id(v, field, value, true);
    }

    private static void present(List<Violation> v, String field, String value) {
        if (value == null || value.isBlank()) {
            v.add(new Violation(field, "required"));
        } else if (value.length() > 128) {
            v.add(new Violation(field, "must be at most 128 characters"));
        }
    }

    private static void throwIfAny(List<Violation> v) throws InvalidRatingException {
        if (!v.isEmpty()) {
            throw new InvalidRatingException(v);
        }
    }
}

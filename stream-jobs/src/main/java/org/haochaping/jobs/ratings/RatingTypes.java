package org.haochaping.jobs.ratings;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.haochaping.model.Channel;
import org.haochaping.model.Rating;
import org.haochaping.model.cases.CaseEvent;
import org.haochaping.model.cases.CaseEventType;
import org.haochaping.model.cases.PromiseType;
import org.haochaping.model.sms.SmsInvitation;
import org.haochaping.model.sms.SmsReply;
import org.haochaping.model.workorders.Alert;
import org.haochaping.model.workorders.AlertType;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.AppealKind;
import org.haochaping.model.workorders.CommandOutcome;
import org.haochaping.model.workorders.ConsoleRole;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;

/**
 * Explicit Flink type information for the records that cross operators, so none falls back to Kryo
 * (which cannot rebuild the immutable lists inside {@link Rating}).
 */
public final class RatingTypes {

    public static final TypeInformation<Rating> RATING = ratingType();
    public static final TypeInformation<DeadLetter> DEAD_LETTER = Types.POJO(DeadLetter.class, fields(
            "id", Types.STRING, "source", Types.STRING, "payload", Types.STRING, "reason", Types.STRING,
            "occurredAtMillis", Types.LONG));
    public static final TypeInformation<CaseEvent> CASE_EVENT = Types.POJO(CaseEvent.class, fields(
            "eventId", Types.STRING, "type", Types.ENUM(CaseEventType.class), "projectNo", Types.STRING,
            "itemCode", Types.STRING, "itemName", Types.STRING, "deptCode", Types.STRING, "areaCode", Types.STRING,
            "hallId", Types.STRING, "counterId", Types.STRING, "frontClerkId", Types.STRING,
            "backClerkId", Types.STRING, "promiseType", Types.ENUM(PromiseType.class),
            "acceptedAt", Types.INSTANT, "completedAt", Types.INSTANT, "phoneHash", Types.STRING,
            "phoneMasked", Types.STRING, "phoneSealed", Types.STRING, "systemId", Types.STRING,
            "receivedAt", Types.INSTANT));
    public static final TypeInformation<SmsReply> SMS_REPLY = Types.POJO(SmsReply.class, fields(
            "gatewayId", Types.STRING, "messageId", Types.STRING, "phoneHash", Types.STRING,
            "phoneMasked", Types.STRING, "text", Types.STRING, "receivedAt", Types.INSTANT));
    public static final TypeInformation<SmsInvitation> SMS_INVITATION = Types.POJO(SmsInvitation.class, fields(
            "invitationId", Types.STRING, "projectNo", Types.STRING, "assessNumber", Types.INT, "hallId", Types.STRING,
            "counterId", Types.STRING, "clerkId", Types.STRING, "deptCode", Types.STRING,
            "itemCode", Types.STRING, "itemName", Types.STRING, "areaCode", Types.STRING,
            "phoneHash", Types.STRING, "phoneMasked", Types.STRING, "phoneSealed", Types.STRING,
            "invitedAt", Types.INSTANT, "expiresAt", Types.INSTANT));
    public static final TypeInformation<FlaggedRating> FLAGGED_RATING = Types.POJO(FlaggedRating.class, fields(
            "rating", RATING, "flag", Types.STRING, "detail", Types.STRING));
    public static final TypeInformation<CaseSnapshot> CASE_SNAPSHOT = Types.POJO(CaseSnapshot.class, fields(
            "projectNo", Types.STRING, "event", CASE_EVENT, "status", Types.STRING,
            "ratingWindowEnds", Types.INSTANT, "ratedAt", Types.INSTANT, "ratingChannel", Types.STRING,
            "ratingLevel", Types.INT, "smsInvitedAt", Types.INSTANT, "version", Types.LONG,
            "updatedAt", Types.INSTANT));
    public static final TypeInformation<WorkOrderSignal> WORK_ORDER_SIGNAL = Types.POJO(WorkOrderSignal.class, fields(
            "kind", Types.ENUM(WorkOrderSignal.Kind.class), "projectNo", Types.STRING, "rating", RATING,
            "facts", CASE_EVENT));
    public static final TypeInformation<WorkOrderCommand> WORK_ORDER_COMMAND = Types.POJO(WorkOrderCommand.class, fields(
            "commandId", Types.STRING, "workOrderId", Types.STRING, "type", Types.ENUM(WorkOrderCommandType.class),
            "actorId", Types.STRING, "actorRole", Types.ENUM(ConsoleRole.class), "actorHalls", Types.LIST(Types.STRING),
            "issuedAt", Types.INSTANT, "reached", Types.BOOLEAN, "verified", Types.BOOLEAN,
            "citizenFeedback", Types.STRING, "cause", Types.STRING, "action", Types.STRING,
            "appealKind", Types.ENUM(AppealKind.class), "reason", Types.STRING,
            "decision", Types.ENUM(AppealDecision.class), "note", Types.STRING));
    public static final TypeInformation<CommandOutcome> COMMAND_OUTCOME = Types.POJO(CommandOutcome.class, fields(
            "commandId", Types.STRING, "workOrderId", Types.STRING, "result", Types.ENUM(CommandOutcome.Result.class),
            "reason", Types.STRING, "status", Types.STRING, "version", Types.LONG, "decidedAt", Types.INSTANT));
    public static final TypeInformation<Alert> ALERT = Types.POJO(Alert.class, fields(
            "alertId", Types.STRING, "type", Types.ENUM(AlertType.class), "subject", Types.STRING,
            "hallId", Types.STRING, "counterId", Types.STRING, "clerkId", Types.STRING, "workOrderId", Types.STRING,
            "title", Types.STRING, "dueAt", Types.INSTANT, "raisedAt", Types.INSTANT, "count", Types.INT));

    private RatingTypes() {}

    /** A parsed Kafka record holding a {@code value} of the given type or a dead letter. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> TypeInformation<ParsedRecord<T>> parsed(TypeInformation<T> valueType) {
        return (TypeInformation) Types.POJO(ParsedRecord.class, fields("value", valueType, "deadLetter", DEAD_LETTER));
    }

    private static TypeInformation<Rating> ratingType() {
        return Types.POJO(Rating.class, fields(
                "ratingId", Types.STRING, "projectNo", Types.STRING, "assessNumber", Types.INT,
                "channel", Types.ENUM(Channel.class), "level", Types.INT, "tagCodes", Types.LIST(Types.STRING),
                "comment", Types.STRING, "hallId", Types.STRING, "counterId", Types.STRING,
                "clerkId", Types.STRING, "deptCode", Types.STRING, "itemCode", Types.STRING,
                "areaCode", Types.STRING, "ratedAt", Types.INSTANT, "receivedAt", Types.INSTANT,
                "raterPhoneHash", Types.STRING, "raterPhoneMasked", Types.STRING, "deviceId", Types.STRING,
                "isDefault", Types.BOOLEAN));
    }

    /** The fields of a record for {@link Types#POJO(Class, Map)}: name, type, name, type, … */
    public static Map<String, TypeInformation<?>> fields(Object... namesAndTypes) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put((String) namesAndTypes[i], (TypeInformation<?>) namesAndTypes[i + 1]);
        }
        return fields;
    }
}

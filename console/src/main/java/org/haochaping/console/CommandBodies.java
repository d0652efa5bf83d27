package org.haochaping.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haochaping.model.RatingJson;
import org.haochaping.model.Violation;
import org.haochaping.model.workorders.AppealDecision;
import org.haochaping.model.workorders.AppealKind;
import org.haochaping.model.workorders.WorkOrderCommand;
import org.haochaping.model.workorders.WorkOrderCommandType;
import org.haochaping.model.workorders.WorkOrderCommandValidator;

/**
 * The request bodies of the command endpoints, read into a {@link WorkOrderCommand}. Like {@link RatingJson}
 * it refuses what it does not know (an unknown field, a wrong type, malformed JSON) naming the field, but
 * in Chinese, because hall staff read the answer; then {@link WorkOrderCommandValidator} checks the
 * command's rules. The actor fields, the command id and the time come from the server, never the body.
 *
 * <pre>
 * follow_up      {"reached": bool, "verified": bool, "citizenFeedback": text, "note": text}
 * rectify        {"cause": text, "action": text}
 * appeal         {"kind": "mistaken"|"malicious", "reason": text}
 * review_appeal  {"decision": "upheld"|"rejected", "note": text}
 * </pre>
 */
final class CommandBodies {

    /** The server's side of a command: who, which work order, which id and when. */
    record Envelope(String commandId, String workOrderId, Principal actor, Instant issuedAt) {}

    /** A command, or why there is none. */
    record Parsed(WorkOrderCommand command, List<Violation> violations) {
        static Parsed invalid(List<Violation> violations) {
            return new Parsed(null, List.copyOf(violations));
        }
    }

    private enum Kind { BOOLEAN, TEXT, APPEAL_KIND, DECISION }

    private static final Map<WorkOrderCommandType, Map<String, Kind>> FIELDS = Map.of(
            WorkOrderCommandType.FOLLOW_UP, fields("reached", Kind.BOOLEAN, "verified", Kind.BOOLEAN,
                    "citizenFeedback", Kind.TEXT, "note", Kind.TEXT),
            WorkOrderCommandType.RECTIFY, fields("cause", Kind.TEXT, "action", Kind.TEXT),
            WorkOrderCommandType.APPEAL, fields("kind", Kind.APPEAL_KIND, "reason", Kind.TEXT),
            WorkOrderCommandType.REVIEW_APPEAL, fields("decision", Kind.DECISION, "note", Kind.TEXT));

    /** The validator names the appeal's kind after the record component; the body calls it {@code kind}. */
    private static final Map<String, String> BODY_NAME = Map.of("appealKind", "kind");

    private CommandBodies() {}

    static Parsed parse(WorkOrderCommandType type, byte[] body, Envelope envelope) {
        Map<String, Kind> fields = FIELDS.get(type);
        JsonNode root;
        if (body == null || body.length == 0) {
            return Parsed.invalid(List.of(new Violation("body", "请求体为空，应为 JSON 对象")));
        }
        try {
            root = RatingJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Parsed.invalid(List.of(new Violation("body", "请求体不是有效的 JSON")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            return Parsed.invalid(List.of(new Violation("body", "请求体必须是 JSON 对象")));
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            Kind kind = fields.get(f.getKey());
            if (kind == null) {
                violations.add(new Violation(f.getKey(), "未知字段，可用字段：" + String.join("、", fields.keySet())));
            } else if (!f.getValue().isNull()) {
                read(f.getKey(), kind, f.getValue(), violations).ifPresent(v -> values.put(f.getKey(), v));
            }
        }
        if (!violations.isEmpty()) {
            return Parsed.invalid(violations);
        }
        Principal actor = envelope.actor();
        WorkOrderCommand command = new WorkOrderCommand(envelope.commandId(), envelope.workOrderId(), type,
                actor.userId(), actor.role(), actor.halls(), envelope.issuedAt(),
                (Boolean) values.get("reached"), (Boolean) values.get("verified"),
                (String) values.get("citizenFeedback"), (String) values.get("cause"), (String) values.get("action"),
                (AppealKind) values.get("kind"), (String) values.get("reason"),
                (AppealDecision) values.get("decision"), (String) values.get("note"));
        List<Violation> rules = WorkOrderCommandValidator.validate(command).stream()
                .map(v -> new Violation(BODY_NAME.getOrDefault(v.field(), v.field()), v.message()))
                .toList();
        return rules.isEmpty() ? new Parsed(command, List.of()) : Parsed.invalid(rules);
    }

    private static Optional<Object> read(String field, Kind kind, JsonNode node, List<Violation> violations) {
        switch (kind) {
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return Optional.of(node.booleanValue());
                }
                violations.add(new Violation(field, "应为 true 或 false"));
            }
            case TEXT -> {
                if (node.isTextual()) {
                    return Optional.of(node.textValue());
                }
                violations.add(new Violation(field, "应为文本"));
            }
            case APPEAL_KIND -> {
                return wire(field, node, AppealKind::fromWire, "mistaken（误评）或 malicious（恶意差评）", violations);
            }
            case DECISION -> {
                return wire(field, node, AppealDecision::fromWire, "upheld（申诉成立）或 rejected（驳回）", violations);
            }
        }
        return Optional.empty();
    }

    private static Optional<Object> wire(String field, JsonNode node, Function<String, ?> parse, String choices,
                                         List<Violation> violations) {
        if (node.isTextual()) {
            try {
                return Optional.of(parse.apply(node.textValue()));
            } catch (IllegalArgumentException e) {
                // named below with the choices
            }
        }
        violations.add(new Violation(field, "应为 " + choices));
        return Optional.empty();
    }

    private static Map<String, Kind> fields(Object... namesAndKinds) {
        Map<String, Kind> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndKinds.length; i += 2) {
            map.put((String) namesAndKinds[i], (Kind) namesAndKinds[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

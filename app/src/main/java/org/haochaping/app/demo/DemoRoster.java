package org.haochaping.app.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.clickhouse.Sql;
import org.haochaping.evaluation.EvaluationMonth;
import org.haochaping.evaluation.StaffMember;
import org.haochaping.model.PhoneProtector;

/**
 * The demo's staff roster and the month it evaluates. Every clerk gets a made-up registered phone in the
 * 170 range, except one: the clerk of the first rating (by id) the run's citizens gave with a phone is
 * registered with that rater's phone — a clerk who rated their own case — so the evaluation's audit sheet
 * shows a self-rating found end to end.
 */
public final class DemoRoster {

    /** @param selfRater the clerk registered with a rater's phone, if the run had a rating with a phone */
    public record Roster(List<StaffMember> members, Optional<String> selfRater) {}

    private DemoRoster() {}

    public static Roster build(Population population, DemoScenario scenario, ClickHouseStore store, PhoneProtector phones) {
        Map<String, String> phoneByHash = new LinkedHashMap<>();
        for (String phone : scenario.phones()) {
            String normalized = PhoneProtector.normalize(phone);
            if (normalized != null) {
                phoneByHash.put(phones.hash(normalized), normalized);
            }
        }
        String selfClerk = null;
        String selfPhone = null;
        List<Map<String, Object>> rated = store.query("SELECT clerk_id, rater_phone_hash FROM ratings FINAL "
                + "WHERE project_no LIKE " + Sql.literal(scenario.runId() + "-%") + " AND rater_phone_hash != '' "
                + "AND is_default = 0 ORDER BY rating_id LIMIT 1000");
        for (Map<String, Object> row : rated) {
            String phone = phoneByHash.get((String) row.get("rater_phone_hash"));
            if (phone != null) {
                selfClerk = (String) row.get("clerk_id");
                selfPhone = phone;
                break;
            }
        }
        List<StaffMember> members = new ArrayList<>();
        int n = 0;
        for (Population.Clerk clerk : population.clerks()) {
            String phone = clerk.id().equals(selfClerk) ? selfPhone : String.format("170%08d", 10_000 + n++);
            members.add(new StaffMember(clerk.id(), clerk.name(), clerk.hallId(), clerk.counterId(),
                    phones.hash(phone), PhoneProtector.mask(phone)));
        }
        return new Roster(List.copyOf(members), Optional.ofNullable(selfClerk));
    }

    /** The month most of the simulated period lies in (the one holding its midpoint). */
    public static EvaluationMonth simulatedMonth(Instant from, Instant to, ZoneId zone) {
        return EvaluationMonth.of(from.plus(Duration.between(from, to).dividedBy(2)), zone);
    }
}

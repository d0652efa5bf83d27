package org.haochaping.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Set;
import org.haochaping.model.Violation;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    private static final Set<String> ALLOWED = Set.of("status", "hallId", "overdue", "from", "to", "limit", "offset");

    private static QueryParams params(String... namesAndValues) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new QueryParams(m, ALLOWED);
    }

    @Test
    void checkedValuesAreReadAndAbsentOnesAreNull() {
        QueryParams q = params("status", "open, followed_up", "hallId", "H1", "overdue", "true",
                "from", "2026-10-01T00:00:00+08:00", "to", "2026-10-08T00:00:00Z", "limit", "500", "offset", "40");
        assertThat(q.oneOf("status", WorkOrderQueries.STATUSES)).containsExactly("open", "followed_up");
        assertThat(q.id("hallId")).isEqualTo("H1");
        assertThat(q.bool("overdue")).isTrue();
        assertThat(q.instant("from")).isEqualTo(Instant.parse("2026-09-30T16:00:00Z"));
        assertThat(q.instant("to")).isEqualTo(Instant.parse("2026-10-08T00:00:00Z"));
        assertThat(q.page(100, 500)).isEqualTo(new QueryParams.Page(500, 40));
        assertThat(q.violations()).isEmpty();

        QueryParams none = params();
        assertThat(none.id("hallId")).isNull();
        assertThat(none.bool("overdue")).isNull();
        assertThat(none.oneOf("status", WorkOrderQueries.STATUSES)).isEmpty();
        assertThat(none.page(100, 500)).isEqualTo(new QueryParams.Page(100, 0));
    }

    @Test
    void anOffsetsPlusSentUnencodedArrivesAsASpaceAndIsStillRead() {
        assertThat(params("from", "2026-10-01T00:00:00 08:00").instant("from"))
                .isEqualTo(Instant.parse("2026-09-30T16:00:00Z"));
    }

    @Test
    void everyProblemIsNamedInChinese() {
        QueryParams q = params("hall", "H1", "status", "open,done", "hallId", "H1'; DROP TABLE x",
                "overdue", "yes", "from", "2026-10-01", "limit", "501", "offset", "-1");
        q.oneOf("status", WorkOrderQueries.STATUSES);
        q.id("hallId");
        q.bool("overdue");
        q.instant("from");
        q.page(100, 500);
        assertThat(q.violations()).extracting(Violation::field).containsExactly(
                "hall", "status", "hallId", "overdue", "from", "limit", "offset");
        assertThat(q.violations()).extracting(Violation::message).containsExactly(
                "未知的查询参数，可用参数：from、hallId、limit、offset、overdue、status、to",
                "不支持的取值 'done'，可选：open、followed_up、rectified、closed、voided",
                "格式不正确：只能包含字母、数字和 . _ : -，最长 64 个字符",
                "应为 true 或 false",
                "时间格式不正确，应为 ISO-8601，例如 2026-10-01T00:00:00+08:00",
                "应为 1 到 500 之间的整数",
                "应为 0 到 1000000 之间的整数");
    }

    @Test
    void aRepeatedParameterOrAnEmptyRangeIsRefused() {
        MultiMap m = MultiMap.caseInsensitiveMultiMap().add("hallId", "H1").add("hallId", "H2");
        assertThat(new QueryParams(m, ALLOWED).violations())
                .extracting(Violation::field, Violation::message).containsExactly(tuple("hallId", "只能出现一次"));
        QueryParams q = params();
        q.ordered(Instant.parse("2026-10-02T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"));
        assertThat(q.violations()).extracting(Violation::field, Violation::message)
                .containsExactly(tuple("to", "结束时间必须晚于开始时间"));
    }
}

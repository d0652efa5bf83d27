package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRowsTest {

    @Test
    void rowsKeepColumnOrderAndIntegersAreLongs() {
        byte[] out = ("{\"z\":1,\"a\":-3,\"m\":2.5,\"big\":18446744073709551615,\"arr\":[1,2],\"t\":{\"k\":3},\"s\":\"好\",\"n\":null}\n"
                + "{\"z\":2,\"a\":0,\"m\":0.0,\"big\":1,\"arr\":[],\"t\":{\"k\":4},\"s\":\"\",\"n\":null}\n")
                .getBytes(StandardCharsets.UTF_8);
        List<Map<String, Object>> rows = JsonRows.parse(out);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).keySet()).containsExactly("z", "a", "m", "big", "arr", "t", "s", "n");
        assertThat(rows.get(0).get("z")).isEqualTo(1L);
        assertThat(rows.get(0).get("a")).isEqualTo(-3L);
        assertThat(rows.get(0).get("m")).isEqualTo(2.5);
        assertThat(rows.get(0).get("big")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(rows.get(0).get("arr")).isEqualTo(List.of(1L, 2L));
        assertThat(rows.get(0).get("t")).isEqualTo(Map.of("k", 3L));
        assertThat(rows.get(0).get("s")).isEqualTo("好");
        assertThat(rows.get(0)).containsEntry("n", null);
        assertThat(JsonRows.parse(new ByteArrayInputStream(out))).isEqualTo(rows);
    }

    @Test
    void noOutputIsNoRows() {
        assertThat(JsonRows.parse(new byte[0])).isEmpty();
        assertThat(JsonRows.parse(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void garbageIsAClickHouseException() {
        assertThatThrownBy(() -> JsonRows.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ClickHouseException.class).hasMessageStartingWith("unreadable JSONEachRow result");
    }

    @Test
    void joinPutsOneNewlineBetweenRowsInUtf8() {
        byte[] joined = JsonRows.join("INSERT INTO t FORMAT JSONEachRow\n", List.of("{\"a\":\"差\"}", "{\"a\":2}"));
        assertThat(new String(joined, StandardCharsets.UTF_8))
                .isEqualTo("INSERT INTO t FORMAT JSONEachRow\n{\"a\":\"差\"}\n{\"a\":2}");
    }
}

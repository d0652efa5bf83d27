package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void literalsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(Sql.literal("it's")).isEqualTo("'it\\'s'");
        assertThat(Sql.literal("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(Sql.literal("line\nnext\ttab")).isEqualTo("'line\\nnext\\ttab'");
        assertThat(Sql.literal("办件")).isEqualTo("'办件'");
        assertThat(Sql.literal("")).isEqualTo("''");
    }

    @Test
    void identifiersArePlainNames() {
        assertThat(Sql.identifier("clickhouse.database", "haochaping_2")).isEqualTo("haochaping_2");
        assertThatThrownBy(() -> Sql.identifier("clickhouse.database", "a-b"))
                .hasMessage("clickhouse.database must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*), got: 'a-b'");
        assertThatThrownBy(() -> Sql.identifier("clickhouse.database", null)).hasMessageEndingWith("got: null");
        assertThatThrownBy(() -> Sql.identifier("x", "1abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tablesMayBeQualified() {
        assertThat(Sql.table("ratings")).isEqualTo("ratings");
        assertThat(Sql.table("hcp.ratings")).isEqualTo("hcp.ratings");
        assertThatThrownBy(() -> Sql.table("ratings FORMAT CSV")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.table("a.b.c")).isInstanceOf(IllegalArgumentException.class);
    }
}

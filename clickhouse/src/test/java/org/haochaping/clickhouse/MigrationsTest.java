package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.haochaping.clickhouse.Migrations.Migration;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void theIndexListsTheFirstMigration() {
        List<Migration> migrations = Migrations.load(Migrations.FOLDER);
        assertThat(migrations).extracting(Migration::version).startsWith(1).isSorted().doesNotHaveDuplicates();
        Migration first = migrations.get(0);
        assertThat(first.fileName()).isEqualTo("V001__ratings_scores_dead_letters.sql");
        assertThat(first.name()).isEqualTo("ratings_scores_dead_letters");
        assertThat(first.checksum()).hasSize(64).matches("[0-9a-f]+");
        assertThat(first.statements()).hasSize(4);
        assertThat(first.statements()).extracting(s -> s.lines().findFirst().orElseThrow()).containsExactly(
                "CREATE TABLE IF NOT EXISTS ratings",
                "CREATE TABLE IF NOT EXISTS clerk_minute_scores",
                "CREATE TABLE IF NOT EXISTS counter_minute_scores",
                "CREATE TABLE IF NOT EXISTS dead_letters");
        assertThat(first.statements().get(0)).endsWith("ORDER BY rating_id").doesNotContain("--").doesNotContain(";");
    }

    @Test
    void statementsEndAtASemicolonThatEndsALine() {
        String text = """
                -- a comment; with a semicolon;
                CREATE TABLE a (x String DEFAULT ';') ENGINE = Memory;
                  -- indented comment
                INSERT INTO a
                VALUES ('b');  \n\
                SELECT 1
                """;
        assertThat(Migrations.statements(text)).containsExactly(
                "CREATE TABLE a (x String DEFAULT ';') ENGINE = Memory",
                "INSERT INTO a\nVALUES ('b')",
                "SELECT 1");
        assertThat(Migrations.statements("-- only a comment\n\n;\n")).isEmpty();
    }

    @Test
    void theChecksumIgnoresLineEndingsButNotContent() {
        Migration unix = Migrations.parse("V002__x.sql", "CREATE TABLE t (a UInt8) ENGINE = Memory;\n");
        Migration windows = Migrations.parse("V002__x.sql", "CREATE TABLE t (a UInt8) ENGINE = Memory;\r\n");
        Migration edited = Migrations.parse("V002__x.sql", "CREATE TABLE t (a UInt16) ENGINE = Memory;\n");
        assertThat(windows.checksum()).isEqualTo(unix.checksum());
        assertThat(edited.checksum()).isNotEqualTo(unix.checksum());
        assertThat(unix.checksum()).isEqualTo(Migrations.sha256("CREATE TABLE t (a UInt8) ENGINE = Memory;\n"));
        assertThat(unix.version()).isEqualTo(2);
    }

    @Test
    void indexSkipsCommentsAndBlankLines() {
        assertThat(Migrations.indexEntries("# header\n\nV001__a.sql\r\n  V002__b.sql  \n")).containsExactly(
                "V001__a.sql", "V002__b.sql");
    }

    @Test
    void badFilesAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Migrations.parse("001_ratings.sql", "SELECT 1;"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("001_ratings.sql");
        assertThatThrownBy(() -> Migrations.parse("V000__zero.sql", "SELECT 1;"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> Migrations.parse("V003__empty.sql", "-- nothing\n"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("no statement");
    }

    @Test
    void twoFilesWithOneVersionAreRejected() {
        assertThatThrownBy(() -> Migrations.load("org/haochaping/clickhouse/testmigrations/duplicate"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("two migrations with version 1")
                .hasMessageContaining("V001__a.sql").hasMessageContaining("V1__b.sql");
    }

    @Test
    void aListedFileThatIsMissingIsNamed() {
        assertThatThrownBy(() -> Migrations.load("org/haochaping/clickhouse/testmigrations/missing"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("testmigrations/missing/V001__not_there.sql");
    }
}

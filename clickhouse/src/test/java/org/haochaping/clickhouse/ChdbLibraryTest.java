package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChdbLibraryTest {

    @TempDir
    Path dir;

    @Test
    void configuredPathWinsOverEnvironmentAndDefault() throws IOException {
        Path configured = Files.createFile(dir.resolve("configured.so"));
        Path env = Files.createFile(dir.resolve("env.so"));
        Path fallback = Files.createFile(dir.resolve("default.so"));
        assertThat(ChdbLibrary.locate(configured.toString(), env.toString(), fallback)).isEqualTo(configured);
        assertThat(ChdbLibrary.locate("  ", env.toString(), fallback)).isEqualTo(env);
        assertThat(ChdbLibrary.locate(null, "", fallback)).isEqualTo(fallback);
    }

    @Test
    void aMissingLibrarySaysHowToFetchIt() {
        Path missing = dir.resolve("nope/libchdb.so");
        assertThatThrownBy(() -> ChdbLibrary.locate("", null, missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not found at " + missing)
                .hasMessageContaining("./hcp fetch-chdb")
                .hasMessageContaining("clickhouse.chdbLibrary");
        assertThatThrownBy(() -> ChdbLibrary.locate(missing.toString(), null, missing))
                .hasMessageContaining("(clickhouse.chdbLibrary)");
        assertThatThrownBy(() -> ChdbLibrary.locate(null, missing.toString(), missing))
                .hasMessageContaining("(" + ChdbLibrary.ENV + ")");
    }

    @Test
    void aFolderIsNotALibrary() {
        assertThatThrownBy(() -> ChdbLibrary.locate(dir.toString(), null, dir)).hasMessageContaining("not found at");
    }

    @Test
    void theDefaultIsTheHcpCache() {
        assertThat(ChdbLibrary.defaultLocation()).isEqualTo(Path.of(System.getProperty("user.home"),
                ".cache/haochaping/chdb/26.5.3/libchdb.so"));
    }
}

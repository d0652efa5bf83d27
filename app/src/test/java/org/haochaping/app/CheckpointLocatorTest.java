package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {

    @TempDir
    Path root;

    private Path checkpoint(String job, int n, String completedAt, boolean complete) throws Exception {
        Path dir = Files.createDirectories(root.resolve(job).resolve("chk-" + n));
        if (complete) {
            Path metadata = Files.writeString(dir.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(completedAt)));
        }
        return dir;
    }

    @Test
    void findsTheNewestCompletedCheckpointAcrossRuns() throws Exception {
        checkpoint("job-a", 7, "2026-11-20T01:00:00Z", true);
        Path newest = checkpoint("job-b", 3, "2026-11-20T02:00:00Z", true);
        checkpoint("job-b", 4, "2026-11-20T03:00:00Z", false);
        Files.createDirectories(root.resolve("job-b").resolve("shared"));
        assertThat(CheckpointLocator.latest(root)).contains(newest);
    }

    @Test
    void nothingToResumeFromAnEmptyOrMissingFolder() {
        assertThat(CheckpointLocator.latest(root)).isEmpty();
        assertThat(CheckpointLocator.latest(root.resolve("missing"))).isEmpty();
    }

    @Test
    void prunesOtherRunsButKeepsTheResumedOne() throws Exception {
        checkpoint("job-a", 7, "2026-11-20T01:00:00Z", true);
        Path resumed = checkpoint("job-b", 3, "2026-11-20T02:00:00Z", true);
        CheckpointLocator.pruneAllBut(root, resumed);
        assertThat(Files.exists(root.resolve("job-a"))).isFalse();
        assertThat(Files.exists(resumed.resolve("_metadata"))).isTrue();
    }
}

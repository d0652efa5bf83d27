package org.haochaping.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint that an earlier run retained, so the embedded runtime resumes
 * its job state (dedup memory, open windows, Kafka offsets) after a restart instead of starting over.
 */
public final class CheckpointLocator {

    private CheckpointLocator() {}

    /** @return the folder of the newest checkpoint under {@code root} (…/job-id/chk-N) holding _metadata */
    public static Optional<Path> latest(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(root)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(CheckpointLocator::completedCheckpoints)
                    .max(Comparator.comparing(CheckpointLocator::completedAt));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the checkpoint folders of earlier runs other than the one being resumed from: each start
     * is a new Flink job with a folder of its own, and without this they would pile up.
     */
    public static void pruneAllBut(Path root, Path resumedCheckpoint) {
        Path keep = resumedCheckpoint.getParent();
        try (Stream<Path> jobs = Files.list(root)) {
            for (Path job : jobs.filter(Files::isDirectory).filter(p -> !p.equals(keep)).toList()) {
                deleteTree(job);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Stream<Path> completedCheckpoints(Path jobDir) {
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime completedAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

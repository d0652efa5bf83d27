package org.haochaping.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where every benchmark's JSON goes: {@code <home>/bench/results/<name>.json} (the newest run of each; the
 * README's performance section quotes them), as {@code {bench, finishedAt, machine, ...result}}.
 */
public final class BenchResults {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchResults() {}

    public static Path defaultFile(Path home, String name) {
        return home.resolve("bench/results").resolve(name + ".json");
    }

    /** Writes the result with the machine's description and returns the file written. */
    public static Path write(Path file, String name, Map<String, Object> machine, Map<String, Object> result)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("bench", name);
        root.put("finishedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("machine", machine);
        root.putAll(result);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}

package org.haochaping.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.haochaping.clickhouse.testing.EmbeddedTestStore;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;

/**
 * A configuration for an {@link EmbeddedRuntime} in a test: the shared test chDB (emptied), and a fresh
 * Kafka log and checkpoint folder, so no state of an earlier test (offsets, watermarks) leaks in; the edge
 * and the console on free ports.
 */
final class RuntimeTestConfig {

    private RuntimeTestConfig() {}

    static HcpConfig fresh(Map<String, String> extra) throws IOException {
        EmbeddedTestStore.truncateAll();
        Path root = EmbeddedTestStore.dataRoot();
        for (String folder : new String[] {"kafka", "checkpoints"}) {
            CheckpointLocator.deleteTree(root.resolve(folder));
        }
        Map<String, String> overrides = new HashMap<>(EmbeddedTestStore.configOverrides());
        overrides.put("http.port", "0");
        overrides.put("console.port", "0");
        overrides.putAll(extra);
        return ConfigLoader.load(null, Map.of(), overrides);
    }
}

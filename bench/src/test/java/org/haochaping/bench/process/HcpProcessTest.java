package org.haochaping.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.haochaping.model.config.ConfigLoader;
import org.haochaping.model.config.HcpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child's generated configuration, read back by the real ConfigLoader, and the /proc parsing. */
class HcpProcessTest {

    @Test
    void generatedConfigurationLoadsWithTheDeviceThePortsAndExtraKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hcp.yaml");
        java.nio.file.Files.writeString(file, HcpProcess.yaml(dir.resolve("data"), "0123456789abcdef0123", Map.of("flink.checkpointInterval", "1s", "flink.parallelism", "1")));
        HcpConfig config = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(config.dataPath()).isEqualTo(dir.resolve("data"));
        assertThat(config.http().port()).isZero();
        assertThat(config.console().port()).isZero();
        assertThat(config.security().devices()).containsEntry(HcpProcess.DEVICE_ID, "0123456789abcdef0123");
        assertThat(config.flink().checkpointInterval()).hasSeconds(1);
        assertThat(config.flink().parallelism()).isEqualTo(1);
    }

    @Test
    void residentMemoryFromProcStatus() {
        HcpProcess.Rss rss = HcpProcess.parseRss(List.of("Name:\tjava", "VmHWM:\t  812344 kB", "VmRSS:\t  790000 kB"));
        assertThat(rss).isEqualTo(new HcpProcess.Rss(790_000, 812_344));
    }
}

package org.haochaping.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable job jar stream-jobs packages (before this module's tests in a full build): the job, its
 * connector and client libraries, and nothing a Flink installation already has, which would otherwise be
 * loaded twice (Kryo twice breaks state serializers).
 */
class JobJarTest {

    private static final Path JAR = Path.of("..", "stream-jobs", "target", "haochaping-job.jar");

    @Test
    void holdsTheJobWithItsLibrariesButNotFlinkItself() throws Exception {
        assumeThat(Files.isRegularFile(JAR)).as("stream-jobs packaged").isTrue();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.haochaping.jobs.ratings.RatingPipelineJob");
            for (String bundled : List.of(
                    "org/haochaping/jobs/ratings/RatingPipelineJob.class",
                    "org/haochaping/model/config/hcp-defaults.yaml",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "com/clickhouse/client/api/Client.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class")) {
                assertThat(jar.getEntry(bundled)).as(bundled).isNotNull();
            }
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            for (String provided : List.of("org/apache/flink/runtime/", "org/apache/flink/api/common/",
                    "org/apache/flink/streaming/api/", "org/apache/flink/connector/base/",
                    "com/esotericsoftware/kryo/", "org/slf4j/", "org/apache/logging/log4j/")) {
                assertThat(names).as(provided).noneMatch(n -> n.startsWith(provided));
            }
        }
    }
}

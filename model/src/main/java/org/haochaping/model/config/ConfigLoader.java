package org.haochaping.model.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds {@link HcpConfig}: built-in defaults ({@code hcp-defaults.yaml}), then the YAML file, then
 * environment variables ({@code http.maxBodyBytes} ← {@code HCP_HTTP_MAX_BODY_BYTES}), then explicit
 * overrides by dotted key. Any key may be overridden that the defaults define; map entries (devices)
 * may be added as {@code security.devices.<id>}.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static HcpConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    public static HcpConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        ObjectMapper yaml = mapper();
        ObjectNode tree;
        try (InputStream in = ConfigLoader.class.getResourceAsStream("hcp-defaults.yaml")) {
            tree = (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults unreadable", e);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("(file)", "configuration file not found: " + file);
            }
            try {
                JsonNode user = yaml.readTree(file.toFile());
                if (user != null && !user.isMissingNode() && !user.isNull()) {
                    if (!user.isObject()) {
                        throw new ConfigException("(file)", file + " must hold a YAML mapping");
                    }
                    merge(tree, (ObjectNode) user, "");
                }
            } catch (IOException e) {
                throw new ConfigException("(file)", "cannot parse " + file + ": " + e.getMessage());
            }
        }
        for (String key : leafKeys(tree, "")) {
            String value = env.get(envName(key));
            if (value != null) {
                set(tree, key, value);
            }
        }
        overrides.forEach((key, value) -> set(tree, key, value));
        HcpConfig config = bind(yaml, tree);
        ConfigValidator.validate(config);
        return config;
    }

    /** {@code flink.sinkBatchSize} → {@code HCP_FLINK_SINK_BATCH_SIZE} */
    public static String envName(String key) {
        return "HCP_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static Duration parseDuration(String key, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String key = p.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
                return parseDuration(key, p.getValueAsString(""));
            }
        }).addDeserializer(java.time.ZoneId.class, new JsonDeserializer<>() {
            @Override
            public java.time.ZoneId deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String key = p.getParsingContext().pathAsPointer().toString().substring(1).replace('/', '.');
                try {
                    return java.time.ZoneId.of(p.getValueAsString(""));
                } catch (java.time.DateTimeException e) {
                    throw new ConfigException(key, "'" + p.getValueAsString("") + "' is not a time zone such as Asia/Shanghai");
                }
            }
        });
        return new ObjectMapper(new YAMLFactory())
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
    }

    private static HcpConfig bind(ObjectMapper yaml, ObjectNode tree) {
        try {
            return yaml.treeToValue(tree, HcpConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(pathOf(e), "unknown key");
        } catch (InvalidFormatException e) {
            throw new ConfigException(pathOf(e), "'" + e.getValue() + "' is not a valid " + e.getTargetType().getSimpleName());
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(pathOf(e), e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw new ConfigException(pathOf(e), "has the wrong type: " + e.getOriginalMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException("(file)", e.getMessage());
        }
    }

    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static void merge(ObjectNode target, ObjectNode source, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = target.get(f.getKey());
            if (existing != null && existing.isObject() && f.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) f.getValue(), prefix + f.getKey() + ".");
            } else {
                target.set(f.getKey(), f.getValue());
            }
        }
    }

    private static List<String> leafKeys(JsonNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            if (f.getValue().isObject()) {
                keys.addAll(leafKeys(f.getValue(), prefix + f.getKey() + "."));
            } else {
                keys.add(prefix + f.getKey());
            }
        });
        return keys;
    }

    private static void set(ObjectNode tree, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new ConfigException(key, "unknown key");
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], new TextNode(value));
    }
}

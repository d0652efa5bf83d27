package org.haochaping.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The national evaluation-tag catalogue (evalDetail codes); each tag belongs to exactly one level. */
public final class TagCatalogue {

    public record Tag(String code, int level, String text) {}

    private static final TagCatalogue NATIONAL = load("tags.json");

    private final Map<String, Tag> byCode;

    private TagCatalogue(Map<String, Tag> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static TagCatalogue national() {
        return NATIONAL;
    }

    public Tag find(String code) {
        return byCode.get(code);
    }

    public List<Tag> tagsOf(int level) {
        return byCode.values().stream().filter(t -> t.level() == level).toList();
    }

    public int size() {
        return byCode.size();
    }

    private static TagCatalogue load(String resource) {
        try (InputStream in = TagCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("tag catalogue resource missing: " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Tag> tags = new LinkedHashMap<>();
            for (JsonNode level : root.path("levels")) {
                int value = level.path("level").asInt();
                for (JsonNode tag : level.path("tags")) {
                    String code = tag.path("code").asText();
                    tags.put(code, new Tag(code, value, tag.path("text").asText()));
                }
            }
            return new TagCatalogue(tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.haochaping.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/** The JSON codec for records on the wire (HTTP bodies, Kafka values): ratings, case events, SMS. Times are ISO-8601 instants. */
public final class RatingJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private RatingJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static RatingRequest readRequest(byte[] body) throws InvalidRatingException {
        return read(body, RatingRequest.class);
    }

    public static Rating readRating(byte[] json) throws InvalidRatingException {
        return read(json, Rating.class);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any model record; unknown fields and wrong types are violations naming the field. */
    public static <T> T read(byte[] json, Class<T> type) throws InvalidRatingException {
        if (json == null || json.length == 0) {
            throw new InvalidRatingException("body", "empty; expected a JSON object");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidRatingException("body", "expected a JSON object, got null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRatingException(e.getPropertyName(), "unknown field");
        } catch (InvalidFormatException e) {
            throw new InvalidRatingException(fieldOf(e), "has the wrong type or format: '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            String field = fieldOf(e);
            throw new InvalidRatingException(field.isEmpty() ? "body" : field,
                    field.isEmpty() ? "expected a JSON object" : "has the wrong type");
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            throw new InvalidRatingException("body", "malformed JSON: "
                    + (detail.length() > 120 ? detail.substring(0, 120) : detail));
        } catch (IOException e) {
            // bytes Jackson cannot even decode (it guesses UTF-32 from a leading NUL): bad input like any other,
            // never an I/O failure that would fail the edge request or the stream job's task
            throw new InvalidRatingException("body", "not readable as UTF-8 JSON: " + e.getClass().getSimpleName());
        }
    }

    private static String fieldOf(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}

package org.haochaping.clickhouse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading ClickHouse's JSONEachRow output and writing JSONEachRow input. */
final class JsonRows {

    private static final ObjectReader ROWS = new ObjectMapper()
            .readerFor(new TypeReference<LinkedHashMap<String, Object>>() {});

    private JsonRows() {}

    static List<Map<String, Object>> parse(byte[] jsonEachRow) {
        if (jsonEachRow.length == 0) {
            return new ArrayList<>(); // mutable, as a parsed result is
        }
        try (MappingIterator<Map<String, Object>> it = ROWS.readValues(jsonEachRow)) {
            return collect(it);
        } catch (IOException e) {
            throw new ClickHouseException("unreadable JSONEachRow result: " + e.getMessage(), -1, e);
        }
    }

    static List<Map<String, Object>> parse(InputStream jsonEachRow) {
        try (MappingIterator<Map<String, Object>> it = ROWS.readValues(jsonEachRow)) {
            return collect(it);
        } catch (IOException e) {
            throw new ClickHouseException("unreadable JSONEachRow result: " + e.getMessage(), -1, e);
        }
    }

    private static List<Map<String, Object>> collect(MappingIterator<Map<String, Object>> it) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (it.hasNextValue()) {
            Map<String, Object> row = it.nextValue();
            row.replaceAll((column, value) -> widen(value));
            rows.add(row);
        }
        return rows;
    }

    /** Integers as Long whatever their size (BigInteger beyond Long), so callers see one type. */
    @SuppressWarnings("unchecked")
    private static Object widen(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(widen(element));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).replaceAll((key, v) -> widen(v));
            return map;
        }
        return value;
    }

    /** {@code prefix} followed by the rows joined by '\n', as UTF-8. */
    static byte[] join(String prefix, List<String> rows) {
        int estimate = prefix.length() + 1;
        for (String row : rows) {
            estimate += row.length() + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate + estimate / 8);
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (String row : rows) {
            if (row == null) {
                throw new IllegalArgumentException("a JSON row is null");
            }
            if (!first) {
                out.write('\n');
            }
            out.writeBytes(row.getBytes(StandardCharsets.UTF_8));
            first = false;
        }
        return out.toByteArray();
    }
}

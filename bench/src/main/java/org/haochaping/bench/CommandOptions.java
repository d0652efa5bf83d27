package org.haochaping.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} / {@code --name=value} options of a benchmark, checked against the names it knows;
 * values are read with the same rules as {@link BenchOptions} (1m, 250k; 500ms, 15s).
 */
final class CommandOptions {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flagsGiven = new HashSet<>();
    private CommandOptions() {}

    /** @throws IllegalArgumentException for an unknown option or one without a value */
    static CommandOptions parse(String[] args, Set<String> known) {
        return parse(args, known, Set.of());
    }

    /** @param flags options without a value, e.g. {@code --reuse} */
    static CommandOptions parse(String[] args, Set<String> known, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        Set<String> flagsGiven = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && value == null) {
                flagsGiven.add(name);
                continue;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option: " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        CommandOptions options = new CommandOptions();
        options.values.putAll(values);
        options.flagsGiven.addAll(flagsGiven);
        return options;
    }

    /** Whether a value-less flag was given. */
    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    long number(String name, long otherwise, long max) {
        String v = values.get(name);
        return v == null ? otherwise : BenchOptions.wholeNumber(name, v, max);
    }

    Duration duration(String name, Duration otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : BenchOptions.duration(name, v);
    }

    Path path(String name, Path otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : Path.of(v);
    }

    /** A comma-separated list of whole numbers, e.g. {@code 2k,5k,10k}. */
    List<Long> numbers(String name, List<Long> otherwise, long max) {
        String v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        List<Long> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(BenchOptions.wholeNumber(name, part, max));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one value");
        }
        return out;
    }
}

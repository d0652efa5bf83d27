package org.haochaping.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.haochaping.model.config.Durations;

/**
 * Turns a ClickHouse panel's {@code rawSql} into the SQL ClickHouse receives, in the three stages a query passes
 * through on its way from a Grafana panel, each as its code does it:
 * <ol>
 *   <li>the plugin's frontend ({@code CHDatasource.applyConditionalAll}): {@code $__conditionalAll(cond, $var)}
 *       becomes {@code 1=1} when the variable's value is All ({@code $__all}) or empty, else {@code cond}; the
 *       arguments split at the commas of the macro's own parentheses, the innermost occurrence first;</li>
 *   <li>Grafana's template service with the plugin's formatter: {@code $var}, {@code ${var}},
 *       {@code ${var:format}} and {@code [[var]]}; a list (a multi-value variable, also with one value selected,
 *       and All) becomes {@code 'a','b'}, a single value is put in as it is; All is the variable's custom all value
 *       unformatted if it has one, else every option; and the built-ins {@code $__from}, {@code $__to},
 *       {@code $__interval}, {@code $__interval_ms}, {@code $__range*}. Names that are no variable stay as they
 *       are, so the backend still sees its macros;</li>
 *   <li>the plugin's backend ({@code pkg/macros/macros.go} through the SDK's {@code sqlutil.Interpolate}):
 *       {@code $__timeFilter(col)} → {@code col >= toDateTime(from) AND col <= toDateTime(to)} (Unix seconds),
 *       {@code $__fromTime} / {@code $__toTime} → {@code toDateTime(s)}, the {@code _ms} forms with
 *       {@code fromUnixTimestamp64Milli}, {@code $__dateFilter}, {@code $__dateTimeFilter} / {@code $__dt},
 *       {@code $__timeInterval(col)} → {@code toStartOfInterval(toDateTime(col), INTERVAL n second)},
 *       {@code $__timeInterval_ms}, {@code $__interval_s} (the interval in whole seconds, at least 1). A macro takes
 *       arguments only from a parenthesis right after its name, split at top-level commas and trimmed; its name
 *       ends at a word boundary ({@code $__timeFilter_ms} is not {@code $__timeFilter}).</li>
 * </ol>
 * A macro with the wrong number of arguments or without its closing parenthesis is an error, as the plugin
 * reports it on the panel.
 */
public final class PanelMacros {

    /** What a macro cannot expand, as the plugin would show it on the panel. */
    public static final class MacroException extends IllegalArgumentException {
        MacroException(String message) {
            super(message);
        }
    }

    /** The dashboard's time range; {@code to} inclusive as in the plugin's filters. */
    public record TimeRange(Instant from, Instant to) {
        public TimeRange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the range ends before it starts: " + from + " .. " + to);
            }
        }

        Duration length() {
            return Duration.between(from, to);
        }

        /**
         * The range a panel with a relative time override ({@code timeFrom}) queries instead of this one, as
         * Grafana's {@code applyPanelTimeOverrides} makes it with "now" at this range's end: {@code now/d} is the
         * whole day of now in {@code zone} (Grafana rounds the end up to the day's last millisecond); an interval
         * ({@code 24h}, {@code 7d}, {@code 1y}, also written {@code now-24h}) is that long before now, up to now.
         *
         * @throws MacroException for any other override, which the panel would show but this class cannot follow
         */
        public TimeRange overriddenBy(String timeFrom, ZoneId zone) {
            String text = timeFrom.trim();
            if (text.equals("now/d")) {
                ZonedDateTime day = to.atZone(zone).toLocalDate().atStartOfDay(zone);
                return new TimeRange(day.toInstant(), day.plusDays(1).toInstant().minusMillis(1));
            }
            try {
                return new TimeRange(to.minus(parseInterval(text.replaceFirst("^now-", ""))), to);
            } catch (IllegalArgumentException e) {
                throw new MacroException("unsupported panel time override '" + timeFrom + "'");
            }
        }
    }

    /**
     * A template variable's current value.
     *
     * @param values the selected values; for All, every option of the variable (what Grafana puts in without a
     *     custom all value)
     * @param all whether All is selected
     * @param multi whether the variable is multi-value: its value is then a list even with one value selected
     * @param allValue the variable's custom all value, put in unformatted when All is selected
     */
    public record Selection(List<String> values, boolean all, boolean multi, Optional<String> allValue) {
        public Selection {
            values = List.copyOf(values);
            Objects.requireNonNull(allValue, "allValue");
            if (!multi && !all && values.size() != 1) {
                throw new IllegalArgumentException("a single-value variable has exactly one value, got " + values);
            }
        }

        /** One value of a single-value variable. */
        public static Selection single(String value) {
            return new Selection(List.of(value), false, false, Optional.empty());
        }

        /** Some values of a multi-value variable. */
        public static Selection of(String... values) {
            return new Selection(List.of(values), false, true, Optional.empty());
        }

        /** All, which stands for {@code options} (a variable with include-All is a list in Grafana). */
        public static Selection all(List<String> options) {
            return new Selection(options, true, true, Optional.empty());
        }

        /** All with the variable's custom all value. */
        public static Selection all(List<String> options, String allValue) {
            return new Selection(options, true, true, Optional.of(allValue));
        }

        /** {@code current.value.toString()} in the plugin's {@code $__conditionalAll}. */
        String conditionalValue() {
            if (all) {
                return "$__all";
            }
            return String.join(",", values);
        }

        boolean isList() {
            return multi || all;
        }
    }

    /**
     * Everything a panel query is expanded with.
     *
     * @param interval the panel's interval (Grafana's {@code intervalMs}), see {@link #interval}
     */
    public record Context(TimeRange range, Duration interval, Map<String, Selection> variables) {
        public Context {
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(interval, "interval");
            variables = Map.copyOf(variables);
        }
    }

    private static final String CONDITIONAL_ALL = "$__conditionalAll(";
    /** Grafana's variable syntax: {@code $name}, {@code [[name]]} / {@code [[name:format]]}, {@code ${name.path:format}}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** The plugin's backend macros, longest names first only for readability: names end at a word boundary. */
    private enum Backend {
        FROM_TIME_MS("fromTime_ms"), TO_TIME_MS("toTime_ms"), FROM_TIME("fromTime"), TO_TIME("toTime"),
        TIME_FILTER_MS("timeFilter_ms"), TIME_FILTER("timeFilter"), DATE_FILTER("dateFilter"),
        DATE_TIME_FILTER("dateTimeFilter"), DT("dt"), TIME_INTERVAL_MS("timeInterval_ms"),
        TIME_INTERVAL("timeInterval"), INTERVAL_S("interval_s");

        final String macro;
        final Pattern name;

        Backend(String macro) {
            this.macro = macro;
            this.name = Pattern.compile("\\$__" + macro + "\\b");
        }

        String expand(Context context, List<String> args) {
            TimeRange range = context.range();
            String from = dateTime(range.from());
            String to = dateTime(range.to());
            return switch (this) {
                case FROM_TIME -> from;
                case TO_TIME -> to;
                case FROM_TIME_MS -> dateTime64(range.from());
                case TO_TIME_MS -> dateTime64(range.to());
                case TIME_FILTER -> between(args, from, to);
                case TIME_FILTER_MS -> between(args, dateTime64(range.from()), dateTime64(range.to()));
                case DATE_FILTER -> between(args, date(range.from()), date(range.to()));
                case DATE_TIME_FILTER, DT -> {
                    arguments(args, 2);
                    yield "(" + between(args.subList(0, 1), date(range.from()), date(range.to())) + ") AND ("
                            + between(args.subList(1, 2), from, to) + ")";
                }
                case TIME_INTERVAL -> {
                    arguments(args, 1);
                    yield "toStartOfInterval(toDateTime(" + args.get(0) + "), INTERVAL " + seconds(context) + " second)";
                }
                case TIME_INTERVAL_MS -> {
                    arguments(args, 1);
                    yield "toStartOfInterval(toDateTime64(" + args.get(0) + ", 3), INTERVAL "
                            + Math.max(context.interval().toMillis(), 1) + " millisecond)";
                }
                case INTERVAL_S -> Long.toString(seconds(context));
            };
        }

        private String between(List<String> args, String from, String to) {
            arguments(args, 1);
            String column = args.get(0);
            return column + " >= " + from + " AND " + column + " <= " + to;
        }

        private void arguments(List<String> args, int expected) {
            if (args.size() != expected) {
                throw new MacroException("$__" + macro + ": unexpected number of arguments: expected " + expected
                        + " argument" + (expected == 1 ? "" : "s") + ", received " + args.size());
            }
        }
    }

    private PanelMacros() {}

    /** The SQL ClickHouse receives for {@code rawSql} in {@code context}. */
    public static String expand(String rawSql, Context context) {
        String sql = applyConditionalAll(rawSql, context.variables());
        sql = applyVariables(sql, context);
        return applyBackendMacros(sql, context);
    }

    /** The template variables {@code sql} refers to (any syntax), without Grafana's and the plugin's {@code $__…}. */
    public static Set<String> variablesIn(String sql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(sql);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            if (!name.startsWith("__")) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Grafana's interval for a panel: the range divided by the panel's data points, rounded to Grafana's ladder of
     * round intervals ({@code rangeutil.roundInterval}), no shorter than the panel's minimum interval.
     */
    public static Duration interval(TimeRange range, int maxDataPoints, Optional<Duration> minInterval) {
        if (maxDataPoints < 1) {
            throw new IllegalArgumentException("maxDataPoints must be positive, got " + maxDataPoints);
        }
        long rounded = roundInterval(range.length().toMillis() / (double) maxDataPoints);
        long low = minInterval.map(Duration::toMillis).orElse(1L);
        return Duration.ofMillis(Math.max(rounded, low));
    }

    /**
     * A Grafana interval such as {@code 30s}, {@code 1m}, {@code >1h} (a lower limit), {@code 500ms}: the
     * configuration's durations ({@link Durations}) plus Grafana's weeks and years and its {@code >} prefix.
     */
    public static Duration parseInterval(String text) {
        Matcher m = GRAFANA_ONLY_UNITS.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return m.group(2).equals("w") ? Duration.ofDays(7 * n) : Duration.ofDays(365 * n);
        }
        try {
            return Durations.parse(text.trim().replaceFirst("^>", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Grafana interval: '" + text + "'", e);
        }
    }

    private static final Pattern GRAFANA_ONLY_UNITS = Pattern.compile(">?(\\d+)([wy])");

    /** Grafana's {@code rangeutil.roundInterval}: milliseconds to the next lower round interval on its ladder. */
    static long roundInterval(double ms) {
        long[][] ladder = {
                {10, 1}, {15, 10}, {35, 20}, {75, 50}, {150, 100}, {350, 200}, {750, 500}, {1_500, 1_000},
                {3_500, 2_000}, {7_500, 5_000}, {12_500, 10_000}, {17_500, 15_000}, {25_000, 20_000},
                {45_000, 30_000}, {90_000, 60_000}, {210_000, 120_000}, {450_000, 300_000}, {750_000, 600_000},
                {1_050_000, 900_000}, {1_500_000, 1_200_000}, {2_700_000, 1_800_000}, {5_400_000, 3_600_000},
                {9_000_000, 7_200_000}, {16_200_000, 10_800_000}, {32_400_000, 21_600_000},
                {86_400_000, 43_200_000}, {604_800_000, 86_400_000}, {1_814_400_000, 604_800_000},
                {3_628_800_000L, 2_592_000_000L}};
        for (long[] step : ladder) {
            if (ms < step[0]) {
                return step[1];
            }
        }
        return 31_536_000_000L;
    }

    // ---- stage 1: the plugin's frontend ------------------------------------------------------------------------

    static String applyConditionalAll(String rawSql, Map<String, Selection> variables) {
        String sql = rawSql;
        int at = sql.lastIndexOf(CONDITIONAL_ALL);
        while (at != -1) {
            int open = at + CONDITIONAL_ALL.length() - 1;
            List<String> args = new ArrayList<>();
            int close = splitArguments(sql, open, args);
            if (close < 0) {
                throw new MacroException("$__conditionalAll: no closing parenthesis in: " + sql.substring(at));
            }
            if (args.size() != 2) {
                // the plugin gives up and leaves the rest of the query as it is: ClickHouse will reject the macro
                throw new MacroException("$__conditionalAll takes a condition and a variable, got " + args.size()
                        + " arguments: " + sql.substring(at, close + 1));
            }
            String variable = args.get(1).trim();
            // the plugin looks the variable up by the name after the '$', so ${var} is never found
            Selection selection = variable.startsWith("$") ? variables.get(variable.substring(1)) : null;
            String phrase = args.get(0);
            if (selection != null) {
                String value = selection.conditionalValue();
                if (value.isEmpty() || value.equals("$__all")) {
                    phrase = "1=1";
                }
            }
            sql = sql.substring(0, at) + phrase + sql.substring(close + 1);
            at = sql.lastIndexOf(CONDITIONAL_ALL);
        }
        return sql;
    }

    // ---- stage 2: Grafana's template service ----------------------------------------------------------------------

    static String applyVariables(String sql, Context context) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            Optional<String> value = builtIn(name, format, context);
            if (value.isEmpty() && context.variables().containsKey(name)) {
                value = Optional.of(format(context.variables().get(name), format));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.orElse(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Optional<String> builtIn(String name, String format, Context context) {
        TimeRange range = context.range();
        String value = switch (name) {
            case "__from" -> Long.toString(range.from().toEpochMilli());
            case "__to" -> Long.toString(range.to().toEpochMilli());
            case "__interval" -> secondsToHms(context.interval());
            case "__interval_ms" -> Long.toString(context.interval().toMillis());
            case "__range" -> secondsToHms(range.length());
            case "__range_s" -> Long.toString(range.length().toSeconds());
            case "__range_ms" -> Long.toString(range.length().toMillis());
            default -> null;
        };
        if (value != null && format != null) {
            throw new MacroException("${" + name + ":" + format + "}: formats of built-in variables are not supported here");
        }
        return Optional.ofNullable(value);
    }

    /** Grafana's {@code kbn.secondsToHms}: the largest unit only, truncated ({@code 90s} is {@code 1m}). */
    static String secondsToHms(Duration duration) {
        long ms = duration.toMillis();
        long s = ms / 1000;
        if (s / 31_536_000 > 0) {
            return s / 31_536_000 + "y";
        }
        long[][] units = {{86_400, 'd'}, {3_600, 'h'}, {60, 'm'}, {1, 's'}};
        long rest = s % 31_536_000;
        for (long[] unit : units) {
            long n = rest / unit[0];
            if (n > 0) {
                return n + String.valueOf((char) unit[1]);
            }
            rest %= unit[0];
        }
        return ms > 0 ? ms + "ms" : "0s";
    }

    static String format(Selection selection, String format) {
        if (selection.all() && "text".equals(format)) {
            return "All";
        }
        if (selection.all() && selection.allValue().isPresent()) {
            // Grafana puts a custom all value in as it is, whatever the format
            return selection.allValue().get();
        }
        List<String> values = selection.values();
        if (format == null) {
            // the plugin's formatter: lists as 'a','b' (no escaping), single values as they are
            return selection.isList() ? "'" + String.join("','", values) + "'" : values.get(0);
        }
        return switch (format) {
            case "singlequote" -> values.stream().map(v -> "'" + v.replace("'", "\\'") + "'").collect(Collectors.joining(","));
            case "doublequote" -> values.stream().map(v -> "\"" + v.replace("\"", "\\\"") + "\"").collect(Collectors.joining(","));
            case "sqlstring" -> values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
            // the text of an option is its value here: the suite's variables are ids
            case "csv", "raw", "text" -> String.join(",", values);
            case "pipe" -> String.join("|", values);
            default -> throw new MacroException("variable format '" + format + "' is not supported here");
        };
    }

    // ---- stage 3: the plugin's backend ---------------------------------------------------------------------------

    static String applyBackendMacros(String sql, Context context) {
        String out = sql;
        for (Backend macro : Backend.values()) {
            Matcher m = macro.name.matcher(out);
            List<String[]> matches = new ArrayList<>(); // the macro's text, then its expansion
            int from = 0;
            while (m.find(from)) {
                List<String> args = new ArrayList<>();
                int end = m.end();
                if (end < out.length() && out.charAt(end) == '(') {
                    int close = splitArguments(out, end, args);
                    if (close < 0) {
                        throw new MacroException("$__" + macro.macro + ": missing closing bracket in: " + out.substring(m.start()));
                    }
                    end = close + 1;
                }
                args.replaceAll(String::trim);
                matches.add(new String[] {out.substring(m.start(), end), macro.expand(context, args)});
                from = end;
            }
            for (String[] match : matches) {
                out = out.replace(match[0], match[1]);
            }
        }
        return out;
    }

    /**
     * Splits the arguments of the parenthesis at {@code open} at its own commas (not those of nested parentheses)
     * into {@code args}, untrimmed; returns the index of the closing parenthesis, or -1 when there is none.
     */
    private static int splitArguments(String sql, int open, List<String> args) {
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    args.add(sql.substring(start, i));
                    return i;
                }
            } else if (c == ',' && depth == 1) {
                args.add(sql.substring(start, i));
                start = i + 1;
            }
        }
        return -1;
    }

    private static String dateTime(Instant t) {
        return "toDateTime(" + t.getEpochSecond() + ")";
    }

    private static String dateTime64(Instant t) {
        return "fromUnixTimestamp64Milli(" + t.toEpochMilli() + ")";
    }

    private static String date(Instant t) {
        return "toDate('" + DATE.format(t) + "')";
    }

    private static long seconds(Context context) {
        return Math.max(context.interval().toSeconds(), 1);
    }
}

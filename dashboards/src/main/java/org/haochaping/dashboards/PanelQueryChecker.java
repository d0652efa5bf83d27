package org.haochaping.dashboards;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.haochaping.clickhouse.ClickHouseException;
import org.haochaping.clickhouse.ClickHouseStore;
import org.haochaping.dashboards.Dashboard.Panel;
import org.haochaping.dashboards.Dashboard.Target;
import org.haochaping.dashboards.Dashboard.Variable;
import org.haochaping.dashboards.PanelMacros.Selection;
import org.haochaping.dashboards.PanelMacros.TimeRange;

/**
 * Runs dashboards' ClickHouse queries the way Grafana would over a time range and collects every problem instead
 * of stopping at the first: the variables' own queries (each variable sees those before it, as in Grafana), then
 * each panel's targets expanded with {@link PanelMacros} and run on the store, over the panel's own range where it
 * overrides the dashboard's ({@code timeFrom}: the 今日 figures query today, not the whole range). A target is at
 * fault when it does
 * not expand, ClickHouse refuses it, it returns no rows where rows are required, or a time series does not start
 * with a {@code time} column of a date type; a panel is at fault when its display settings name a field none of
 * its queries return ({@link Panel#referencedFields()}). Prometheus targets are not run here.
 */
public final class PanelQueryChecker {

    /** Something wrong, where: {@code board / panel [refId]} or {@code board / $variable}, and with which variables. */
    public record Problem(String where, String variables, String message) {
        @Override
        public String toString() {
            return where + (variables.isEmpty() ? "" : "（" + variables + "）") + ": " + message;
        }
    }

    /** A target that ran: its expanded SQL, columns (name → ClickHouse type) and row count. */
    public record Ran(Target target, String sql, Map<String, String> columns, int rows) {}

    /** What a check found: the targets that ran and the problems. */
    public record Report(List<Ran> ran, List<Problem> problems) {}

    /** The variables of a board resolved for one run, and what went wrong resolving them. */
    public record Variables(Map<String, Selection> values, String label, List<Problem> problems) {}

    private final ClickHouseStore store;
    private final DashboardFiles files;
    private final TimeRange range;
    private final ZoneId zone;

    /** Where the boards are read: hall staff's and supervisors' browsers. */
    public static final ZoneId BROWSER_ZONE = ZoneId.of("Asia/Shanghai");

    public PanelQueryChecker(ClickHouseStore store, DashboardFiles files, TimeRange range) {
        this(store, files, range, BROWSER_ZONE);
    }

    /**
     * @param range the dashboard's time range; its end is "now" for panels with a relative time override
     * @param zone the browser's time zone (the boards say {@code browser}), where a panel's {@code now/d} begins
     */
    public PanelQueryChecker(ClickHouseStore store, DashboardFiles files, TimeRange range, ZoneId zone) {
        this.store = Objects.requireNonNull(store, "store");
        this.files = Objects.requireNonNull(files, "files");
        this.range = Objects.requireNonNull(range, "range");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Every ClickHouse panel of every board with its variables resolved: All where a variable offers it (else its
     * saved value, else its first option), and the first option for the variables named in {@code concrete}.
     *
     * @param mayBeEmpty panels whose queries may return no rows with these data
     */
    public Report checkAll(Set<String> concrete, Predicate<Panel> mayBeEmpty) {
        List<Ran> ran = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Dashboard board : files.dashboards()) {
            Variables variables = resolve(board, concrete);
            problems.addAll(variables.problems());
            for (Panel panel : board.panels()) {
                Report report = check(panel, variables, !mayBeEmpty.test(panel));
                ran.addAll(report.ran());
                problems.addAll(report.problems());
            }
        }
        return new Report(List.copyOf(ran), List.copyOf(problems));
    }

    /** The board's variables: All where offered unless named in {@code concrete}, which get their first option. */
    public Variables resolve(Dashboard board, Set<String> concrete) {
        Map<String, Selection> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Variable variable : board.variables()) {
            String where = board.uid() + " / $" + variable.name();
            List<String> options;
            try {
                options = options(variable, values);
            } catch (RuntimeException e) {
                problems.add(new Problem(where, "", "its query fails: " + e.getMessage()));
                continue;
            }
            if (options == null) {
                continue; // a datasource or ad-hoc variable: nothing to put in a query
            }
            boolean one = concrete.contains(variable.name());
            if (options.isEmpty()) {
                // with All Grafana would put in '' and the panels would show nothing: a variable of these data has values
                problems.add(new Problem(where, "", "has no values with the test data"));
                continue;
            }
            Selection selection;
            if (!one && variable.includeAll()) {
                selection = variable.allValue().map(a -> Selection.all(options, a)).orElse(Selection.all(options));
            } else {
                String value = one ? options.get(0)
                        : variable.currentValues().stream().filter(options::contains).findFirst().orElse(options.get(0));
                selection = variable.multi() ? Selection.of(value) : Selection.single(value);
            }
            values.put(variable.name(), selection);
        }
        return new Variables(values, label(values), problems);
    }

    /** The options of {@code variable} given the variables before it; null for a kind that has none. */
    private List<String> options(Variable variable, Map<String, Selection> before) {
        return switch (variable.type()) {
            case "query" -> {
                Optional<String> sql = variableQuery(variable, before);
                if (sql.isEmpty()) {
                    yield null;
                }
                List<String> values = new ArrayList<>();
                // the plugin: one column is text and value; with two, the first is the value
                store.query(sql.get()).forEach(row -> values.add(String.valueOf(row.values().iterator().next())));
                yield List.copyOf(new LinkedHashSet<>(values));
            }
            case "custom", "interval" -> variable.customOptions();
            case "constant", "textbox" -> List.of(variable.query());
            default -> null;
        };
    }

    /**
     * The SQL ClickHouse receives for a ClickHouse query variable's options, given the variables before it (Grafana
     * asks for them with 1,000 data points over the range); empty for any other variable.
     */
    public Optional<String> variableQuery(Variable variable, Map<String, Selection> before) {
        if (!"query".equals(variable.type())
                || !variable.datasource().map(d -> Dashboard.CLICKHOUSE.equals(d.type())).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(PanelMacros.expand(variable.query(),
                new PanelMacros.Context(range, PanelMacros.interval(range, 1000, Optional.empty()), before)));
    }

    /** One panel's ClickHouse targets with these variables. */
    public Report check(Panel panel, Variables variables, boolean rowsRequired) {
        List<Ran> ran = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (Target target : panel.targets()) {
            if (!target.isClickHouse() || target.hidden()) {
                continue;
            }
            String where = panel + " [" + target.refId() + "]";
            String sql;
            try {
                sql = PanelMacros.expand(target.query(), context(panel, variables.values()));
            } catch (PanelMacros.MacroException e) {
                problems.add(new Problem(where, variables.label(), e.getMessage()));
                continue;
            }
            Map<String, String> types = new LinkedHashMap<>();
            List<Map<String, Object>> rows;
            try {
                store.query("DESCRIBE TABLE (" + sql + ")")
                        .forEach(row -> types.put(String.valueOf(row.get("name")), String.valueOf(row.get("type"))));
                rows = store.query(sql);
            } catch (ClickHouseException e) {
                problems.add(new Problem(where, variables.label(), e.getMessage()));
                continue;
            }
            ran.add(new Ran(target, sql, types, rows.size()));
            columns.addAll(types.keySet());
            if (rowsRequired && rows.isEmpty()) {
                problems.add(new Problem(where, variables.label(), "no rows"));
            }
            if (target.format() == 0 || "timeseries".equals(panel.type())) {
                timeSeries(types, rows).ifPresent(m -> problems.add(new Problem(where, variables.label(), m)));
            }
        }
        if (!ran.isEmpty()) {
            Set<String> missing = new LinkedHashSet<>(panel.referencedFields());
            missing.removeAll(columns);
            missing.removeAll(panel.producedFields());
            if (!missing.isEmpty()) {
                problems.add(new Problem(panel.toString(), variables.label(), "the panel uses fields its queries do not "
                        + "return: " + String.join(", ", missing) + " (columns: " + String.join(", ", columns) + ")"));
            }
        }
        return new Report(List.copyOf(ran), List.copyOf(problems));
    }

    /**
     * What is wrong with a time series: it starts with a column {@code time} of a date type, and its rows are in
     * ascending time, which the plugin needs to turn a long result (a label column) into series.
     */
    private static Optional<String> timeSeries(Map<String, String> types, List<Map<String, Object>> rows) {
        Map.Entry<String, String> first = types.entrySet().iterator().next();
        if (!first.getKey().equals("time") || !first.getValue().matches("(Nullable\\()?(Date|DateTime).*")) {
            return Optional.of("a time series starts with a column time of a date type, this one with "
                    + first.getKey() + " " + first.getValue());
        }
        // ClickHouse's text of a date or date-time sorts as the time does
        for (int i = 1; i < rows.size(); i++) {
            String before = String.valueOf(rows.get(i - 1).get("time"));
            String after = String.valueOf(rows.get(i).get("time"));
            if (after.compareTo(before) < 0) {
                return Optional.of("a time series is in ascending time, row " + (i + 1) + " (" + after
                        + ") comes after " + before);
            }
        }
        return Optional.empty();
    }

    private PanelMacros.Context context(Panel panel, Map<String, Selection> variables) {
        Optional<java.time.Duration> floor = panel.minInterval().or(() -> panel.targets().stream()
                .map(Target::datasource).flatMap(Optional::stream).map(d -> files.datasource(d.uid()))
                .flatMap(Optional::stream).map(DashboardFiles.Datasource::timeInterval).flatMap(Optional::stream)
                .findFirst());
        if (panel.timeShift().isPresent()) {
            throw new PanelMacros.MacroException("unsupported panel time shift '" + panel.timeShift().get() + "'");
        }
        TimeRange panelRange = panel.timeFrom().map(timeFrom -> range.overriddenBy(timeFrom, zone)).orElse(range);
        return new PanelMacros.Context(panelRange, PanelMacros.interval(panelRange, panel.maxDataPoints(), floor),
                variables);
    }

    private static String label(Map<String, Selection> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((name, s) -> parts.add("$" + name + "=" + (s.all() ? "All" : String.join(",", s.values()))));
        return String.join(" ", parts);
    }
}

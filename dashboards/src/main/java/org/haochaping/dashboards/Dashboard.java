package org.haochaping.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One dashboard file as Grafana reads it: its panels (those inside rows too), their targets and its variables. */
public record Dashboard(Path file, JsonNode json) {

    public static final String CLICKHOUSE = "grafana-clickhouse-datasource";
    public static final String PROMETHEUS = "prometheus";

    public String uid() {
        return json.path("uid").asText("");
    }

    public String title() {
        return json.path("title").asText("");
    }

    /** Every panel but rows, in file order; a row's own panels (a collapsed row keeps them) right after it. */
    public List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(inner -> panels.add(new Panel(this, inner)));
            } else {
                panels.add(new Panel(this, panel));
            }
        }
        return panels;
    }

    /** The rows, whose titles are shown too. */
    public List<JsonNode> rows() {
        List<JsonNode> rows = new ArrayList<>();
        json.path("panels").forEach(p -> {
            if ("row".equals(p.path("type").asText())) {
                rows.add(p);
            }
        });
        return rows;
    }

    public List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        json.path("templating").path("list").forEach(v -> variables.add(new Variable(v)));
        return variables;
    }

    public Optional<Variable> variable(String name) {
        return variables().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** This dashboard with {@code panel} (same id) replaced: how a test changes one panel's SQL. */
    public Dashboard withPanel(Panel panel) {
        ObjectNode copy = json.deepCopy();
        replace(copy.path("panels"), panel);
        return new Dashboard(file, copy);
    }

    private static void replace(JsonNode panels, Panel panel) {
        for (int i = 0; i < panels.size(); i++) {
            JsonNode p = panels.get(i);
            if (p.path("id").equals(panel.json().path("id")) && !"row".equals(p.path("type").asText())) {
                ((ArrayNode) panels).set(i, panel.json());
            }
            replace(p.path("panels"), panel);
        }
    }

    @Override
    public String toString() {
        return uid() + "（" + title() + "）";
    }

    /** A panel: its title, type, targets and the fields its display settings name. */
    public record Panel(Dashboard dashboard, JsonNode json) {

        /** {@code ${__data.fields.name}} and {@code ${__data.fields["name"]}} in links. */
        private static final Pattern DATA_FIELD = Pattern.compile("__data\\.fields(?:\\.(\\w+)|\\[\"([^\"]+)\"])");
        /** A reducer's field option that names one field: {@code /^name$/}. */
        private static final Pattern ONE_FIELD = Pattern.compile("/\\^(.+)\\$/");

        public String title() {
            return json.path("title").asText("");
        }

        public String type() {
            return json.path("type").asText("");
        }

        public List<Target> targets() {
            List<Target> targets = new ArrayList<>();
            json.path("targets").forEach(t -> targets.add(new Target(this, t)));
            return targets;
        }

        /** The panel's datasource, which its targets use unless they name their own. */
        public Optional<DatasourceRef> datasource() {
            return DatasourceRef.of(json.path("datasource"));
        }

        /** The panel's relative time override ({@code timeFrom}, e.g. {@code now/d} for 今日), if set. */
        public Optional<String> timeFrom() {
            return setting("timeFrom");
        }

        /** The panel's time shift ({@code timeShift}), if set. */
        public Optional<String> timeShift() {
            return setting("timeShift");
        }

        /** The panel's minimum interval ({@code interval}, e.g. {@code 1m}), if set. */
        public Optional<Duration> minInterval() {
            return setting("interval").map(PanelMacros::parseInterval);
        }

        /** A text setting of the panel; Grafana writes an unset one as absent or empty. */
        private Optional<String> setting(String name) {
            String value = json.path(name).asText("");
            return value.isBlank() ? Optional.empty() : Optional.of(value);
        }

        /**
         * The data points Grafana asks for: the panel's {@code maxDataPoints}, else its width in pixels, taken as
         * 80 px per grid column (a 1920-px screen has 24).
         */
        public int maxDataPoints() {
            int set = json.path("maxDataPoints").asInt(0);
            return set > 0 ? set : Math.max(json.path("gridPos").path("w").asInt(24), 1) * 80;
        }

        /** This panel with the target {@code refId}'s SQL replaced. */
        public Panel withRawSql(String refId, String rawSql) {
            ObjectNode copy = json.deepCopy();
            for (JsonNode target : copy.path("targets")) {
                if (target.path("refId").asText().equals(refId)) {
                    ((ObjectNode) target).put("rawSql", rawSql);
                }
            }
            return new Panel(dashboard, copy);
        }

        /**
         * The field names the panel's display settings refer to: overrides matching by name, the transformations'
         * fields (organize, filter by name, sort, group, convert, join, partition, calculate), the reducer's single
         * field ({@code /^name$/}), the table's sort, bar and trend charts' x and colour fields, and data links'
         * {@code ${__data.fields.name}}. Each must be a column of the panel's queries or a name a rename gave.
         */
        public Set<String> referencedFields() {
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode override : json.path("fieldConfig").path("overrides")) {
                JsonNode matcher = override.path("matcher");
                switch (matcher.path("id").asText()) {
                    case "byName" -> names.add(matcher.path("options").asText());
                    case "byNames" -> matcher.path("options").path("names").forEach(n -> names.add(n.asText()));
                    default -> { } // by type, regexp, query: no single name to check
                }
            }
            for (JsonNode transformation : json.path("transformations")) {
                JsonNode options = transformation.path("options");
                switch (transformation.path("id").asText()) {
                    case "organize" -> {
                        keys(options.path("excludeByName"), names);
                        keys(options.path("indexByName"), names);
                        keys(options.path("renameByName"), names);
                    }
                    case "filterFieldsByName" -> options.path("include").path("names").forEach(n -> names.add(n.asText()));
                    case "sortBy" -> options.path("sort").forEach(s -> add(s.path("field"), names));
                    case "groupBy" -> keys(options.path("fields"), names);
                    case "convertFieldType" -> options.path("conversions").forEach(c -> add(c.path("targetField"), names));
                    case "joinByField" -> add(options.path("byField"), names);
                    case "partitionByValues" -> options.path("fields").forEach(f -> names.add(f.asText()));
                    case "groupingToMatrix" -> {
                        add(options.path("columnField"), names);
                        add(options.path("rowField"), names);
                        add(options.path("valueField"), names);
                    }
                    case "calculateField" -> {
                        add(options.path("binary").path("left"), names);
                        add(options.path("binary").path("right"), names);
                    }
                    default -> { }
                }
            }
            JsonNode options = json.path("options");
            Matcher one = ONE_FIELD.matcher(options.path("reduceOptions").path("fields").asText(""));
            if (one.matches()) {
                names.add(one.group(1));
            }
            options.path("sortBy").forEach(s -> add(s.path("displayName"), names));
            add(options.path("xField"), names);
            add(options.path("colorByField"), names);
            for (String text : texts(json.path("fieldConfig"), new ArrayList<>())) {
                Matcher links = DATA_FIELD.matcher(text);
                while (links.find()) {
                    names.add(links.group(1) != null ? links.group(1) : links.group(2));
                }
            }
            names.remove("");
            return names;
        }

        /**
         * The field names the panel's transformations make, which overrides may then refer to: organize's new names
         * and grouping to matrix's first column, {@code row\column} (its other columns are values of the data).
         */
        public Set<String> producedFields() {
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode transformation : json.path("transformations")) {
                JsonNode options = transformation.path("options");
                switch (transformation.path("id").asText()) {
                    case "organize" -> options.path("renameByName").forEach(n -> names.add(n.asText()));
                    case "groupingToMatrix" -> names.add(options.path("rowField").asText() + "\\"
                            + options.path("columnField").asText());
                    default -> { }
                }
            }
            return names;
        }

        private static List<String> texts(JsonNode node, List<String> into) {
            if (node.isTextual()) {
                into.add(node.asText());
            }
            node.forEach(child -> texts(child, into));
            return into;
        }

        private static void keys(JsonNode object, Set<String> into) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                into.add(it.next());
            }
        }

        /** A field given by name; numbers (a calculation's constant) are not field names. */
        private static void add(JsonNode node, Set<String> into) {
            if (node.isTextual() && !node.asText().matches("-?\\d+(\\.\\d+)?")) {
                into.add(node.asText());
            }
        }

        @Override
        public String toString() {
            return dashboard.uid() + " / " + title();
        }
    }

    /** A panel's query. */
    public record Target(Panel panel, JsonNode json) {

        public String refId() {
            return json.path("refId").asText("");
        }

        /** The target's datasource, else the panel's. */
        public Optional<DatasourceRef> datasource() {
            Optional<DatasourceRef> own = DatasourceRef.of(json.path("datasource"));
            return own.isPresent() ? own : panel.datasource();
        }

        public boolean isClickHouse() {
            return datasource().map(d -> CLICKHOUSE.equals(d.type())).orElse(false);
        }

        /** The query text: {@code rawSql} for ClickHouse, {@code expr} for Prometheus. */
        public String query() {
            return json.path(isClickHouse() ? "rawSql" : "expr").asText("");
        }

        /** The plugin's format: 0 time series, 1 table, 2 logs, 3 trace, 4 auto. */
        public int format() {
            return json.path("format").asInt(1);
        }

        public boolean hidden() {
            return json.path("hide").asBoolean(false);
        }
    }

    /** A datasource reference: {@code {"type": …, "uid": …}}. */
    public record DatasourceRef(String type, String uid) {
        static Optional<DatasourceRef> of(JsonNode node) {
            if (!node.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new DatasourceRef(node.path("type").asText(""), node.path("uid").asText("")));
        }
    }

    /** A template variable. */
    public record Variable(JsonNode json) {

        public String name() {
            return json.path("name").asText("");
        }

        public String label() {
            return json.path("label").asText("");
        }

        /** query, custom, constant, textbox, interval, datasource, adhoc. */
        public String type() {
            return json.path("type").asText("");
        }

        public boolean multi() {
            return json.path("multi").asBoolean(false);
        }

        public boolean includeAll() {
            return json.path("includeAll").asBoolean(false);
        }

        public Optional<String> allValue() {
            JsonNode all = json.path("allValue");
            return all.isTextual() && !all.asText().isEmpty() ? Optional.of(all.asText()) : Optional.empty();
        }

        public Optional<DatasourceRef> datasource() {
            return DatasourceRef.of(json.path("datasource"));
        }

        /** The query: a string, or for the ClickHouse plugin an object with {@code rawSql}. */
        public String query() {
            JsonNode query = json.path("query");
            return query.isObject() ? query.path("rawSql").asText(query.path("query").asText("")) : query.asText("");
        }

        /** The value Grafana starts with, as saved in the file ({@code current.value}, a list for multi). */
        public List<String> currentValues() {
            JsonNode value = json.path("current").path("value");
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.asText()));
            } else if (!value.isMissingNode() && !value.isNull()) {
                values.add(value.asText());
            }
            return values;
        }

        /** A custom variable's options: {@code a,b} or {@code text : value} pairs. */
        public List<String> customOptions() {
            List<String> values = new ArrayList<>();
            for (String option : query().split("(?<!\\\\),")) {
                String trimmed = option.trim();
                int pair = trimmed.indexOf(" : ");
                values.add((pair >= 0 ? trimmed.substring(pair + 3) : trimmed).replace("\\,", ","));
            }
            values.removeIf(String::isEmpty);
            return values;
        }
    }
}

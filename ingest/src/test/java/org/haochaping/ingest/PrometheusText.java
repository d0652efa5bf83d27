package org.haochaping.ingest;

import java.util.ArrayList;
import java.util.List;

/** Reads one sample's value out of a Prometheus text exposition, matching labels in any order. */
final class PrometheusText {

    private PrometheusText() {}

    /**
     * @param labels name, value, name, value... that the sample must carry (it may carry more)
     * @return the value, or 0 when no such sample is exposed (a counter never incremented)
     */
    static double value(String exposition, String metric, String... labels) {
        List<Double> found = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String name = line.contains("{") ? line.substring(0, line.indexOf('{')) : line.substring(0, line.indexOf(' '));
            if (!name.equals(metric)) {
                continue;
            }
            String labelPart = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= labelPart.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                found.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + metric + " match; name more labels");
        }
        return found.isEmpty() ? 0 : found.get(0);
    }
}

package org.haochaping.ingest;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The edge's router plus a table of its route templates: the templates label the metrics (bounded
 * cardinality: {@code /r/:token}, never the token itself) and give a 405 its {@code Allow} header.
 * Each role ({@link DeviceRatingApi}, {@link KioskPages}, ...) mounts its routes here.
 */
final class EdgeRoutes {

    static final String UNMATCHED = "unmatched";

    private final Router router;
    private final int maxBodyBytes;
    private final Map<String, TreeSet<String>> methodsByTemplate = new LinkedHashMap<>();
    private final Map<String, Pattern> patternByTemplate = new LinkedHashMap<>();

    EdgeRoutes(Router router, int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    void get(String template, Handler<RoutingContext> handler) {
        register(HttpMethod.GET, template);
        router.get(template).handler(handler);
    }

    /** The body is read (up to {@code http.maxBodyBytes}, else 413) before the handler runs. */
    void post(String template, Handler<RoutingContext> handler) {
        register(HttpMethod.POST, template);
        router.post(template)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(handler);
    }

    /** The template that {@code path} matches, or {@link #UNMATCHED}. */
    String templateOf(String path) {
        for (Map.Entry<String, Pattern> e : patternByTemplate.entrySet()) {
            if (e.getValue().matcher(path).matches()) {
                return e.getKey();
            }
        }
        return UNMATCHED;
    }

    /** @return the methods {@code path} takes, e.g. {@code "GET, POST"}, or null for an unknown path */
    String allowedMethods(String path) {
        TreeSet<String> methods = methodsByTemplate.get(templateOf(path));
        return methods == null ? null : String.join(", ", methods);
    }

    private void register(HttpMethod method, String template) {
        methodsByTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(method.name());
        patternByTemplate.computeIfAbsent(template,
                t -> Pattern.compile(Pattern.quote(t).replaceAll(":[A-Za-z]+", "\\\\E[^/]+\\\\Q")));
    }
}

package org.haochaping.ingest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haochaping.model.Level;
import org.haochaping.model.TagCatalogue;

/**
 * The counters' evaluator pages and the case each counter offers for rating ("请评价").
 *
 * <p>Each evaluator page holds a server-sent-events stream ({@code GET /kiosk/{counterId}/events});
 * {@link #offer} remembers the case as the counter's pending case and pushes it to every page of that
 * counter as an {@code event: case}. The pending case is also what the counter's poster QR code rates,
 * for {@link #PENDING_FOR} and until it is rated. A page connecting while a case is pending gets it at
 * once (a tablet that was offline when the clerk pressed 请评价 still shows it).
 *
 * <p>One edge instance: the registry lives in this verticle. Streams are written on the verticle's
 * event loop only; the pending map is locked so tests and other threads may read it.
 */
final class KioskHub {

    /** How long a counter's offered case stays rateable through the poster code. */
    static final Duration PENDING_FOR = Duration.ofMinutes(30);
    /** Keeps proxies and the browser from dropping an idle stream. */
    static final long HEARTBEAT_MILLIS = 15_000;
    static final int MAX_COUNTERS = 10_000;

    private static final String TAGS_BY_LEVEL = tagsByLevel().encode();

    private final RatedCases ratedCases;
    private final Map<String, Set<HttpServerResponse>> streams = new HashMap<>();
    private final Map<String, RateableCase> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateableCase> eldest) {
            return size() > MAX_COUNTERS;
        }
    };

    KioskHub(RatedCases ratedCases) {
        this.ratedCases = ratedCases;
    }

    /** Starts an event stream for one evaluator page; sends the counter's pending case, if any, at once. */
    void open(String counterId, HttpServerResponse response, Instant now) {
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Accel-Buffering", "no");
        // registered before the first write, so once a client sees the stream open, offers reach it
        streams.computeIfAbsent(counterId, c -> new LinkedHashSet<>()).add(response);
        response.closeHandler(v -> close(counterId, response));
        response.write("retry: 3000\n: connected to counter " + counterId + "\n\n");
        RateableCase current = pending(counterId, now);
        if (current != null) {
            write(response, caseEvent(current));
        }
    }

    /**
     * Remembers {@code offered} as its counter's pending case and pushes it to the counter's pages.
     *
     * @return how many pages it was written to (0: the evaluator is offline)
     */
    int offer(RateableCase offered) {
        String counterId = offered.token().counterId();
        synchronized (pending) {
            pending.remove(counterId);
            pending.put(counterId, offered);
        }
        String event = caseEvent(offered);
        int delivered = 0;
        for (HttpServerResponse stream : List.copyOf(streams.getOrDefault(counterId, Set.of()))) {
            if (write(stream, event)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** @return the case last offered at the counter of {@code hallId} within {@link #PENDING_FOR} and not yet rated, or null */
    RateableCase pending(String hallId, String counterId, Instant now) {
        RateableCase c = pending(counterId, now);
        return c != null && c.token().hallId().equals(hallId) ? c : null;
    }

    private RateableCase pending(String counterId, Instant now) {
        RateableCase c;
        synchronized (pending) {
            c = pending.get(counterId);
        }
        if (c == null || !now.isBefore(c.offeredAt().plus(PENDING_FOR))
                || ratedCases.isRated(c.token().projectNo(), c.token().assessNumber())) {
            return null;
        }
        return c;
    }

    /** The case offered at {@code counterId}, if it is {@code projectNo} (for its item name and codes), else null. */
    RateableCase offered(String counterId, String projectNo) {
        synchronized (pending) {
            RateableCase c = pending.get(counterId);
            return c != null && c.token().projectNo().equals(projectNo) ? c : null;
        }
    }

    /** Writes a comment line to every stream, so idle connections stay open. */
    void heartbeat() {
        for (Map.Entry<String, Set<HttpServerResponse>> e : List.copyOf(streams.entrySet())) {
            for (HttpServerResponse stream : List.copyOf(e.getValue())) {
                write(stream, ": heartbeat\n\n");
            }
        }
    }

    /** Ends every stream (the verticle stops). */
    void closeAll() {
        for (Set<HttpServerResponse> set : List.copyOf(streams.values())) {
            for (HttpServerResponse stream : List.copyOf(set)) {
                if (!stream.ended() && !stream.closed()) {
                    stream.end();
                }
            }
        }
        streams.clear();
    }

    int connections() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * The pushed event: {@code {projectNo, itemName, token, tags}} with {@code tags} the national
     * catalogue grouped by level, {@code {"5": [{"code": "501", "text": "..."}], ...}}.
     */
    static String caseEvent(RateableCase c) {
        String data = new JsonObject()
                .put("projectNo", c.token().projectNo())
                .put("itemName", c.itemName())
                .put("token", c.caseToken())
                .put("tags", new JsonObject(TAGS_BY_LEVEL))
                .encode();
        return "event: case\ndata: " + data + "\n\n";
    }

    private static JsonObject tagsByLevel() {
        JsonObject byLevel = new JsonObject();
        for (Level level : Level.values()) {
            JsonArray tags = new JsonArray();
            for (TagCatalogue.Tag t : TagCatalogue.national().tagsOf(level.value())) {
                tags.add(new JsonObject().put("code", t.code()).put("text", t.text()));
            }
            byLevel.put(Integer.toString(level.value()), tags);
        }
        return byLevel;
    }

    private boolean write(HttpServerResponse stream, String text) {
        if (stream.ended() || stream.closed()) {
            return false;
        }
        try {
            stream.write(text);
            return true;
        } catch (IllegalStateException e) {
            return false; // closed between the check and the write
        }
    }

    private void close(String counterId, HttpServerResponse response) {
        Set<HttpServerResponse> set = streams.get(counterId);
        if (set != null) {
            set.remove(response);
            if (set.isEmpty()) {
                streams.remove(counterId);
            }
        }
    }
}

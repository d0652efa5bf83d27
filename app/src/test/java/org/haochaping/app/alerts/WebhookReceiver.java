package org.haochaping.app.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the outside webhook endpoint on 127.0.0.1: records each post (its {@code Idempotency-Key},
 * {@code Authorization} and JSON body) and answers 200 unless told otherwise.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Request(String idempotencyKey, String authorization, Map<String, Object> body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> answers = new HashMap<>();
    private Duration delayFirst = Duration.ZERO;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** The next post of this alert gets this status (queued: call again for the one after). */
    public synchronized void answer(String alertId, int status) {
        answers.computeIfAbsent(alertId, k -> new ArrayDeque<>()).add(status);
    }

    /** The next post is answered only after this long (a receiver slower than the sender's timeout). */
    public synchronized void delayFirst(Duration d) {
        delayFirst = d;
    }

    /** Every post so far, in the order they were answered. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The idempotency keys of every post so far. */
    public List<String> keys() {
        return requests().stream().map(Request::idempotencyKey).toList();
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new ObjectMapper().readValue(exchange.getRequestBody().readAllBytes(), Map.class);
        String key = exchange.getRequestHeaders().getFirst(AlertWebhook.IDEMPOTENCY_KEY);
        Duration delay;
        int status;
        synchronized (this) {
            delay = delayFirst;
            delayFirst = Duration.ZERO;
            Deque<Integer> queued = answers.get(key);
            status = queued == null || queued.isEmpty() ? 200 : queued.poll();
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        requests.add(new Request(key, exchange.getRequestHeaders().getFirst("Authorization"), body));
        byte[] out = status == 200 ? new byte[0] : ("{\"error\":\"answer " + status + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.haochaping.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.TimeUnit;

/** An evaluator page's event stream, read with the Vert.x HTTP client: everything received so far, as text. */
final class EventStreamClient implements AutoCloseable {

    private final HttpClient http;
    private final StringBuffer received = new StringBuffer();
    private final HttpClientResponse response;

    EventStreamClient(Vertx vertx, int port, String path) throws Exception {
        this.http = vertx.createHttpClient();
        this.response = http.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> request.putHeader("Accept", "text/event-stream").send())
                .onSuccess(r -> r.handler(chunk -> received.append(chunk.toString())))
                .await(10, TimeUnit.SECONDS);
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.getHeader("Content-Type");
    }

    /** Waits (at most 10 s) until the stream holds {@code text}; returns everything received. */
    String awaitText(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.indexOf(text) < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the event stream; received: " + received);
            }
            Thread.sleep(10);
        }
        return received.toString();
    }

    /** The data line of the first {@code event: case} received. */
    String firstCaseData() throws InterruptedException {
        String all = awaitText("event: case\ndata: ");
        int start = all.indexOf("event: case\ndata: ") + "event: case\ndata: ".length();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (all.indexOf("\n\n", start) < 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            all = received.toString();
        }
        return all.substring(start, all.indexOf("\n\n", start));
    }

    @Override
    public void close() throws Exception {
        http.close().await(10, TimeUnit.SECONDS);
    }
}

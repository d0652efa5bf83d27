package org.haochaping.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.haochaping.model.RequestSignature;

/** A device's view of the edge: signs bodies like an evaluator does and posts them. */
final class SignedClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final String base;

    SignedClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Posts {@code body} signed by {@link TestConfigs#DEVICE} at the test clock's now. */
    Reply post(byte[] body) {
        return post(body, TestConfigs.DEVICE, TestConfigs.SECRET, TestConfigs.NOW.toEpochMilli());
    }

    Reply post(byte[] body, String device, String secret, long timestamp) {
        return postRaw(body, device, Long.toString(timestamp), RequestSignature.sign(secret, timestamp, body));
    }

    /** Any of the headers may be null to leave it out. */
    Reply postRaw(byte[] body, String device, String timestamp, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + IngestVerticle.RATINGS_PATH))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (device != null) {
            b.header(RequestSignature.DEVICE_HEADER, device);
        }
        if (timestamp != null) {
            b.header(RequestSignature.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            b.header(RequestSignature.SIGNATURE_HEADER, signature);
        }
        return send(b.build());
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    Reply request(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

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

/** A client's view of the edge: signs bodies like a device, business system or gateway does and posts them. */
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

    /** Posts {@code body} to {@code path} signed by {@code signer} with {@code secret} at the test clock's now. */
    Reply postSigned(String path, byte[] body, String signer, String secret) {
        long timestamp = TestConfigs.NOW.toEpochMilli();
        return postRaw(path, body, signer, Long.toString(timestamp), RequestSignature.sign(secret, timestamp, body));
    }

    /** Any of the headers may be null to leave it out. */
    Reply postRaw(byte[] body, String device, String timestamp, String signature) {
        return postRaw(IngestVerticle.RATINGS_PATH, body, device, timestamp, signature);
    }

    Reply postRaw(String path, byte[] body, String device, String timestamp, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
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

    /** An unsigned JSON post, as the evaluator page sends it. */
    Reply postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** An HTML form post (application/x-www-form-urlencoded), as the QR page sends it. */
    Reply postForm(String path, String urlEncodedForm) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncodedForm)).build());
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

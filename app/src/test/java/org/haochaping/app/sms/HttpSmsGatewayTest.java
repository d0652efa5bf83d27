package org.haochaping.app.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpSmsGateway} against a tiny HTTP server on 127.0.0.1 standing in for the outside gateway. */
class HttpSmsGatewayTest {

    private static final String PHONE = "13912345678";

    private HttpServer server;
    private final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String answer;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sms", this::handle);
        server.createContext("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        bodies.add(new ObjectMapper().readValue(exchange.getRequestBody().readAllBytes(), Map.class));
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private HttpSmsGateway gateway(String path, Duration timeout) {
        return new HttpSmsGateway(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                "token-123", timeout);
    }

    private HttpSmsGateway gateway() {
        return gateway("/sms", Duration.ofSeconds(5));
    }

    @Test
    void postsPhoneAndTextWithTheBearerTokenAndReturnsTheMessageId() throws Exception {
        status = 200;
        answer = "{\"messageId\":\"m-42\",\"fee\":1}";

        assertThat(gateway().send(PHONE, "请回复1-5评价")).isEqualTo("m-42");
        assertThat(bodies).containsExactly(Map.of("phone", PHONE, "text", "请回复1-5评价"));
        assertThat(authorizations).containsExactly("Bearer token-123");
    }

    @Test
    void aSuccessWithoutMessageIdIsStillSent() throws Exception {
        status = 202;
        answer = "accepted";

        assertThat(gateway().send(PHONE, "t")).isEmpty();
    }

    @Test
    void aClientErrorIsPermanentAndNamesTheStatusWithoutThePhone() {
        status = 400;
        answer = "{\"error\":\"invalid number " + PHONE + "\"}";

        assertThatThrownBy(() -> gateway().send(PHONE, "t"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("gateway answered 400: {\"error\":\"invalid number 139****5678\"}");
                });
    }

    @Test
    void serverErrorsAndThrottlingAreRetryable() {
        for (int s : new int[] {500, 503, 429, 408}) {
            status = s;
            answer = "busy";
            assertThatThrownBy(() -> gateway().send(PHONE, "t"))
                    .isInstanceOfSatisfying(SmsSendException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).isEqualTo("gateway answered " + s + ": busy");
                    });
        }
    }

    @Test
    void aGatewayThatDoesNotAnswerInTimeIsRetryable() {
        assertThatThrownBy(() -> gateway("/slow", Duration.ofMillis(300)).send(PHONE, "t"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("gateway did not answer within PT0.3S");
                });
    }

    @Test
    void anUnreachableGatewayIsRetryable() throws Exception {
        HttpSmsGateway gateway = gateway();
        server.stop(0);

        assertThatThrownBy(() -> gateway.send(PHONE, "t"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).startsWith("gateway unreachable: ").doesNotContain(PHONE);
                });
    }
}

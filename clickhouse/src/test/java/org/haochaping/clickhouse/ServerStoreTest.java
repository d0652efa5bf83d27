package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ServerStore against a stand-in for ClickHouse's HTTP interface (there is no server on the build machines):
 * checks what the official client sends on our behalf and how answers and errors come back.
 */
class ServerStoreTest {

    /** One request as the stand-in received it. */
    record Request(String query, String database, String format, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String rawQuery = exchange.getRequestURI().getRawQuery();
        requests.add(new Request(rawQuery == null ? "" : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("X-ClickHouse-Database"),
                exchange.getRequestHeaders().getFirst("X-ClickHouse-Format"), body));
        byte[] out;
        int status;
        if (body.contains("missing_table")) {
            out = ("Code: 60. DB::Exception: Unknown table expression identifier 'missing_table' in scope "
                    + "SELECT * FROM missing_table. (UNKNOWN_TABLE) (version 26.5.1.1)\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", "60");
            status = 404;
        } else if (body.startsWith("SELECT")) {
            out = "{\"n\":5,\"avg\":4.25,\"big\":18446744073709551615,\"s\":\"好\"}\n{\"n\":7,\"avg\":1,\"big\":0,\"s\":\"差\"}\n"
                    .getBytes(StandardCharsets.UTF_8);
            status = 200;
        } else {
            out = new byte[0];
            status = 200;
        }
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Test
    void createsTheDatabaseFromTheDefaultOneAtOpen() {
        try (ServerStore store = new ServerStore(url, "reader", "secret", "hcp")) {
            assertThat(store.database()).isEqualTo("hcp");
        }
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).body()).isEqualTo("CREATE DATABASE IF NOT EXISTS `hcp`");
        assertThat(requests.get(0).database()).isEqualTo("default");
    }

    @Test
    void everyRequestIsSynchronousWithUnquotedIntegersInTheStoresDatabase() {
        try (ServerStore store = new ServerStore(url, "", null, "hcp")) {
            store.execute("TRUNCATE TABLE ratings");
            store.query("SELECT 1");
            store.insertJsonEachRow("ratings", List.of("{\"rating_id\":\"a\"}"));
        }
        assertThat(requests).hasSize(4);
        for (Request r : requests) {
            assertThat(r.query()).contains("async_insert=0").contains("output_format_json_quote_64bit_integers=0");
        }
        assertThat(requests.subList(1, 4)).extracting(Request::database).containsOnly("hcp");
        assertThat(requests.get(1).body()).isEqualTo("TRUNCATE TABLE ratings");
    }

    @Test
    void everyRequestCarriesTheSettingsThatMakeAServerBehaveAsChdb() {
        try (ServerStore store = new ServerStore(url, "", null, "hcp")) {
            store.execute("TRUNCATE TABLE ratings");
            store.query("SELECT 1");
            store.insertJsonEachRow("ratings", List.of("{\"rating_id\":\"a\"}"));
        }
        for (Request r : requests) {
            assertThat(r.query()).contains("date_time_input_format=best_effort")
                    .contains("input_format_skip_unknown_fields=1").contains("distributed_foreground_insert=1")
                    .contains("distributed_product_mode=global");
        }
        // only a query has rows to hold back until it is complete
        assertThat(requests).extracting(r -> r.query().contains("wait_end_of_query=1"))
                .containsExactly(false, false, true, false);
    }

    @Test
    void blankStatementsAreRefusedBeforeSending() {
        try (ServerStore store = new ServerStore(url, "default", "", "hcp")) {
            assertThatThrownBy(() -> store.execute(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("empty SQL");
            assertThatThrownBy(() -> store.query(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("empty SQL");
        }
        assertThat(requests).hasSize(1);
    }

    @Test
    void insertSendsOneJsonEachRowStatementWithRowsJoinedByNewlines() {
        try (ServerStore store = new ServerStore(url, "default", "", "hcp")) {
            store.insertJsonEachRow("ratings", List.of("{\"rating_id\":\"a\",\"comment\":\"很好\"}", "{\"rating_id\":\"b\"}"));
            store.insertJsonEachRow("ratings", List.of());
        }
        assertThat(requests).hasSize(2); // the empty batch sends nothing
        Request insert = requests.get(1);
        assertThat(insert.query()).contains("query=INSERT INTO ratings FORMAT JSONEachRow");
        assertThat(insert.format()).isEqualTo("JSONEachRow");
        assertThat(insert.body()).isEqualTo("{\"rating_id\":\"a\",\"comment\":\"很好\"}\n{\"rating_id\":\"b\"}");
    }

    @Test
    void queryReturnsOrderedRowsWithJavaNumbers() {
        try (ServerStore store = new ServerStore(url, "default", "", "hcp")) {
            List<Map<String, Object>> rows = store.query("SELECT n, avg, big, s FROM scores");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).containsExactly(Map.entry("n", 5L), Map.entry("avg", 4.25),
                    Map.entry("big", new BigInteger("18446744073709551615")), Map.entry("s", "好"));
            assertThat(rows.get(1).get("avg")).isEqualTo(1L);
            assertThat(store.queryLong("SELECT n FROM scores")).isEqualTo(5L);
            assertThat(requests.get(1).format()).isEqualTo("JSONEachRow");
            assertThat(requests.get(1).body()).isEqualTo("SELECT n, avg, big, s FROM scores");
        }
    }

    @Test
    void serverErrorsBecomeClickHouseExceptionsWithTheServersText() {
        try (ServerStore store = new ServerStore(url, "default", "", "hcp")) {
            assertThatThrownBy(() -> store.query("SELECT * FROM missing_table"))
                    .isInstanceOf(ClickHouseException.class)
                    .hasMessageContaining("Code: 60. DB::Exception: Unknown table expression identifier 'missing_table'")
                    .hasMessageContaining("(UNKNOWN_TABLE)")
                    .satisfies(e -> assertThat(((ClickHouseException) e).code()).isEqualTo(60));
        }
    }

    @Test
    void anUnreachableServerFailsTheOpenNamingTheStatement() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> new ServerStore("http://127.0.0.1:" + freePort, "default", "", "hcp"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("CREATE DATABASE IF NOT EXISTS `hcp`");
    }

    @Test
    void settingsAreCheckedBeforeConnecting() {
        assertThatThrownBy(() -> new ServerStore("", "default", "", "hcp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clickhouse.url must be set");
        assertThatThrownBy(() -> new ServerStore("127.0.0.1:8123", "default", "", "hcp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new ServerStore("ftp://ch.example.gov.cn", "default", "", "hcp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new ServerStore("http:///path", "default", "", "hcp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        assertThatThrownBy(() -> new ServerStore(url, "default", "", "hcp; DROP"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clickhouse.database");
        assertThat(ServerStore.checkUrl(" https://ch.example.gov.cn:8443 ")).isEqualTo("https://ch.example.gov.cn:8443");
        assertThat(requests).isEmpty();
    }

    @Test
    void tableNamesAreCheckedBeforeSending() {
        try (ServerStore store = new ServerStore(url, "default", "", "hcp")) {
            assertThatThrownBy(() -> store.insertJsonEachRow("ratings; DROP TABLE x", List.of("{}")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
        }
        assertThat(requests).hasSize(1);
    }
}

package org.haochaping.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A ClickHouse server through the official Java client ({@code com.clickhouse:client-v2}, HTTP). Every request
 * names {@link #database()} and carries the settings that make a server behave as {@link ChdbStore} does, whatever
 * its version and user profile (the contract both pass: StoreContract in the tests):
 * <ul>
 *   <li>{@code async_insert=0}: an insert is visible when the call returns (≥ 26.2 defaults to 1);</li>
 *   <li>{@code output_format_json_quote_64bit_integers=0}: 64-bit integers come back as JSON numbers;</li>
 *   <li>{@code date_time_input_format=best_effort}: chDB 26.5's default; older servers default to {@code basic},
 *       which refuses ISO-8601 instants ({@code 2026-10-08T08:30:10.123Z}) in inserted rows;</li>
 *   <li>{@code input_format_skip_unknown_fields=1}: a row may carry a field the table does not have;</li>
 *   <li>{@code distributed_foreground_insert=1}: on a cluster (clickhouse.cluster) an insert into a Distributed
 *       table returns once the shards hold the rows, not when they are queued on the node;</li>
 *   <li>{@code distributed_product_mode=global}: on a cluster, an {@code IN} or {@code JOIN} subquery over a
 *       sharded table reads it once and ships the result to the shards (the default, {@code deny}, refuses it).</li>
 * </ul>
 * Queries also ask for {@code wait_end_of_query=1}: the server then answers only once the result is complete, so
 * a failure after the first rows is an HTTP error (a {@link ClickHouseException}) rather than rows cut short or an
 * exception written into the JSON. There is no session: a {@code SET} does not carry over to the next call.
 * Thread-safe; the client pools HTTP connections.
 */
public final class ServerStore implements ClickHouseStore {

    /** The database a request names while {@link #database()} may not exist yet. */
    private static final String BOOTSTRAP_DATABASE = "default";

    private final String url;
    private final String database;
    private final Client client;

    /**
     * Connects and creates {@code database} if missing.
     *
     * @param url      e.g. {@code http://127.0.0.1:8123} (clickhouse.url)
     * @param user     blank means {@code default}
     * @param password null means none
     * @throws IllegalArgumentException if a setting is malformed (the message names it)
     * @throws ClickHouseException      if the server is unreachable or refuses
     */
    public ServerStore(String url, String user, String password, String database) {
        this.url = checkUrl(url);
        this.database = Sql.identifier("clickhouse.database", database);
        this.client = new Client.Builder()
                .addEndpoint(this.url)
                .setUsername(user == null || user.isBlank() ? "default" : user)
                .setPassword(password == null ? "" : password)
                .setConnectTimeout(10, ChronoUnit.SECONDS)
                // Results here are small aggregates: plain responses cost less CPU than LZ4 and keep the
                // protocol readable (JSONEachRow text both ways).
                .compressServerResponse(false)
                .serverSetting("async_insert", "0")
                .serverSetting("output_format_json_quote_64bit_integers", "0")
                .serverSetting("date_time_input_format", "best_effort")
                .serverSetting("input_format_skip_unknown_fields", "1")
                .serverSetting("distributed_foreground_insert", "1")
                .serverSetting("distributed_product_mode", "global")
                .build();
        try {
            CommandSettings bootstrap = new CommandSettings();
            bootstrap.setDatabase(BOOTSTRAP_DATABASE);
            command("CREATE DATABASE IF NOT EXISTS `" + this.database + "`", bootstrap);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Checks clickhouse.url: an absolute http or https URL with a host. */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("clickhouse.url must be set, e.g. http://127.0.0.1:8123");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("clickhouse.url must be an http:// or https:// URL, got: '" + url + "'");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("clickhouse.url must be an http:// or https:// URL, got: '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("clickhouse.url has no host: '" + url + "'");
        }
        return uri.toString();
    }

    @Override
    public void execute(String sql) {
        notBlank(sql);
        CommandSettings settings = new CommandSettings();
        settings.setDatabase(database);
        command(sql, settings);
    }

    private void command(String sql, CommandSettings settings) {
        try (CommandResponse ignored = await(client.execute(sql, settings), sql)) {
            // the response carries only statistics
        } catch (ClickHouseException e) {
            throw e;
        } catch (Exception e) {
            throw failure(e, sql);
        }
    }

    @Override
    public void insertJsonEachRow(String table, List<String> jsonRows) {
        Sql.table(table);
        if (jsonRows.isEmpty()) {
            return;
        }
        // any number of partitions, see ChdbStore#PARTITIONS_PER_INSERT
        InsertSettings settings = new InsertSettings().setDatabase(database)
                .serverSetting(ChdbStore.PARTITIONS_PER_INSERT, "0");
        String describe = "INSERT INTO " + table + " FORMAT JSONEachRow (" + jsonRows.size() + " rows)";
        byte[] body = JsonRows.join("", jsonRows);
        try (InsertResponse ignored = await(client.insert(table, new ByteArrayInputStream(body),
                ClickHouseFormat.JSONEachRow, settings), describe)) {
            // the response carries only statistics
        } catch (ClickHouseException e) {
            throw e;
        } catch (Exception e) {
            throw failure(e, describe);
        }
    }

    @Override
    public List<Map<String, Object>> query(String sql) {
        notBlank(sql);
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow).setDatabase(database)
                .waitEndOfQuery(true);
        try (QueryResponse response = await(client.query(sql, settings), sql)) {
            return JsonRows.parse(response.getInputStream());
        } catch (ClickHouseException e) {
            throw e;
        } catch (Exception e) {
            throw failure(e, sql);
        }
    }

    @Override
    public String database() {
        return database;
    }

    /** As {@link ChdbStore}: a blank statement is the caller's mistake, not something to send. */
    private static void notBlank(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("empty SQL");
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        client.close();
    }

    private static <T> T await(CompletableFuture<T> future, String sql) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while waiting for: " + ClickHouseException.abbreviate(sql), -1, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), sql);
        } catch (RuntimeException e) {
            throw failure(e, sql);
        }
    }

    private static ClickHouseException failure(Throwable e, String sql) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ClickHouseException mine) {
                return mine;
            }
            if (t instanceof ServerException server) {
                ClickHouseException mapped = ClickHouseException.fromServerText(server.getMessage(), sql);
                return mapped.code() >= 0 ? mapped
                        : new ClickHouseException(mapped.getMessage(), server.getCode(), null);
            }
            t = t.getCause();
        }
        return new ClickHouseException("ClickHouse request failed (" + e + ") [statement: "
                + ClickHouseException.abbreviate(sql) + "]", -1, e);
    }

    @Override
    public String toString() {
        return "ServerStore[" + url + ", database " + database + "]";
    }
}

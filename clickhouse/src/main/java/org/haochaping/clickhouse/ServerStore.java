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
 * names {@link #database()} and carries {@code async_insert=0} and
 * {@code output_format_json_quote_64bit_integers=0}, so the behaviour matches {@link ChdbStore}. Thread-safe;
 * the client pools HTTP connections.
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
        InsertSettings settings = new InsertSettings().setDatabase(database);
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
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow).setDatabase(database);
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

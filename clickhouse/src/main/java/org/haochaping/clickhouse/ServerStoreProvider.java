package org.haochaping.clickhouse;

import java.util.Objects;

/** Opens a new {@link ServerStore} for each caller, who closes it after use. */
public final class ServerStoreProvider implements StoreProvider {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final String user;
    private final String password;
    private final String database;

    /** Checks the settings now, so a bad one fails when the job is built rather than in a task. */
    public ServerStoreProvider(String url, String user, String password, String database) {
        this.url = ServerStore.checkUrl(url);
        this.user = user;
        this.password = password;
        this.database = Sql.identifier("clickhouse.database", database);
    }

    @Override
    public ClickHouseStore open() {
        return new ServerStore(url, user, password, database);
    }

    @Override
    public boolean closeAfterUse() {
        return true;
    }

    public String url() {
        return url;
    }

    public String database() {
        return database;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerStoreProvider p && url.equals(p.url) && Objects.equals(user, p.user)
                && Objects.equals(password, p.password) && database.equals(p.database);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, database);
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "ServerStoreProvider[" + url + ", user " + user + ", database " + database + "]";
    }
}

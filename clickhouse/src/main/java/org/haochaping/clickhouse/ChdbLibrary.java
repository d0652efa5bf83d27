package org.haochaping.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code libchdb.so} (chDB {@value #VERSION}, ClickHouse embedded as a shared library) is, and its C API
 * bound through JNA. The library is loaded at most once per process.
 */
public final class ChdbLibrary {

    /** The pinned chDB release ({@code @chdb/lib-linux-x64-gnu} on npm). */
    public static final String VERSION = "26.5.3";
    /** Environment variable naming the library when the configuration does not. */
    public static final String ENV = "HCP_CHDB_LIBRARY";

    private static final Logger LOG = LoggerFactory.getLogger(ChdbLibrary.class);

    private static Api api;
    private static Path loadedFrom;

    private ChdbLibrary() {}

    /** {@code ~/.cache/haochaping/chdb/26.5.3/libchdb.so}, where {@code ./hcp fetch-chdb} puts it. */
    public static Path defaultLocation() {
        return Path.of(System.getProperty("user.home"), ".cache", "haochaping", "chdb", VERSION, "libchdb.so");
    }

    /**
     * The library to load: {@code configured} (clickhouse.chdbLibrary) if not blank, else {@code $HCP_CHDB_LIBRARY},
     * else {@link #defaultLocation()}.
     *
     * @throws IllegalStateException if that file does not exist, saying how to fetch it
     */
    public static Path locate(String configured) {
        return locate(configured, System.getenv(ENV), defaultLocation());
    }

    static Path locate(String configured, String env, Path fallback) {
        Path path;
        String source;
        if (configured != null && !configured.isBlank()) {
            path = Path.of(configured.strip());
            source = "clickhouse.chdbLibrary";
        } else if (env != null && !env.isBlank()) {
            path = Path.of(env.strip());
            source = ENV;
        } else {
            path = fallback;
            source = "the default location";
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("chDB library (libchdb.so " + VERSION + ") not found at " + path + " ("
                    + source + "): run `./hcp fetch-chdb` to download it, or set clickhouse.chdbLibrary (or "
                    + ENV + ") to the path of libchdb.so");
        }
        return path.toAbsolutePath().normalize();
    }

    /**
     * Loads the library once per process, keeping the JVM's signal handlers (see {@link SignalGuard}).
     *
     * @throws IllegalStateException if another copy was loaded already: two chDB engines cannot share a process
     */
    static synchronized Api load(Path library) {
        Path path = library.toAbsolutePath().normalize();
        if (api != null) {
            if (!path.equals(loadedFrom)) {
                throw new IllegalStateException("chDB is already loaded from " + loadedFrom
                        + "; cannot load a second copy from " + path);
            }
            return api;
        }
        long start = System.nanoTime();
        api = SignalGuard.around("loading " + path,
                () -> Native.load(path.toString(), Api.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8")));
        loadedFrom = path;
        LOG.info("loaded chDB from {} in {} ms", path, (System.nanoTime() - start) / 1_000_000);
        return api;
    }

    /** The subset of chdb.h this module uses. {@code size_t} is {@code long}: 64-bit Linux only. */
    interface Api extends Library {

        /** Returns a pointer to the connection handle ({@code chdb_connection*}), or null. */
        Pointer chdb_connect(int argc, String[] argv);

        /** Takes the pointer {@link #chdb_connect} returned. */
        void chdb_close_conn(Pointer connectionPointer);

        /** Takes the connection handle itself (the dereferenced pointer); never returns null in practice. */
        Pointer chdb_query_n(Pointer connection, Pointer query, long queryLength, String format, long formatLength);

        Pointer chdb_result_buffer(Pointer result);

        long chdb_result_length(Pointer result);

        /** NUL-terminated error text, or null when the query succeeded. */
        Pointer chdb_result_error(Pointer result);

        double chdb_result_elapsed(Pointer result);

        void chdb_destroy_query_result(Pointer result);
    }
}

package org.haochaping.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the process's standard input (fd 0) at {@code /dev/null} before chDB opens. chDB reads fd 0 as
 * external data of an {@code INSERT} (chdb-io/chdb-core#239): with data waiting on a pipe, an insert either
 * fails or — with {@code async_insert = 0}, as we run — silently adds rows nobody wrote, and with a pipe held
 * open but empty it blocks forever. Nothing in an embedded runtime reads its standard input, so it is
 * detached for the whole process; a command that wants a key press reads the terminal ({@code /dev/tty}).
 */
final class StdinGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StdinGuard.class);
    private static final int O_RDONLY = 0;
    private static final int STDIN = 0;
    private static final LibC LIBC = Platform.isLinux() ? Native.load("c", LibC.class) : null;

    interface LibC extends Library {
        int open(String path, int flags);

        int dup2(int oldFd, int newFd);

        int close(int fd);
    }

    private StdinGuard() {}

    /** Makes fd 0 read {@code /dev/null}; idempotent. A failure is logged, not thrown: chDB still works on a terminal. */
    static synchronized void detach() {
        if (LIBC == null || isDevNull()) {
            return;
        }
        int devNull = LIBC.open("/dev/null", O_RDONLY);
        if (devNull < 0) {
            LOG.warn("cannot open /dev/null: standard input stays attached, and chDB may read it as insert data");
            return;
        }
        try {
            if (LIBC.dup2(devNull, STDIN) < 0) {
                LOG.warn("cannot point standard input at /dev/null: chDB may read it as insert data");
            }
        } finally {
            if (devNull != STDIN) {
                LIBC.close(devNull);
            }
        }
    }

    /** Whether fd 0 of this process is {@code /dev/null}. */
    static boolean isDevNull() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString().equals("/dev/null");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

package org.haochaping.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JVM's signal handlers while chDB starts. chDB installs its own handlers for SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGTSTP and SIGSYS when a connection opens. HotSpot takes SIGSEGV on
 * purpose (implicit null checks, stack banging, safepoint polls), so with chDB's handler in place the JVM
 * hangs for minutes and then dies with exit 139.
 *
 * <p>Two layers, both active:
 * <ol>
 *   <li>{@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} (set by surefire and the launcher): the JVM's signal
 *       chaining library intercepts {@code sigaction} so chDB's handlers become "chained" handlers behind the
 *       JVM's, which keeps the kernel-level handler the JVM's own.</li>
 *   <li>This guard: it snapshots every catchable signal's disposition before the call and restores whatever
 *       the call changed. Without libjsig that puts the JVM's handlers back; with libjsig it resets the
 *       chained handlers to the default, so a genuine crash inside chDB produces the JVM's hs_err report
 *       instead of chDB's handler sleeping for minutes.</li>
 * </ol>
 * Without libjsig there is a window (inside {@code chdb_connect}) in which another thread's implicit null
 * check would reach chDB's handler: open chDB before other threads start, or preload libjsig.
 */
final class SignalGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SignalGuard.class);

    /** {@code struct sigaction} is 152 bytes on x86_64 and aarch64 glibc; room to spare. */
    private static final int SIGACTION_BYTES = 256;
    /** Offset of {@code sa_flags}: after the 8-byte handler and the 128-byte {@code sa_mask}. */
    private static final int FLAGS_OFFSET = 136;
    /** glibc sets SA_RESTORER on every sigaction it performs; it does not change behaviour. */
    private static final int SA_RESTORER = 0x04000000;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;
    private static final int LAST_STANDARD_SIGNAL = 31;

    private static final LibC LIBC = Platform.isLinux() ? Native.load("c", LibC.class) : null;

    private SignalGuard() {}

    interface LibC extends Library {
        int sigaction(int signal, Memory action, Memory oldAction);
    }

    /** Runs {@code call} and restores every signal disposition it changed. */
    static <T> T around(String what, Supplier<T> call) {
        if (LIBC == null) {
            return call.get();
        }
        Map<Integer, Memory> before = snapshot();
        try {
            return call.get();
        } finally {
            List<Integer> restored = restoreChanged(before);
            if (!restored.isEmpty()) {
                LOG.debug("{}: restored the JVM's dispositions of signals {}", what, restored);
            }
        }
    }

    /** Whether the JVM's signal chaining library is loaded (via LD_PRELOAD). */
    static boolean libjsigLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("/libjsig.so");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The handler address of every catchable standard signal, as {@code sigaction} reports it. */
    static Map<Integer, Long> handlers() {
        Map<Integer, Long> handlers = new LinkedHashMap<>();
        if (LIBC != null) {
            snapshot().forEach((signal, action) -> handlers.put(signal, action.getLong(0)));
        }
        return handlers;
    }

    private static Map<Integer, Memory> snapshot() {
        Map<Integer, Memory> actions = new LinkedHashMap<>();
        for (int signal = 1; signal <= LAST_STANDARD_SIGNAL; signal++) {
            if (signal == SIGKILL || signal == SIGSTOP) {
                continue;
            }
            Memory action = new Memory(SIGACTION_BYTES);
            action.clear();
            if (LIBC.sigaction(signal, null, action) == 0) {
                actions.put(signal, action);
            }
        }
        return actions;
    }

    private static List<Integer> restoreChanged(Map<Integer, Memory> before) {
        List<Integer> restored = new ArrayList<>();
        Map<Integer, Memory> after = snapshot();
        before.forEach((signal, old) -> {
            Memory now = after.get(signal);
            if (now != null && differs(old, now)) {
                if (LIBC.sigaction(signal, old, null) == 0) {
                    restored.add(signal);
                } else {
                    LOG.warn("could not restore the handler of signal {}", signal);
                }
            }
        });
        return restored;
    }

    private static boolean differs(Memory a, Memory b) {
        return a.getLong(0) != b.getLong(0)
                || (a.getInt(FLAGS_OFFSET) & ~SA_RESTORER) != (b.getInt(FLAGS_OFFSET) & ~SA_RESTORER);
    }
}

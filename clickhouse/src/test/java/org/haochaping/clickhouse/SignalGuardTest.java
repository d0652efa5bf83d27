package org.haochaping.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

class SignalGuardTest {

    private static final int SIGTSTP = 20;
    private static final long SIG_IGN = 1;

    @Test
    void restoresADispositionTheCallChanged() {
        SignalGuard.LibC libc = Native.load("c", SignalGuard.LibC.class);
        long before = SignalGuard.handlers().get(SIGTSTP);
        assertThat(before).isNotEqualTo(SIG_IGN);

        long during = SignalGuard.around("test", () -> {
            Memory ignore = new Memory(256);
            ignore.clear();
            ignore.setLong(0, SIG_IGN);
            assertThat(libc.sigaction(SIGTSTP, ignore, null)).isZero();
            return SignalGuard.handlers().get(SIGTSTP);
        });

        assertThat(during).isEqualTo(SIG_IGN);
        assertThat(SignalGuard.handlers().get(SIGTSTP)).isEqualTo(before);
    }

    @Test
    void leavesUntouchedDispositionsAlone() {
        var before = SignalGuard.handlers();
        assertThat(SignalGuard.around("noop", () -> "done")).isEqualTo("done");
        assertThat(SignalGuard.handlers()).isEqualTo(before);
        assertThat(before).doesNotContainKeys(9, 19).hasSize(29);
    }
}

package org.haochaping.app.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a run is on stderr: a single line redrawn with {@code \r} on a terminal (at most ten
 * times a second), or a line every 10% in logs. Not thread-safe: the simulator calls it under its lock.
 */
final class ProgressReporter {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    enum Style { BAR, LINES, OFF }

    private final Style style;
    private final PrintStream out;
    private final long total;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDrawn = Long.MIN_VALUE;
    private int lastWidth;
    private int lastDecile;
    private boolean finished;

    ProgressReporter(DemoOptions.Progress mode, PrintStream out, long total, LongSupplier nanoTime) {
        this.style = resolve(mode);
        this.out = out;
        this.total = total;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    static Style resolve(DemoOptions.Progress mode) {
        return switch (mode) {
            case BAR -> Style.BAR;
            case LINES -> Style.LINES;
            case OFF -> Style.OFF;
            case AUTO -> looksLikeTerminal() ? Style.BAR : Style.LINES;
        };
    }

    /**
     * Java 17 cannot ask whether stderr is a terminal; an interactive console (stdin and stdout are
     * terminals), no CI variable and a capable TERM is the closest sign.
     */
    static boolean looksLikeTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("CI") == null && term != null && !term.equals("dumb");
    }

    Style style() {
        return style;
    }

    void update(long done) {
        if (style == Style.OFF || finished) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (style == Style.BAR) {
            if (done >= total || lastDrawn == Long.MIN_VALUE || now - lastDrawn >= REDRAW_NANOS) {
                lastDrawn = now;
                draw(bar(done, total, rate(done, now)));
            }
        } else {
            int decile = total == 0 ? 10 : (int) Math.min(10, done * 10 / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                out.println(line(done, total, rate(done, now)));
                out.flush();
            }
        }
    }

    /** Draws the final state (once) and ends the bar's line. */
    void finish(long done) {
        if (style == Style.OFF || finished) {
            return;
        }
        if (style == Style.BAR) {
            draw(bar(done, total, rate(done, nanoTime.getAsLong())));
            out.println();
            out.flush();
        } else {
            update(done);
        }
        finished = true;
    }

    /** Redraws the line in place, blanking what a longer previous line left behind. */
    private void draw(String text) {
        int width = TextTable.displayWidth(text);
        out.print("\r" + text + " ".repeat(Math.max(0, lastWidth - width)));
        out.flush();
        lastWidth = width;
    }

    private double rate(long done, long now) {
        double seconds = (now - started) / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** e.g. {@code 发送评价 [###############---------------]  50.0%  10000/20000  1234 条/秒} */
    static String bar(long done, long total, double perSecond) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.floor(fraction * BAR_WIDTH);
        return String.format(Locale.ROOT, "发送评价 [%s%s] %5.1f%%  %d/%d  %.0f 条/秒",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), fraction * 100, done, total, perSecond);
    }

    /** e.g. {@code 发送评价 10%：2000/20000，1234 条/秒} */
    static String line(long done, long total, double perSecond) {
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        return String.format(Locale.ROOT, "发送评价 %d%%：%d/%d，%.0f 条/秒", percent, done, total, perSecond);
    }
}

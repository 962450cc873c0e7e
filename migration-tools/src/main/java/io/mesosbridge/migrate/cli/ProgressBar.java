package io.mesosbridge.migrate.cli;

import java.io.PrintStream;

/** A one-line progress bar on standard error, redrawn in place; silent when switched off. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean forced;
    private boolean enabled;
    private final String unit;
    private int total;
    private int lastDrawnPercent = -1;

    /** {@code forced}: asked for with --progress, so shown even for small inputs. */
    ProgressBar(PrintStream err, boolean enabled, boolean forced, String unit) {
        this.err = err;
        this.enabled = enabled;
        this.forced = forced;
        this.unit = unit;
    }

    void start(int total) {
        this.total = total;
        if (!forced && total < Session.PROGRESS_THRESHOLD) {
            enabled = false;
        }
        advance(0);
    }

    void advance(int done) {
        if (!enabled || total <= 0) {
            return;
        }
        int percent = (int) ((long) done * 100 / total);
        if (percent == lastDrawnPercent) {
            return;
        }
        lastDrawnPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit);
        if (done == total) {
            err.println();
        }
        err.flush();
    }
}

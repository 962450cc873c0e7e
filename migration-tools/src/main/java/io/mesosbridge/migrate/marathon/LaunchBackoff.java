package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.util.List;

/**
 * Marathon delays the relaunch of failed tasks: {@code backoffSeconds} (pods: {@code backoff}), growing by
 * {@code backoffFactor} up to {@code maxLaunchDelaySeconds} ({@code maxLaunchDelay}). Kubernetes restarts a
 * container with its own fixed back-off (10 s, doubling, at most 5 minutes), which a manifest cannot set. Values
 * that differ from Marathon's defaults (1 s, factor 1.15, at most 300 s, or 3600 s in older releases) were chosen
 * by someone, so they are warned about; the defaults, present in every {@code /v2/apps} answer, are not.
 */
final class LaunchBackoff {

    private static final BigDecimal DEFAULT_BACKOFF = BigDecimal.ONE;
    private static final BigDecimal DEFAULT_FACTOR = new BigDecimal("1.15");
    private static final List<BigDecimal> DEFAULT_MAX_DELAYS = List.of(BigDecimal.valueOf(300), BigDecimal.valueOf(3600));

    private LaunchBackoff() {
    }

    static void warnIfTuned(Node holder, String backoffField, String factorField, String maxDelayField,
                            Warnings.SourceWarnings warnings) {
        warnIf(holder.get(backoffField), List.of(DEFAULT_BACKOFF), warnings);
        warnIf(holder.get(factorField), List.of(DEFAULT_FACTOR), warnings);
        warnIf(holder.get(maxDelayField), DEFAULT_MAX_DELAYS, warnings);
    }

    private static void warnIf(Node value, List<BigDecimal> defaults, Warnings.SourceWarnings warnings) {
        if (!value.present()) {
            return;
        }
        BigDecimal number = value.decimal(BigDecimal.ZERO);
        if (defaults.stream().noneMatch(d -> d.compareTo(number) == 0)) {
            warnings.warn(value, "Marathon's launch back-off " + number.toPlainString() + " is not carried over:"
                    + " Kubernetes restarts containers after 10 s, doubling up to 5 minutes, and cannot be tuned"
                    + " per workload");
        }
    }
}

package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Mesos scalars as Kubernetes quantities and back: {@code cpus} in cores, {@code mem} and {@code disk} in MiB (Mesos
 * calls them megabytes but counts 2^20 bytes). Fractions are rounded up, so a container never gets less than its
 * Mesos task had.
 */
public final class Quantities {

    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024L * 1024L);
    private static final BigDecimal MILLIS_PER_CORE = BigDecimal.valueOf(1000);
    private static final BigDecimal KIB_PER_MIB = BigDecimal.valueOf(1024);

    private Quantities() {
    }

    /** Whole cores as themselves ({@code "2"}), fractions in millicores rounded up ({@code 0.1} is {@code "100m"}). */
    public static Quantity cpus(double cores) {
        return cpus(decimal(cores, "cpus"));
    }

    public static Quantity cpus(BigDecimal cores) {
        return wholeOrFiner(cores, "cpus", "", MILLIS_PER_CORE, "m");
    }

    /** Whole MiB as {@code "512Mi"}, fractions in KiB rounded up ({@code 0.5} is {@code "512Ki"}). */
    public static Quantity mebibytes(double mib) {
        return mebibytes(decimal(mib, "mebibytes"));
    }

    public static Quantity mebibytes(BigDecimal mib) {
        return wholeOrFiner(mib, "mebibytes", "Mi", KIB_PER_MIB, "Ki");
    }

    /** A CPU (or GPU) quantity in cores, e.g. Node allocatable {@code "3500m"} is 3.5; no quantity is 0. */
    public static double cores(Quantity quantity) {
        return quantity == null ? 0 : quantity.getNumericalAmount().doubleValue();
    }

    /** A byte quantity in MiB (bytes / 2^20), e.g. {@code "1Gi"} is 1024; no quantity is 0. */
    public static double mebibytes(Quantity quantity) {
        return quantity == null ? 0 : quantity.getNumericalAmount().divide(MEBIBYTE).doubleValue();
    }

    private static BigDecimal decimal(double value, String what) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, not " + value);
        }
        return BigDecimal.valueOf(value);
    }

    /** {@code amount} in whole units, or else in the finer unit, rounded up. */
    private static Quantity wholeOrFiner(BigDecimal amount, String what, String unit, BigDecimal finerPerUnit,
            String finerUnit) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + amount.toPlainString());
        }
        BigDecimal whole = amount.stripTrailingZeros();
        if (whole.scale() <= 0) {
            return new Quantity(whole.toPlainString() + unit);
        }
        BigDecimal finer = amount.multiply(finerPerUnit).setScale(0, RoundingMode.CEILING);
        return new Quantity(finer.toPlainString() + finerUnit);
    }
}

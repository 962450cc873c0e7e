package io.mesosbridge.migrate.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Mesos scalar resources as Kubernetes quantities. */
public final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal KIB_PER_MIB = BigDecimal.valueOf(1024);

    private Quantities() {
    }

    /** Mesos cpus (cores, fractional) as a CPU quantity: 1 becomes "1", 0.1 becomes "100m". */
    public static Quantity cpu(BigDecimal cpus) {
        BigDecimal stripped = cpus.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return new Quantity(stripped.toPlainString());
        }
        BigDecimal millis = cpus.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        return new Quantity(millis.toPlainString() + "m");
    }

    /** Mesos megabytes (MiB, as Mesos counts them) as a binary quantity: 512 becomes "512Mi". */
    public static Quantity mebibytes(BigDecimal mib) {
        BigDecimal stripped = mib.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return new Quantity(stripped.toPlainString() + "Mi");
        }
        BigDecimal kib = mib.multiply(KIB_PER_MIB).setScale(0, RoundingMode.CEILING);
        return new Quantity(kib.toPlainString() + "Ki");
    }

    public static Quantity mebibytes(double mib) {
        return mebibytes(BigDecimal.valueOf(mib));
    }
}

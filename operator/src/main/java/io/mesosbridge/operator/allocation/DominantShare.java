package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;

import java.util.List;

/** Dominant resource fairness: a framework's share is its largest fraction of any cluster-wide scalar resource. */
public final class DominantShare {

    private static final List<String> FAIR_RESOURCES = List.of("cpus", "mem", "disk", "gpus");

    private DominantShare() {
    }

    public static double of(Resources allocated, Resources clusterTotal) {
        long[] totals = amounts();
        addTo(totals, clusterTotal);
        long[] held = amounts();
        addTo(held, allocated);
        return of(held, totals);
    }

    /** Zero amounts of the fair resources in Mesos fixed point, as {@link #addTo} and {@link #of(long[], long[])} use. */
    static long[] amounts() {
        return new long[FAIR_RESOURCES.size()];
    }

    /** Adds the resources' amounts of the fair resources to {@code amounts}. */
    static void addTo(long[] amounts, Resources resources) {
        for (Resource resource : resources) {
            int index = FAIR_RESOURCES.indexOf(resource.getName());
            if (index >= 0 && resource.getType() == Value.Type.SCALAR) {
                amounts[index] += Values.toFixed(resource.getScalar().getValue());
            }
        }
    }

    static double of(long[] allocated, long[] clusterTotals) {
        double share = 0;
        for (int i = 0; i < clusterTotals.length; i++) {
            if (clusterTotals[i] > 0) {
                share = Math.max(share, Values.fromFixed(allocated[i]) / Values.fromFixed(clusterTotals[i]));
            }
        }
        return share;
    }
}

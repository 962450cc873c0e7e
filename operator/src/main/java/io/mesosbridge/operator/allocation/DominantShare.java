package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;

import java.util.List;

/** Dominant resource fairness: a framework's share is its largest fraction of any cluster-wide scalar resource. */
public final class DominantShare {

    private static final List<String> FAIR_RESOURCES = List.of("cpus", "mem", "disk", "gpus");

    private DominantShare() {
    }

    public static double of(Resources allocated, Resources clusterTotal) {
        double share = 0;
        for (String name : FAIR_RESOURCES) {
            double total = clusterTotal.scalar(name);
            if (total > 0) {
                share = Math.max(share, allocated.scalar(name) / total);
            }
        }
        return share;
    }
}

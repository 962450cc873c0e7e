package io.mesosbridge.migrate.agent;

import io.mesosbridge.migrate.kube.KubeNames;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a Mesos agent attribute lives on a Kubernetes node: {@code hostname} is the well-known
 * {@code kubernetes.io/hostname}, {@code zone} and {@code region} the topology labels; any other attribute is a
 * label under a prefix (by default {@code mesos.mesosbridge.io/attribute.rack}), unless mapped explicitly (e.g.
 * {@code rack=topology.kubernetes.io/zone}). These are the labels the bridge's operator reads back as agent
 * attributes, and the agent-config and marathon subcommands share one instance so that labels and constraints agree.
 */
public final class AttributeLabels {

    public static final String DEFAULT_PREFIX = "mesos.mesosbridge.io/attribute.";
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    private static final Map<String, String> WELL_KNOWN = Map.of(
            "hostname", HOSTNAME_LABEL,
            "zone", "topology.kubernetes.io/zone",
            "region", "topology.kubernetes.io/region");

    private final String prefix;
    private final Map<String, String> explicit;

    public AttributeLabels(String prefix, Map<String, String> explicit) {
        this.prefix = prefix;
        this.explicit = new TreeMap<>(explicit);
    }

    public static AttributeLabels defaults() {
        return new AttributeLabels(DEFAULT_PREFIX, Map.of());
    }

    public String labelKey(String attribute) {
        String mapped = explicit.get(attribute);
        if (mapped != null) {
            return mapped;
        }
        String wellKnown = WELL_KNOWN.get(attribute);
        if (wellKnown != null) {
            return wellKnown;
        }
        return prefix + KubeNames.labelNamePart(attribute);
    }
}

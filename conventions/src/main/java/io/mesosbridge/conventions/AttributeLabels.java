package io.mesosbridge.conventions;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a Mesos agent attribute lives on a Kubernetes node: {@code hostname} is the well-known
 * {@code kubernetes.io/hostname}; any other attribute the label {@link AgentSettings#attributeLabelKey} gives it
 * (a topology label for {@code zone} and {@code region}, else a label under a prefix, by default
 * {@code mesos.mesosbridge.io/attribute.rack}), unless mapped explicitly
 * (e.g. {@code rack=topology.kubernetes.io/zone}).
 * These are the labels the bridge's operator reads back as agent attributes; the agent DaemonSet and mesos-migrate
 * (its agent-config and marathon subcommands) share them so that labels and constraints agree.
 */
public final class AttributeLabels {

    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private final String prefix;
    private final Map<String, String> explicit;

    public AttributeLabels(String prefix, Map<String, String> explicit) {
        this.prefix = prefix;
        this.explicit = new TreeMap<>(explicit);
    }

    public static AttributeLabels defaults() {
        return new AttributeLabels(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX, Map.of());
    }

    public String labelKey(String attribute) {
        String mapped = explicit.get(attribute);
        if (mapped != null) {
            return mapped;
        }
        if (attribute.equals("hostname")) {
            return HOSTNAME_LABEL;
        }
        return AgentSettings.attributeLabelKey(LabelNames.labelNamePart(attribute), prefix);
    }
}

package io.mesosbridge.migrate.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a Mesos agent's settings become on its Kubernetes node: attributes become labels; resources reserved for
 * one role become a taint (and a label) so that only that role's namespace schedules there; GPUs become a taint
 * as Mesos offers GPU agents only to GPU-aware frameworks; the port ranges become an annotation the bridge reads
 * to offer the same ports. cpus, mem and disk are measured by the kubelet itself, so they are only reported.
 */
public final class NodeProjection {

    public static final String ROLE_KEY = "mesos.mesosbridge.io/role";
    public static final String PORTS_ANNOTATION = "mesos.mesosbridge.io/ports";
    public static final String GPU_TAINT = "nvidia.com/gpu";

    private final String nodeName;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private NodeProjection(String nodeName) {
        this.nodeName = nodeName;
    }

    public static NodeProjection project(String nodeName, List<AgentSettings.Entry> resources,
                                         List<AgentSettings.Entry> attributes, AttributeLabels attributeLabels,
                                         String resourcesSource, String attributesSource, Warnings warnings) {
        NodeProjection node = new NodeProjection(nodeName);
        for (AgentSettings.Entry attribute : attributes) {
            String key = attributeLabels.labelKey(attribute.name());
            String value = attribute.value();
            if (attribute.kind() == AgentSettings.Kind.RANGES || attribute.kind() == AgentSettings.Kind.SET) {
                warnings.add(attributesSource, attribute.place(), "attribute " + attribute.name() + " has a "
                        + attribute.kind().name().toLowerCase() + " value " + value
                        + ", which a label value cannot hold; not carried over");
                continue;
            }
            if (!KubeNames.isLabelValue(value) || !KubeNames.isQualifiedKey(key)) {
                warnings.add(attributesSource, attribute.place(), "attribute " + attribute.name() + ":" + value
                        + " is not a valid label " + key + "=" + value + "; not carried over");
                continue;
            }
            if (key.equals(AttributeLabels.HOSTNAME_LABEL)) {
                warnings.add(attributesSource, attribute.place(), "hostname is set by the kubelet; not carried over");
                continue;
            }
            node.labels.put(key, value);
        }
        Set<String> roles = new TreeSet<>();
        boolean anyUnreserved = false;
        for (AgentSettings.Entry resource : resources) {
            if (resource.role().equals("*")) {
                anyUnreserved = true;
            } else {
                roles.add(resource.role());
            }
            switch (resource.name()) {
                case "cpus", "mem", "disk" -> node.notes.add(resource.name() + ":" + resource.value()
                        + (resource.role().equals("*") ? "" : " (role " + resource.role() + ")")
                        + " is measured by the kubelet; use its --system-reserved/--kube-reserved to hold capacity back");
                case "ports" -> node.annotations.merge(PORTS_ANNOTATION, resource.value(),
                        (a, b) -> a.substring(0, a.length() - 1) + "," + b.substring(1));
                case "gpus" -> {
                    node.taints.add(new TaintBuilder().withKey(GPU_TAINT).withValue("present")
                            .withEffect("NoSchedule").build());
                    node.notes.add("gpus:" + resource.value() + " come from the GPU device plugin, which advertises "
                            + GPU_TAINT + "; the taint keeps other pods off as Mesos kept GPU agents for GPU-aware frameworks");
                }
                default -> warnings.add(resourcesSource, resource.place(), "custom resource " + resource.name()
                        + " needs a device plugin or an extended resource patched into node status; not carried over");
            }
        }
        if (roles.size() == 1 && !anyUnreserved) {
            String role = roles.iterator().next();
            String value = KubeNames.dnsLabel(role.replace('/', '-'), role, "role");
            node.labels.put(ROLE_KEY, value);
            node.taints.add(new TaintBuilder().withKey(ROLE_KEY).withValue(value).withEffect("NoSchedule").build());
            node.notes.add("every resource is reserved for role " + role + ": pods of namespace " + value
                    + " need a toleration for " + ROLE_KEY + "=" + value + ":NoSchedule");
        } else if (!roles.isEmpty()) {
            warnings.add(resourcesSource, "resources", "part of the agent is reserved for " + roles
                    + "; Kubernetes cannot reserve part of a node for a namespace (use ResourceQuota per namespace);"
                    + " not carried over");
        }
        return node;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public List<String> notes() {
        return notes;
    }

    /** A Node object holding only what to merge in: {@code kubectl patch node NAME --patch-file FILE}. */
    public Node patch() {
        return new NodeBuilder().withNewMetadata().withName(nodeName)
                .withLabels(labels.isEmpty() ? null : labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
                .withNewSpec().withTaints(taints.isEmpty() ? null : taints).endSpec()
                .build();
    }

    /** The same as kubectl commands, with the notes as comments. */
    public String kubectlScript() {
        StringBuilder script = new StringBuilder("#!/bin/sh\n# Mesos agent settings for node " + nodeName + "\nset -e\n");
        for (String note : notes) {
            script.append("# ").append(note).append('\n');
        }
        if (!labels.isEmpty()) {
            script.append("kubectl label node ").append(quote(nodeName)).append(" --overwrite");
            labels.forEach((k, v) -> script.append(' ').append(quote(k + "=" + v)));
            script.append('\n');
        }
        if (!annotations.isEmpty()) {
            script.append("kubectl annotate node ").append(quote(nodeName)).append(" --overwrite");
            annotations.forEach((k, v) -> script.append(' ').append(quote(k + "=" + v)));
            script.append('\n');
        }
        for (Taint taint : taints) {
            script.append("kubectl taint node ").append(quote(nodeName)).append(" --overwrite ")
                    .append(quote(taint.getKey() + "=" + taint.getValue() + ":" + taint.getEffect())).append('\n');
        }
        return script.toString();
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./=:-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}

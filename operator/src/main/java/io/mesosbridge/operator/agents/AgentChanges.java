package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.KubernetesKeys;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pure functions that tell which changes of Nodes and Pods can change what an agent offers: heartbeats, Lease
 * renewals and Pod status changes that free or take nothing cannot, and cost no allocation pass.
 */
public final class AgentChanges {

    private static final String BRIDGE_ANNOTATION_PREFIX = KubernetesKeys.GROUP + "/";

    private AgentChanges() {
    }

    /**
     * Whether the agent of the node can offer something else: a node added or gone, its allocatable, labels
     * (attributes), taints, cordon, readiness, addresses or the bridge's annotations (ports, reservations, drains)
     * changed.
     */
    public static boolean offersMayChange(Node before, Node after) {
        if (before == null || after == null) {
            return true;
        }
        return !Objects.equals(allocatable(before), allocatable(after))
                || !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                || !Objects.equals(bridgeAnnotations(before), bridgeAnnotations(after))
                || !Objects.equals(spec(before).getTaints(), spec(after).getTaints())
                || !Objects.equals(spec(before).getUnschedulable(), spec(after).getUnschedulable())
                || AgentResources.isReady(before) != AgentResources.isReady(after)
                || !Objects.equals(addresses(before), addresses(after));
    }

    /**
     * Whether the change frees or takes capacity on a node: a Pod bound to a node or gone from it, ending, or its
     * requests or host ports changed. A Pod that is only scheduled, started or reported on changes nothing.
     */
    public static boolean capacityMayChange(Pod before, Pod after) {
        if (before == null || after == null) {
            Pod pod = before == null ? after : before;
            return nodeOf(pod) != null && !AgentResources.isTerminal(pod);
        }
        return !Objects.equals(nodeOf(before), nodeOf(after))
                || AgentResources.isTerminal(before) != AgentResources.isTerminal(after)
                || !AgentResources.requested(List.of(before)).equals(AgentResources.requested(List.of(after)));
    }

    /** The node on which the change ended a running Pod (it turned terminal, or went while it was not); else null. */
    public static String nodeWherePodEnded(Pod before, Pod after) {
        if (before == null || nodeOf(before) == null || AgentResources.isTerminal(before)) {
            return null;
        }
        return after == null || AgentResources.isTerminal(after) ? nodeOf(before) : null;
    }

    private static String nodeOf(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }

    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private static Object addresses(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAddresses();
    }

    private static NodeSpec spec(Node node) {
        return node.getSpec() == null ? new NodeSpec() : node.getSpec();
    }

    private static Map<String, String> bridgeAnnotations(Node node) {
        Map<String, String> bridge = new TreeMap<>();
        if (node.getMetadata().getAnnotations() != null) {
            node.getMetadata().getAnnotations().forEach((key, value) -> {
                if (key.startsWith(BRIDGE_ANNOTATION_PREFIX)) {
                    bridge.put(key, value);
                }
            });
        }
        return bridge;
    }
}

package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.mesosbridge.migrate.input.Node;

import java.math.BigDecimal;

/**
 * Monitoring and log agents ran on Marathon as an app with constraint {@code hostname UNIQUE} and as many instances
 * as the cluster had agents. With {@code --per-node-agents N} (N being that agent count), such an app becomes a
 * DaemonSet, which keeps one pod on every node also when nodes are added, instead of a Deployment of N replicas.
 */
final class PerNodeAgents {

    private PerNodeAgents() {
    }

    /** Whether the app is one instance per agent of a cluster of {@code nodeCount} agents. */
    static boolean isPerNode(Node app, Integer nodeCount) {
        if (nodeCount == null || app.get("instances").integer(1) != nodeCount) {
            return false;
        }
        return Placement.read(app.get("constraints")).stream()
                .anyMatch(c -> c.field().equalsIgnoreCase("hostname") && c.operator().equalsIgnoreCase("UNIQUE"));
    }

    /** minimumHealthCapacity as the DaemonSet's maxUnavailable; at least one node is updated at a time. */
    static HasMetadata daemonSet(ObjectMeta meta, PodTemplateSpec template, String name, BigDecimal minimumHealthCapacity) {
        IntOrString unavailable = WorkloadParts.maxUnavailable(minimumHealthCapacity);
        return new DaemonSetBuilder().withMetadata(meta).withNewSpec()
                .withNewSelector().withMatchLabels(WorkloadParts.selector(name)).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable("0%".equals(unavailable.getStrVal()) ? new IntOrString(1) : unavailable)
                .endRollingUpdate().endUpdateStrategy()
                .withTemplate(template)
                .endSpec().build();
    }
}

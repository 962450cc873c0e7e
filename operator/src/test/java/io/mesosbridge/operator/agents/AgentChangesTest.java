package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.conventions.KubernetesKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Node and Pod changes can change an offer, and so are worth an allocation pass. */
class AgentChangesTest {

    @Test
    void aHeartbeatOrALeaseOfANodeChangesNoOfferButItsCapacityCordonReadinessAndSettingsDo() {
        Node node = node("True", "8");
        Node heartbeat = new NodeBuilder(node).editStatus().editFirstCondition()
                .withLastHeartbeatTime("2026-12-02T06:00:10Z").endCondition().endStatus()
                .editMetadata().withResourceVersion("2").addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .endMetadata().build();

        assertThat(AgentChanges.offersMayChange(node, heartbeat)).isFalse();
        assertThat(AgentChanges.offersMayChange(node, node("False", "8"))).isTrue();
        assertThat(AgentChanges.offersMayChange(node, node("True", "16"))).isTrue();
        assertThat(AgentChanges.offersMayChange(node, new NodeBuilder(node).editSpec().withUnschedulable(true)
                .endSpec().build())).isTrue();
        assertThat(AgentChanges.offersMayChange(node, new NodeBuilder(node).editMetadata()
                .addToLabels("rack", "r2").endMetadata().build())).isTrue();
        assertThat(AgentChanges.offersMayChange(node, new NodeBuilder(node).editMetadata()
                .addToAnnotations(KubernetesKeys.PORTS_ANNOTATION, "[8000-9000]").endMetadata().build())).isTrue();
        assertThat(AgentChanges.offersMayChange(null, node)).isTrue();
        assertThat(AgentChanges.offersMayChange(node, null)).isTrue();
    }

    @Test
    void aPodFreesOrTakesCapacityWhenBoundEndingGoneOrResizedButNotWhenItOnlyStarts() {
        Pod pending = pod(null, "Pending", "1");
        Pod bound = pod("n1", "Pending", "1");
        Pod running = pod("n1", "Running", "1");
        Pod succeeded = pod("n1", "Succeeded", "1");

        assertThat(AgentChanges.capacityMayChange(null, pending)).isFalse();
        assertThat(AgentChanges.capacityMayChange(pending, bound)).isTrue();
        assertThat(AgentChanges.capacityMayChange(bound, running)).isFalse();
        assertThat(AgentChanges.capacityMayChange(running, succeeded)).isTrue();
        assertThat(AgentChanges.capacityMayChange(running, pod("n1", "Running", "2"))).isTrue();
        assertThat(AgentChanges.capacityMayChange(running, null)).isTrue();
        assertThat(AgentChanges.capacityMayChange(succeeded, null)).isFalse();
    }

    @Test
    void aPodEndsOnItsNodeWhenItTurnsTerminalOrGoesWhileItRan() {
        Pod running = pod("n1", "Running", "1");

        assertThat(AgentChanges.nodeWherePodEnded(running, pod("n1", "Failed", "1"))).isEqualTo("n1");
        assertThat(AgentChanges.nodeWherePodEnded(running, null)).isEqualTo("n1");
        assertThat(AgentChanges.nodeWherePodEnded(pod("n1", "Pending", "1"), running)).isNull();
        assertThat(AgentChanges.nodeWherePodEnded(pod("n1", "Succeeded", "1"), null)).isNull();
        assertThat(AgentChanges.nodeWherePodEnded(pod(null, "Pending", "1"), null)).isNull();
    }

    private static Node node(String ready, String cpus) {
        return new NodeBuilder().withNewMetadata().withName("n1").withUid("u1").withResourceVersion("1")
                .endMetadata().withNewSpec().endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpus)).addToAllocatable("memory",
                        new Quantity("32Gi"))
                .addNewCondition().withType("Ready").withStatus(ready)
                .withLastHeartbeatTime("2026-12-02T06:00:00Z").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
                .endStatus().build();
    }

    private static Pod pod(String nodeName, String phase, String cpus) {
        return new PodBuilder().withNewMetadata().withName("p1").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("task").withNewResources()
                .addToRequests("cpu", new Quantity(cpus)).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }
}

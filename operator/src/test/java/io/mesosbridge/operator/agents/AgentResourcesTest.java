package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentResourcesTest {

    private static final Value.Ranges PORTS = Value.Ranges.newBuilder().addRange(Values.range(31000, 32000)).build();

    @Test
    void nodeAllocatableBecomesCpusMemDiskGpusInMesosUnitsAndTheConfiguredPorts() {
        Resources total = AgentResources.total(node("n1", "4", "8Gi", "100Gi", Map.of()), PORTS);

        assertThat(total.scalar("cpus")).isEqualTo(4.0);
        assertThat(total.scalar("mem")).isEqualTo(8192.0);
        assertThat(total.scalar("disk")).isEqualTo(102400.0);
        assertThat(total.scalar("gpus")).isZero();
        assertThat(Values.formatRanges(total.ranges("ports"))).isEqualTo("[31000-32000]");
    }

    @Test
    void aNodeAnnotationOverridesThePortRange() {
        Node node = node("n1", "1", "1Gi", "1Gi", Map.of());
        node.getMetadata().setAnnotations(Map.of(KubernetesKeys.PORTS_ANNOTATION, "[8000-9000]"));

        assertThat(Values.formatRanges(AgentResources.total(node, PORTS).ranges("ports"))).isEqualTo("[8000-9000]");
    }

    @Test
    void freeIsAllocatableMinusEveryLivePodsRequestsAndHostPorts() {
        Resources total = AgentResources.total(node("n1", "4", "8Gi", "100Gi", Map.of()), PORTS);
        Pod running = pod("Running", "1500m", "1Gi", 31005);
        Pod finished = pod("Succeeded", "2", "2Gi", 31006);

        Resources free = AgentResources.free(total, AgentResources.requested(List.of(running, finished)),
                Resources.of(Resources.scalar("cpus", 0.5)));

        assertThat(free.scalar("cpus")).isEqualTo(2.0);
        assertThat(free.scalar("mem")).isEqualTo(7168.0);
        assertThat(Values.formatRanges(free.ranges("ports"))).isEqualTo("[31000-31004, 31006-32000]");
    }

    @Test
    void freeNeverGoesBelowZeroWhenPodsOvercommitTheNode() {
        Resources total = AgentResources.total(node("n1", "1", "1Gi", "1Gi", Map.of()), PORTS);
        Resources free = AgentResources.free(total, AgentResources.requested(List.of(pod("Running", "3", "4Gi", 0))),
                Resources.empty());

        assertThat(free.scalar("cpus")).isZero();
        assertThat(free.scalar("mem")).isZero();
    }

    @Test
    void labelsUnderThePrefixAndTopologyLabelsBecomeAttributes() {
        Node node = node("n1", "1", "1Gi", "1Gi", Map.of("mesos.mesosbridge.io/attribute.rack", "rack1",
                "mesos.mesosbridge.io/attribute.level", "10", "topology.kubernetes.io/zone", "z1", "other", "x"));

        List<Attribute> attributes = AgentResources.attributes(node, "mesos.mesosbridge.io/attribute.");

        assertThat(attributes).extracting(Attribute::getName).containsExactly("level", "rack", "zone");
        assertThat(attributes.get(0).getScalar().getValue()).isEqualTo(10.0);
        assertThat(attributes.get(1).getText().getValue()).isEqualTo("rack1");
    }

    @Test
    void aCordonedOrNotReadyNodeIsNotAnActiveAgent() {
        Node ready = node("n1", "1", "1Gi", "1Gi", Map.of());
        assertThat(AgentResources.isActive(ready)).isTrue();
        ready.getSpec().setUnschedulable(true);
        assertThat(AgentResources.isActive(ready)).isFalse();
        Node notReady = node("n2", "1", "1Gi", "1Gi", Map.of());
        notReady.getStatus().getConditions().get(0).setStatus("False");
        assertThat(AgentResources.isActive(notReady)).isFalse();
    }

    private static Node node(String name, String cpu, String memory, String storage, Map<String, String> labels) {
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "ephemeral-storage", new Quantity(storage));
        return new NodeBuilder()
                .withNewMetadata().withName(name).withUid(name + "-uid").withLabels(labels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable)
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build();
    }

    private static Pod pod(String phase, String cpu, String memory, int hostPort) {
        return new PodBuilder()
                .withNewMetadata().withName("p-" + phase).endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("c")
                        .withNewResources().addToRequests("cpu", new Quantity(cpu))
                            .addToRequests("memory", new Quantity(memory)).endResources()
                        .addNewPort().withContainerPort(80).withHostPort(hostPort == 0 ? null : hostPort).endPort()
                    .endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase).endStatus()
                .build();
    }
}

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
import io.mesosbridge.mesos.v1.Protos.Resource;
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
                Resources.of(Resources.scalar("cpus", 0.5)), Resources.empty());

        assertThat(free.scalar("cpus")).isEqualTo(2.0);
        assertThat(free.scalar("mem")).isEqualTo(7168.0);
        assertThat(Values.formatRanges(free.ranges("ports"))).isEqualTo("[31000-31004, 31006-32000]");
    }

    @Test
    void freeNeverGoesBelowZeroWhenPodsOvercommitTheNode() {
        Resources total = AgentResources.total(node("n1", "1", "1Gi", "1Gi", Map.of()), PORTS);
        Resources free = AgentResources.free(total, AgentResources.requested(List.of(pod("Running", "3", "4Gi", 0))),
                Resources.empty(), Resources.empty());

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

    private static Resource reserved(Resource resource, Resource.ReservationInfo.Type type, String role) {
        return resource.toBuilder().addReservations(Resource.ReservationInfo.newBuilder().setType(type)
                .setRole(role)).build();
    }

    @Test
    void staticAndDynamicReservationsAreCarvedOutOfTheAllocatable() {
        Resources allocatable = AgentResources.total(node("n1", "4", "8Gi", "100Gi", Map.of()), PORTS);
        Resource staticCpus = reserved(Resources.scalar("cpus", 1), Resource.ReservationInfo.Type.STATIC, "web");
        Resource staticPorts = reserved(Resources.ranges("ports", 31000, 31009), Resource.ReservationInfo.Type.STATIC,
                "web");
        Resource dynamicMem = reserved(Resources.scalar("mem", 1024), Resource.ReservationInfo.Type.DYNAMIC, "ads");
        Resource onStatic = reserved(Resources.scalar("cpus", 0.5), Resource.ReservationInfo.Type.STATIC, "web")
                .toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
                        .setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("web/batch")).build();

        Resources total = AgentResources.withReservations("n1", allocatable, Resources.of(staticCpus, staticPorts),
                Resources.of(dynamicMem, onStatic));

        assertThat(total.unreserved().scalar("cpus")).isEqualTo(3.0);
        assertThat(total.reservedTo("web").scalar("cpus")).isEqualTo(0.5);
        assertThat(total.reservedTo("web/batch").scalar("cpus")).as("refined on the static reservation")
                .isEqualTo(0.5);
        assertThat(total.unreserved().scalar("mem")).isEqualTo(7168.0);
        assertThat(total.reservedTo("ads").scalar("mem")).isEqualTo(1024.0);
        assertThat(Values.formatRanges(total.unreserved().ranges("ports"))).isEqualTo("[31010-32000]");
        assertThat(total.scalar("cpus")).as("nothing made twice").isEqualTo(4.0);
    }

    @Test
    void aReservationTheNodeHasNoRoomForIsLeftOut() {
        Resources allocatable = Resources.of(Resources.scalar("cpus", 1));
        Resource tooMuch = reserved(Resources.scalar("cpus", 2), Resource.ReservationInfo.Type.DYNAMIC, "ads");

        assertThat(AgentResources.withReservations("n1", allocatable, Resources.empty(), Resources.of(tooMuch)))
                .isEqualTo(allocatable);
    }

    @Test
    void freeReservedIsWhatTheRolesLiveTasksDoNotHoldOfItAndUnreservedFreeIsTheRest() {
        Resource ads = reserved(Resources.scalar("cpus", 2), Resource.ReservationInfo.Type.DYNAMIC, "ads");
        Resources total = Resources.of(Resources.scalar("cpus", 4), Resources.scalar("mem", 4096), ads);
        // the ads task's Pod requests its reserved 1.5 cpus like any Pod; a web Pod requests 1 cpu
        Resources pods = AgentResources.requested(List.of(pod("Running", "1500m", "0", 0),
                pod("Pending", "1", "1Gi", 0)));
        Resource adsHeld = reserved(Resources.scalar("cpus", 1.5), Resource.ReservationInfo.Type.DYNAMIC, "ads");
        Resource adsLaunching = reserved(Resources.scalar("cpus", 0.25), Resource.ReservationInfo.Type.DYNAMIC, "ads");

        Resources free = AgentResources.free(total, pods,
                Resources.of(adsLaunching, Resources.scalar("cpus", 0.5)), Resources.of(adsHeld));

        assertThat(free.reservedTo("ads").scalar("cpus")).isEqualTo(0.25);
        assertThat(free.unreserved().scalar("cpus")).isEqualTo(2.5);
        assertThat(free.unreserved().scalar("mem")).isEqualTo(3072.0);
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

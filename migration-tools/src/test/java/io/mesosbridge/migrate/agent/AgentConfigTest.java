package io.mesosbridge.migrate.agent;

import io.mesosbridge.conventions.AgentNode;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.ReservedResources;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentConfigTest {

    private final Warnings warnings = new Warnings();

    private NodeProjection project(String resources, String attributes, AttributeLabels labels) {
        return NodeProjection.project("mesos-slave-1",
                AgentInput.resources(new Source("resources", resources)),
                AgentInput.attributes(new Source("attributes", attributes)),
                labels, "resources", "attributes", warnings);
    }

    @Test
    void seedAgentSettingsBecomeLabelsAndThePortAnnotation() {
        NodeProjection node = project("cpus:4;mem:8192;disk:100000;ports:[8000-9000]", "rack:rack1;datacenter:dc1",
                AttributeLabels.defaults());
        assertThat(node.labels()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "mesos.mesosbridge.io/attribute.datacenter", "dc1", "mesos.mesosbridge.io/attribute.rack", "rack1")));
        assertThat(node.annotations()).containsExactly(Map.entry(KubernetesKeys.PORTS_ANNOTATION, "[8000-9000]"));
        assertThat(node.taints()).isEmpty();
        assertThat(node.notes()).hasSize(3).allSatisfy(n -> assertThat(n).contains("kubelet"));
        assertThat(warnings.all()).isEmpty();
        assertThat(node.kubectlScript()).contains("kubectl label node mesos-slave-1 --overwrite"
                + " mesos.mesosbridge.io/attribute.datacenter=dc1 mesos.mesosbridge.io/attribute.rack=rack1\n")
                .contains("kubectl annotate node mesos-slave-1 --overwrite 'mesos.mesosbridge.io/ports=[8000-9000]'");
    }

    @Test
    void zoneAndRegionAreTheTopologyLabelsTheOperatorReadsBack() {
        NodeProjection node = project("cpus:1", "zone:us-east-1a;region:us-east-1", AttributeLabels.defaults());
        assertThat(node.labels()).containsEntry("topology.kubernetes.io/zone", "us-east-1a")
                .containsEntry("topology.kubernetes.io/region", "us-east-1").hasSize(2);
    }

    @Test
    void explicitAttributeMappingsUseWellKnownLabels() {
        NodeProjection node = project("cpus:1", "rack:r1;datacenter:dc1", new AttributeLabels(
                KubernetesKeys.ATTRIBUTE_LABEL_PREFIX, Map.of("rack", "topology.kubernetes.io/zone",
                "datacenter", "topology.kubernetes.io/region")));
        assertThat(node.labels()).containsEntry("topology.kubernetes.io/zone", "r1")
                .containsEntry("topology.kubernetes.io/region", "dc1");
    }

    @Test
    void resourcesReservedForOneRoleTaintTheNode() {
        NodeProjection node = project("cpus(analytics):4;mem(analytics):8192;ports(analytics):[31000-32000]", "", AttributeLabels.defaults());
        assertThat(node.labels()).containsEntry(KubernetesKeys.ROLE_LABEL, "analytics");
        assertThat(node.taints()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo(KubernetesKeys.ROLE_LABEL);
            assertThat(t.getValue()).isEqualTo("analytics");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(node.kubectlScript()).contains("kubectl taint node mesos-slave-1 --overwrite mesos.mesosbridge.io/role=analytics:NoSchedule");
    }

    @Test
    void thePatchAppendsTaintsToTheNodesOwnAndNeverReplacesTheList() {
        NodeProjection node = project("cpus(analytics):4;mem(analytics):8192;ports(analytics):[31000-32000]",
                "rack:r1", AttributeLabels.defaults());
        assertThat(node.jsonPatch()).extracting(op -> op.get("op") + " " + op.get("path")).containsExactly(
                "add /metadata/labels/mesos.mesosbridge.io~1attribute.rack",
                "add /metadata/labels/mesos.mesosbridge.io~1role",
                "add /metadata/annotations/mesos.mesosbridge.io~1ports",
                "add /metadata/annotations/mesos.mesosbridge.io~1static-reservations",
                "add /spec/taints/-");
        assertThat(node.jsonPatch().get(4).get("value")).isEqualTo(node.taints().get(0));
        // For a node without taints: the list is added only while the node still has none.
        assertThat(node.jsonPatchForUntaintedNode()).extracting(op -> op.get("op") + " " + op.get("path"))
                .endsWith("test /spec/taints", "add /spec/taints");
        assertThat(node.jsonPatchForUntaintedNode().get(4).get("value")).isNull();
        assertThat(node.jsonPatchForUntaintedNode().get(5).get("value")).isEqualTo(node.taints());
        assertThat(NodeProjection.pointerToken("a~b/c")).isEqualTo("a~0b~1c");
    }

    @Test
    void partialReservationsSetsAndCustomResourcesAreReported() {
        NodeProjection node = project("cpus(a):2;cpus:2;bandwidth:100", "os:{linux,bsd};level:[1-3];zone:a/b",
                AttributeLabels.defaults());
        assertThat(node.taints()).isEmpty();
        assertThat(node.labels()).isEmpty();
        assertThat(warnings.all()).extracting(w -> w.source() + "|" + w.place()).containsExactly(
                "attributes|entry 1 (os:{linux,bsd})", "attributes|entry 2 (level:[1-3])", "attributes|entry 3 (zone:a/b)",
                "resources|entry 3 (bandwidth:100)");
        // the reserved part is left to the bridge, which offers it only to its role
        assertThat(ReservedResources.parse(node.annotations().get(KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION))
                .reservedTo("a").scalar("cpus")).isEqualTo(2.0);
    }

    @Test
    void attributeValuesLoseTheirSpacesAsOnAMesosAgent() {
        NodeProjection node = project("cpus:1", "zone:us east 1", AttributeLabels.defaults());
        assertThat(node.labels()).containsExactly(Map.entry("topology.kubernetes.io/zone", "useast1"));
    }

    @Test
    void portRangesOfSeveralEntriesAndRolesBecomeOneAnnotation() {
        NodeProjection node = project("ports:[31000-31999];ports(web):[32000-32767];ports:[8000-9000]", "",
                AttributeLabels.defaults());
        assertThat(node.annotations())
                .containsEntry(KubernetesKeys.PORTS_ANNOTATION, "[8000-9000, 31000-32767]")
                .containsEntry(KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION, "[{\"name\":\"ports\",\"type\":"
                        + "\"RANGES\",\"ranges\":{\"range\":[{\"begin\":32000,\"end\":32767}]},"
                        + "\"reservations\":[{\"type\":\"STATIC\",\"role\":\"web\"}]}]");
    }

    @Test
    void portsThatAreNotRangesAreReported() {
        NodeProjection node = project("cpus:1;ports:8000", "", AttributeLabels.defaults());
        assertThat(node.annotations()).isEmpty();
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("entry 2 (ports:8000)");
            assertThat(w.message()).isEqualTo("ports:8000 is not a port range; not carried over");
        });
    }

    @Test
    void jsonResourcesAreReadToo() {
        List<AgentNode.Located<Resource>> resources = AgentInput.resources(new Source("r.json", """
                [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 4.0}},
                 {"name": "ports", "type": "RANGES", "ranges": {"range": [{"begin": 31000, "end": 32000}]}},
                 {"name": "mem", "type": "SCALAR", "scalar": {"value": 1024}, "reservations": [{"role": "web"}]}]"""));
        assertThat(resources).extracting(r -> r.value().getName() + "(" + Resources.reservationRole(r.value()) + ")")
                .containsExactly("cpus(null)", "ports(null)", "mem(web)");
        assertThat(resources.get(0).value().getScalar().getValue()).isEqualTo(4);
        assertThat(Values.formatRanges(resources.get(1).value().getRanges())).isEqualTo("[31000-32000]");
        assertThat(resources).extracting(AgentNode.Located::place).containsExactly("$[0]", "$[1]", "$[2]");
    }

    @Test
    void malformedEntriesNameTheEntry() {
        assertThatThrownBy(() -> AgentInput.resources(new Source("--resources", "cpus:4;mem")))
                .isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).describe())
                        .isEqualTo("--resources: entry 2 (mem): bad resource 'mem': missing or extra ':'"));
        assertThatThrownBy(() -> AgentInput.resources(new Source("--resources", "cpus:lots")))
                .hasMessageContaining("not a resource (use a number, [ranges] or {set})");
        assertThatThrownBy(() -> AgentInput.attributes(new Source("attributes", "rack:r1\nlevel:[3-1]")))
                .isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).place()).isEqualTo("entry 2 (level:[3-1])"));
    }
}

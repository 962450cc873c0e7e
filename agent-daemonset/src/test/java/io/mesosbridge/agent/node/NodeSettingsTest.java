package io.mesosbridge.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.mesosbridge.agent.AgentFlags;
import io.mesosbridge.conventions.AgentNode;
import io.mesosbridge.conventions.KubernetesKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSettingsTest {

    @TempDir
    Path legacy;

    private final List<String> log = new ArrayList<>();

    private Optional<AgentNode> project(String... args) {
        return NodeSettings.project(AgentFlags.load(args, Map.of("NODE_NAME", "node-1")), legacy, log::add);
    }

    @Test
    void flagsBecomeTheLabelsAndPortsAnnotationMesosMigrateWrites() {
        AgentNode node = project("--attributes=rack:r1;zone:z1;level:10", "--resources=cpus:4;ports:[31000-31005]")
                .orElseThrow();

        assertThat(node.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack", "r1",
                KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "level", "10",
                "topology.kubernetes.io/zone", "z1"));
        assertThat(node.annotations()).containsExactlyEntriesOf(Map.of(KubernetesKeys.PORTS_ANNOTATION, "[31000-31005]"));
        assertThat(node.taints()).isEmpty();
        assertThat(log).containsExactly("cpus:4 is measured by the kubelet; use its --system-reserved/--kube-reserved"
                + " to hold capacity back");
    }

    @Test
    void withoutFlagsOrLegacyFilesNothingIsProjected() {
        assertThat(project()).isEmpty();
    }

    @Test
    void legacyFilesAreReadAndAFlagWinsOverItsFile() throws Exception {
        Files.writeString(legacy.resolve("attributes"), "rack:legacy;os:linux\n");
        Files.writeString(legacy.resolve("resources"), "ports:[8000-8010]\n");

        assertThat(project().orElseThrow().labels())
                .containsEntry(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack", "legacy")
                .containsEntry(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "os", "linux");
        AgentNode node = project("--attributes=rack:r1").orElseThrow();
        assertThat(node.labels()).containsOnlyKeys(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack")
                .containsEntry(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack", "r1");
        assertThat(node.annotations()).containsEntry(KubernetesKeys.PORTS_ANNOTATION, "[8000-8010]");
    }

    @Test
    void aFolderOfEntriesIsReadAsTheInitWrapperJoinsIt() throws Exception {
        Path attributes = Files.createDirectory(legacy.resolve("attributes"));
        Files.writeString(attributes.resolve("rack"), "r7\n");
        Files.writeString(attributes.resolve("empty"), "");

        assertThat(project().orElseThrow().labels())
                .containsExactlyEntriesOf(Map.of(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack", "r7"));
    }

    @Test
    void aFileUrlValueIsTheFilesContent() throws Exception {
        Path resources = Files.writeString(legacy.resolve("agent-resources.json"),
                "[{\"name\": \"ports\", \"type\": \"RANGES\", \"ranges\": {\"range\": [{\"begin\": 9000, \"end\": 9001}]}}]");

        assertThat(project("--resources=file://" + resources).orElseThrow().annotations())
                .containsEntry(KubernetesKeys.PORTS_ANNOTATION, "[9000-9001]");
        assertThatThrownBy(() -> project("--resources=file://" + legacy.resolve("missing")))
                .hasMessage("Failed to load flag 'resources': Error reading file '" + legacy.resolve("missing")
                        + "': No such file or directory");
    }

    @Test
    void aMalformedEntryStopsTheAgentNamingTheEntry() throws Exception {
        assertThatThrownBy(() -> project("--resources=cpus:4;mem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Failed to determine agent resources: --resources: entry 2 (mem): bad resource 'mem':"
                        + " missing or extra ':'");
        Files.writeString(legacy.resolve("attributes"), "rack:r1\nlevel:[3-1]");
        assertThatThrownBy(() -> project())
                .hasMessageStartingWith("Failed to determine agent attributes: " + legacy.resolve("attributes")
                        + ": entry 2 (level:[3-1]): ");
    }

    @Test
    void settingsNeedTheNodeName() {
        assertThatThrownBy(() -> NodeSettings.project(AgentFlags.load(new String[] {"--attributes=rack:r1"}, Map.of()),
                legacy, log::add)).hasMessageContaining("--node_name");
    }

    @Test
    void whatALabelCannotHoldIsLoggedNotCarriedOver() {
        AgentNode node = project("--attributes=slots:[1-4];rack:r1").orElseThrow();

        assertThat(node.labels()).containsOnlyKeys(KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack");
        assertThat(log).singleElement().asString().startsWith("--attributes: entry 1 (slots:[1-4]): attribute");
    }

    @Test
    void thePatchKeepsTheNodesTaintsAndAddsOnlyMissingOnes() {
        AgentNode reserved = project("--resources=cpus(analytics):4;gpus(analytics):1").orElseThrow();
        Node node = new NodeBuilder().withNewMetadata().withName("node-1").withResourceVersion("42").endMetadata()
                .withNewSpec().addNewTaint().withKey("dedicated").withValue("x").withEffect("NoSchedule").endTaint()
                .addNewTaint().withKey(KubernetesKeys.GPU_RESOURCE).withValue("present").withEffect("NoSchedule")
                .endTaint().endSpec().build();

        Map<String, Object> patch = NodePatch.patch(node, reserved);

        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) patch.get("metadata");
        assertThat(metadata).containsEntry("resourceVersion", "42")
                .containsEntry("labels", Map.of(KubernetesKeys.ROLE_LABEL, "analytics"));
        assertThat(patch.get("spec")).asString().contains("dedicated", KubernetesKeys.GPU_RESOURCE,
                KubernetesKeys.ROLE_LABEL);
        @SuppressWarnings("unchecked")
        List<Object> taints = (List<Object>) ((Map<String, Object>) patch.get("spec")).get("taints");
        assertThat(taints).hasSize(3);

        Node tainted = new NodeBuilder(node).editSpec().addNewTaint().withKey(KubernetesKeys.ROLE_LABEL)
                .withValue("analytics").withEffect("NoSchedule").endTaint().endSpec().build();
        assertThat(NodePatch.patch(tainted, reserved)).as("nothing to add: no taint list, no resourceVersion")
                .doesNotContainKey("spec")
                .extractingByKey("metadata").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("resourceVersion");
    }
}

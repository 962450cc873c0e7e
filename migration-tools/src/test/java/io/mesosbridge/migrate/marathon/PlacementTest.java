package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementTest {

    private final Warnings warnings = new Warnings();
    private final Map<String, String> selector = Map.of("app.kubernetes.io/name", "web");

    private Placement translate(String constraintsJson) {
        Node constraints = JsonDocuments.parse(new Source("t", constraintsJson));
        return Placement.translate(Placement.read(constraints), selector,
                new AttributeLabels("mesos.mesosbridge.io/attribute.", Map.of("zone", "topology.kubernetes.io/zone")),
                warnings.forSource("t"));
    }

    private static List<NodeSelectorRequirement> nodeRequirements(Affinity affinity) {
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions();
    }

    @Test
    void uniqueHostnameIsPodAntiAffinityPerNode() {
        Affinity affinity = translate("[[\"hostname\",\"UNIQUE\"]]").affinity();
        assertThat(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(t -> {
                    assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(selector);
                });
        assertThat(affinity.getNodeAffinity()).isNull();
    }

    @Test
    void clusterWithValueAndIsPinToLabelValues() {
        Affinity affinity = translate("[[\"rack\",\"CLUSTER\",\"rack-1\"],[\"zone\",\"IS\",\"a\"]]").affinity();
        assertThat(nodeRequirements(affinity)).extracting(NodeSelectorRequirement::getKey, NodeSelectorRequirement::getOperator)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mesos.mesosbridge.io/attribute.rack", "In"),
                        org.assertj.core.groups.Tuple.tuple("topology.kubernetes.io/zone", "In"));
        assertThat(nodeRequirements(affinity).get(0).getValues()).containsExactly("rack-1");
    }

    @Test
    void clusterWithoutValueKeepsInstancesTogether() {
        Affinity affinity = translate("[[\"rack\",\"CLUSTER\"]]").affinity();
        assertThat(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("mesos.mesosbridge.io/attribute.rack"));
    }

    @Test
    void groupBySpreadsEvenlyWithMinimumDomains() {
        Placement placement = translate("[[\"rack\",\"GROUP_BY\",\"3\"]]");
        assertThat(placement.topologySpread()).singleElement().satisfies(s -> {
            assertThat(s.getMaxSkew()).isEqualTo(1);
            assertThat(s.getMinDomains()).isEqualTo(3);
            assertThat(s.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
            assertThat(s.getTopologyKey()).isEqualTo("mesos.mesosbridge.io/attribute.rack");
        });
        assertThat(placement.affinity()).isNull();
    }

    @Test
    void maxPerOneIsAntiAffinityAndMoreIsAnApproximatedSpread() {
        assertThat(translate("[[\"rack\",\"MAX_PER\",\"1\"]]").affinity().getPodAntiAffinity()).isNotNull();
        assertThat(warnings.all()).isEmpty();
        Placement placement = translate("[[\"rack\",\"MAX_PER\",\"3\"]]");
        assertThat(placement.topologySpread()).singleElement().satisfies(s -> assertThat(s.getMaxSkew()).isEqualTo(3));
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$[0]");
            assertThat(w.message()).contains("approximated");
        });
    }

    @Test
    void likeAndUnlikeWithLiteralAlternativesBecomeInAndNotIn() {
        Affinity affinity = translate("[[\"rack\",\"LIKE\",\"^(rack-1|rack-2)$\"],[\"os\",\"UNLIKE\",\"centos\\\\.7\"],"
                + "[\"gpu\",\"LIKE\",\".*\"]]").affinity();
        List<NodeSelectorRequirement> requirements = nodeRequirements(affinity);
        assertThat(requirements.get(0).getOperator()).isEqualTo("In");
        assertThat(requirements.get(0).getValues()).containsExactly("rack-1", "rack-2");
        assertThat(requirements.get(1).getOperator()).isEqualTo("NotIn");
        assertThat(requirements.get(1).getValues()).containsExactly("centos.7");
        assertThat(requirements.get(2).getOperator()).isEqualTo("Exists");
        assertThat(warnings.all()).isEmpty();
    }

    @Test
    void realPatternsAreReportedNotGuessed() {
        Placement placement = translate("[[\"hostname\",\"LIKE\",\"srv[0-9]+\"]]");
        assertThat(placement.affinity()).isNull();
        assertThat(warnings.all()).singleElement().satisfies(w -> assertThat(w.message()).contains("pattern"));
    }

    @Test
    void podStyleAndMetronomeStyleConstraintObjectsAreRead() {
        Affinity affinity = translate("[{\"fieldName\":\"rack\",\"operator\":\"IS\",\"value\":\"r1\"},"
                + "{\"attribute\":\"os\",\"operator\":\"EQ\",\"value\":\"linux\"}]").affinity();
        assertThat(nodeRequirements(affinity)).extracting(NodeSelectorRequirement::getKey)
                .containsExactly("mesos.mesosbridge.io/attribute.rack", "mesos.mesosbridge.io/attribute.os");
    }

    @Test
    void malformedConstraintsNameTheirPlace() {
        assertThatThrownBy(() -> translate("[[\"rack\"]]")).isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).place()).isEqualTo("$[0]"));
        assertThatThrownBy(() -> translate("[[\"rack\",\"GROUP_BY\",\"many\"]]")).isInstanceOf(InputError.class)
                .hasMessageContaining("needs a number");
        translate("[[\"rack\",\"NEAR\",\"x\"]]");
        assertThat(warnings.all()).singleElement().satisfies(w -> assertThat(w.message()).contains("unknown constraint operator NEAR"));
    }

    @Test
    void literalAlternativesRecognisesOnlyPlainWords() {
        assertThat(Placement.literalAlternatives("a|b-c|d_e")).containsExactly("a", "b-c", "d_e");
        assertThat(Placement.literalAlternatives("a.b")).isNull();
        assertThat(Placement.literalAlternatives("a+")).isNull();
    }
}

package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    private static final String PREFIX = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX;

    @Test
    void aRoleInParenthesesReservesTheResourceAndEntriesOfOneNameAndRoleAddUp() {
        Resources resources = AgentSettings.resources("cpus(analytics):4; cpus:1; cpus:0.5; mem(eng/web):64;"
                + "ports:[8000-9000];ports:[9001-9100]");

        assertThat(resources.reservedTo("analytics").scalar("cpus")).isEqualTo(4);
        assertThat(resources.unreserved().scalar("cpus")).isEqualTo(1.5);
        assertThat(resources.reservedTo("eng/web").scalar("mem")).isEqualTo(64);
        assertThat(resources.ranges("ports").getRangeList()).containsExactly(Values.range(8000, 9100));
    }

    @Test
    void theJsonFormIsAnArrayOfResources() {
        Resources resources = AgentSettings.resources("""
                [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 4.0}},
                 {"name": "mem", "type": "SCALAR", "scalar": {"value": 1024}, "reservations": [{"role": "web"}]}]""");

        assertThat(resources.unreserved().scalar("cpus")).isEqualTo(4);
        assertThat(resources.reservedTo("web").scalar("mem")).isEqualTo(1024);
    }

    @Test
    void attributesAreTypedAsMesosTypesThem() {
        List<Attribute> attributes = AgentSettings.attributes("rack:rack1;level:10\nslots:[1-4];disks:{a,b}");

        assertThat(attributes).extracting(Attribute::getName, Attribute::getType).containsExactly(
                tuple("rack", Value.Type.TEXT),
                tuple("level", Value.Type.SCALAR),
                tuple("slots", Value.Type.RANGES),
                tuple("disks", Value.Type.SET));
        assertThat(attributes.get(1).getScalar().getValue()).isEqualTo(10);
    }

    @Test
    void entriesAreSplitAsTheAgentSplitsThem() {
        assertThat(AgentSettings.resourceEntries("cpus:4;;mem:8192")).containsExactly("cpus:4", "mem:8192");
        assertThat(AgentSettings.attributeEntries("rack:r1\ndc:dc1;;os:linux"))
                .containsExactly("rack:r1", "dc:dc1", "os:linux");
    }

    @Test
    void aMalformedEntryIsNamedInTheError() {
        assertThatThrownBy(() -> AgentSettings.resources("cpus:4;mem"))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("'mem'");
        assertThatThrownBy(() -> AgentSettings.resources("cpus:4;ports:[1-x]"))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("'ports:[1-x]'");
        assertThatThrownBy(() -> AgentSettings.resources("cpus:lots"))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("'cpus:lots'");
        assertThatThrownBy(() -> AgentSettings.attributes("rack:r1;level:[3-1]"))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("'level:[3-1]'");
    }

    @Test
    void nodeLabelsUnderThePrefixAndTheTopologyLabelsAreTheAgentsAttributes() {
        List<Attribute> attributes = AgentSettings.attributesOf(Map.of(PREFIX + "rack", "rack1",
                PREFIX + "level", "10", "topology.kubernetes.io/zone", "z1", "other", "x", PREFIX, "nameless"), PREFIX);

        assertThat(attributes).extracting(Attribute::getName).containsExactly("level", "rack", "zone");
        assertThat(attributes.get(0).getType()).isEqualTo(Value.Type.SCALAR);
        assertThat(attributes.get(0).getScalar().getValue()).isEqualTo(10.0);
        assertThat(attributes.get(1).getText().getValue()).isEqualTo("rack1");
        assertThat(attributes.get(2).getText().getValue()).isEqualTo("z1");
    }

    @Test
    void aPrefixedLabelWinsOverTheTopologyLabelOfTheSameName() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("topology.kubernetes.io/region", "from-topology");
        labels.put(PREFIX + "region", "from-prefix");

        assertThat(AgentSettings.attributesOf(labels, PREFIX)).singleElement()
                .satisfies(a -> assertThat(a.getText().getValue()).isEqualTo("from-prefix"));
    }

    @Test
    void onlyWhatMesosParsesAsANumberIsAScalar() {
        List<Attribute> attributes = AgentSettings.attributesOf(Map.of(PREFIX + "a", "1e3", PREFIX + "b", "Infinity",
                PREFIX + "c", "NaN", PREFIX + "d", "0x10", PREFIX + "e", ""), PREFIX);

        assertThat(attributes).extracting(Attribute::getType).containsExactly(Value.Type.SCALAR, Value.Type.TEXT,
                Value.Type.TEXT, Value.Type.TEXT, Value.Type.TEXT);
        assertThat(attributes.get(0).getScalar().getValue()).isEqualTo(1000);
        assertThat(AgentSettings.attributesOf(null, PREFIX)).isEmpty();
    }

    @Test
    void anAttributeBecomesAPrefixedOrTopologyLabel() {
        assertThat(AgentSettings.attributeLabelKey("rack", PREFIX)).isEqualTo("mesos.mesosbridge.io/attribute.rack");
        assertThat(AgentSettings.attributeLabelKey("zone", PREFIX)).isEqualTo("topology.kubernetes.io/zone");
        assertThat(AgentSettings.attributeLabelKey("region", "x/")).isEqualTo("topology.kubernetes.io/region");
    }

    @Test
    void textAndScalarsAreLabelValuesRangesAndSetsAreNot() {
        List<Attribute> attributes = AgentSettings.attributes("rack:rack1;level:10;ratio:0.25;slots:[1-4];os:{a,b}");

        assertThat(attributes).extracting(a -> AgentSettings.attributeLabelValue(a).orElse(null))
                .containsExactly("rack1", "10", "0.25", null, null);
    }

    @Test
    void thePortsAnnotationIsMesosRangeSyntax() {
        Value.Ranges ports = Value.Ranges.newBuilder()
                .addRange(Values.range(8000, 9000)).addRange(Values.range(31000, 32000)).build();

        assertThat(AgentSettings.portsAnnotation(ports)).isEqualTo("[8000-9000, 31000-32000]");
        assertThat(AgentSettings.portsOf(Map.of(KubernetesKeys.PORTS_ANNOTATION, "[8000-9000,31000-32000]")))
                .contains(ports);
        assertThat(AgentSettings.portsOf(Map.of("other", "[1-2]"))).isEmpty();
        assertThat(AgentSettings.portsOf(null)).isEmpty();
    }

    @Test
    void aPortsAnnotationThatIsNotRangesIsAnError() {
        assertThatThrownBy(() -> AgentSettings.portsOf(Map.of(KubernetesKeys.PORTS_ANNOTATION, "8000")))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("mesos.mesosbridge.io/ports=8000");
        assertThatThrownBy(() -> AgentSettings.portsOf(Map.of(KubernetesKeys.PORTS_ANNOTATION, "[8000-")))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("mesos.mesosbridge.io/ports=[8000-");
    }
}

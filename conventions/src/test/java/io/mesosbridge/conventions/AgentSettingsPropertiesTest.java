package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.resources.Attributes;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What mesos-migrate writes on a Node is what the operator reads back. */
class AgentSettingsPropertiesTest {

    private static final String PREFIX = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX;

    @Provide
    Arbitrary<List<Attribute>> attributes() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("zone", "region", "rack"),
                labelSafe(40));
        Arbitrary<String> text = labelSafe(63)
                .filter(value -> Attributes.parse("a", value).getType() == Value.Type.TEXT);
        Arbitrary<Attribute> scalar = Combinators.combine(name, Arbitraries.doubles().between(0, 1e12).ofScale(8))
                .as((n, v) -> Attribute.newBuilder().setName(n).setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(v)).build());
        Arbitrary<Attribute> textual = Combinators.combine(name, text)
                .as((n, v) -> Attribute.newBuilder().setName(n).setType(Value.Type.TEXT)
                        .setText(Value.Text.newBuilder().setValue(v)).build());
        return Arbitraries.oneOf(scalar, textual).list().ofMaxSize(8).uniqueElements(Attribute::getName);
    }

    /** A label name or value: alphanumeric at both ends, '-', '_' and '.' inside. */
    private static Arbitrary<String> labelSafe(int maxLength) {
        return Arbitraries.strings().withChars("abcXYZ019-_.").ofMinLength(1).ofMaxLength(maxLength)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0))
                        && Character.isLetterOrDigit(s.charAt(s.length() - 1)));
    }

    @Property(tries = 500)
    void attributesWrittenAsLabelsReadBackAsTheSameAttributes(@ForAll("attributes") List<Attribute> attributes) {
        Map<String, String> labels = attributes.stream().collect(Collectors.toMap(
                a -> AgentSettings.attributeLabelKey(a.getName(), PREFIX),
                a -> AgentSettings.attributeLabelValue(a).orElseThrow()));

        List<Attribute> byName = attributes.stream().sorted(Comparator.comparing(Attribute::getName)).toList();
        assertThat(AgentSettings.attributesOf(labels, PREFIX)).containsExactlyElementsOf(byName);
    }

    @Provide
    Arbitrary<Value.Ranges> portRanges() {
        Arbitrary<Value.Range> range = Combinators.combine(Arbitraries.longs().between(0, 65535),
                Arbitraries.longs().between(0, 5000)).as((begin, length) -> Values.range(begin, begin + length));
        return range.list().ofMaxSize(6).map(list -> Value.Ranges.newBuilder().addAllRange(list).build());
    }

    @Property(tries = 300)
    void portRangesWrittenAsTheAnnotationReadBackAsTheSameRanges(@ForAll("portRanges") Value.Ranges ports) {
        Map<String, String> annotations = Map.of(KubernetesKeys.PORTS_ANNOTATION, AgentSettings.portsAnnotation(ports));

        assertThat(AgentSettings.portsOf(annotations)).contains(ports);
    }
}

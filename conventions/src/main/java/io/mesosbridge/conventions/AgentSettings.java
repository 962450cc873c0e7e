package io.mesosbridge.conventions;

import io.mesosbridge.mesos.resources.Attributes;
import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.resources.ResourceStrings;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Mesos agent's {@code --resources} and {@code --attributes}, and where they live on its Kubernetes Node: each
 * attribute is a label (under a prefix, or a topology label for {@code zone} and {@code region}), the port ranges
 * are the {@link KubernetesKeys#PORTS_ANNOTATION}. mesos-migrate writes Nodes with these functions and the operator
 * reads them back with these functions, so an agent keeps its attributes and ports across the move.
 */
public final class AgentSettings {

    private static final String RESOURCE_SEPARATORS = ";";
    private static final String ATTRIBUTE_SEPARATORS = ";\n";
    private static final Map<String, String> TOPOLOGY_LABELS = Map.of(
            "zone", "topology.kubernetes.io/zone",
            "region", "topology.kubernetes.io/region");
    private static final Map<String, String> TOPOLOGY_ATTRIBUTES = TOPOLOGY_LABELS.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

    private AgentSettings() {
    }

    /**
     * Parses {@code --resources} as the agent does ({@code cpus:4;mem:8192;ports:[8000-9000];cpus(ads):2}, or a
     * JSON array of Resource objects).
     *
     * @throws ResourceParseException naming the entry that is malformed or that Mesos would reject
     */
    public static Resources resources(String text) {
        if (text.strip().startsWith("[")) {
            return ResourceStrings.parse(text);
        }
        Resources resources = Resources.empty();
        for (String entry : resourceEntries(text)) {
            Resources parsed = parseNaming(entry, ResourceStrings::parse);
            resources = resources.add(parsed);
        }
        return resources;
    }

    /**
     * Parses {@code --attributes} as the agent does ({@code rack:rack1;level:10;slots:[1-4]}), typing each value
     * the Mesos way: ranges, set, scalar or text.
     *
     * @throws ResourceParseException naming the entry that is malformed
     */
    public static List<Attribute> attributes(String text) {
        return attributeEntries(text).stream()
                .flatMap(entry -> parseNaming(entry, Attributes::parse).stream())
                .toList();
    }

    /** The {@code ;}-separated entries of the text form of {@code --resources}, empty ones dropped, as Mesos splits. */
    public static List<String> resourceEntries(String text) {
        return Values.tokenize(text, RESOURCE_SEPARATORS);
    }

    /** The entries of {@code --attributes}, separated by {@code ;} or newlines, empty ones dropped, as Mesos splits. */
    public static List<String> attributeEntries(String text) {
        return Values.tokenize(text, ATTRIBUTE_SEPARATORS);
    }

    /**
     * The label an attribute becomes: the topology label for {@code zone} and {@code region}, else
     * {@code prefix + name}. The caller makes sure the name is valid in a label key.
     */
    public static String attributeLabelKey(String attributeName, String prefix) {
        return TOPOLOGY_LABELS.getOrDefault(attributeName, prefix + attributeName);
    }

    /**
     * The label value of an attribute: its text, or its scalar in plain decimal ({@code 10}, {@code 0.5}); empty for
     * ranges and sets, which a label cannot hold. The value may still be too long or hold characters a label
     * value cannot.
     */
    public static Optional<String> attributeLabelValue(Attribute attribute) {
        return switch (attribute.getType()) {
            case TEXT -> Optional.of(attribute.getText().getValue());
            case SCALAR -> Optional.of(
                    BigDecimal.valueOf(attribute.getScalar().getValue()).stripTrailingZeros().toPlainString());
            case RANGES, SET -> Optional.empty();
        };
    }

    /**
     * A Node's labels as agent attributes, sorted by name: the labels under {@code prefix} (prefix removed) and the
     * topology labels as {@code zone} and {@code region} (a prefixed label of the same name wins). A value that
     * Mesos would parse as a number is a SCALAR, any other a TEXT. No labels ({@code null}) means no attributes.
     */
    public static List<Attribute> attributesOf(Map<String, String> nodeLabels, String prefix) {
        Map<String, String> selected = new TreeMap<>();
        (nodeLabels == null ? Map.<String, String>of() : nodeLabels).forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                selected.put(key.substring(prefix.length()), value);
            } else if (TOPOLOGY_ATTRIBUTES.containsKey(key)) {
                selected.putIfAbsent(TOPOLOGY_ATTRIBUTES.get(key), value);
            }
        });
        return selected.entrySet().stream().map(e -> nodeAttribute(e.getKey(), e.getValue())).toList();
    }

    /**
     * The port ranges a Node's {@link KubernetesKeys#PORTS_ANNOTATION} gives its agent; empty without the
     * annotation (or without annotations, {@code null}).
     *
     * @throws ResourceParseException when the annotation is not Mesos ranges
     */
    public static Optional<Value.Ranges> portsOf(Map<String, String> nodeAnnotations) {
        String text = nodeAnnotations == null ? null : nodeAnnotations.get(KubernetesKeys.PORTS_ANNOTATION);
        if (text == null) {
            return Optional.empty();
        }
        String notRanges = KubernetesKeys.PORTS_ANNOTATION + "=" + text + " is not port ranges such as [31000-32000]";
        try {
            Value value = Values.parse(text);
            if (value.getType() == Value.Type.RANGES) {
                return Optional.of(value.getRanges());
            }
        } catch (ResourceParseException e) {
            throw new ResourceParseException(notRanges + ": " + e.getMessage(), e);
        }
        throw new ResourceParseException(notRanges);
    }

    /** The {@link KubernetesKeys#PORTS_ANNOTATION} value for these port ranges: {@code [8000-9000, 31000-32000]}. */
    public static String portsAnnotation(Value.Ranges ports) {
        return Values.formatRanges(ports);
    }

    private static Attribute nodeAttribute(String name, String labelValue) {
        try {
            Attribute parsed = Attributes.parse(name, labelValue);
            if (parsed.getType() == Value.Type.SCALAR) {
                return parsed;
            }
        } catch (ResourceParseException notAMesosValue) {
            // such as an empty label value: it stays text
        }
        return Attribute.newBuilder().setName(name).setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue(labelValue)).build();
    }

    private static <T> T parseNaming(String entry, Function<String, T> parse) {
        try {
            return parse.apply(entry);
        } catch (ResourceParseException e) {
            if (e.getMessage().contains(entry)) {
                throw e;
            }
            throw new ResourceParseException("'" + entry + "': " + e.getMessage(), e);
        }
    }
}

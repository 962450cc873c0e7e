package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Marathon placement constraints as Kubernetes scheduling rules: {@code CLUSTER}, {@code IS} and literal
 * {@code LIKE}/{@code UNLIKE} become node affinity; {@code UNIQUE} and {@code MAX_PER 1} pod anti-affinity;
 * {@code CLUSTER} without a value pod affinity; {@code GROUP_BY} and {@code MAX_PER n} topology spread.
 */
public final class Placement {

    private static final Pattern LITERAL = Pattern.compile("(?:[A-Za-z0-9_-]|\\\\\\.)+");

    private final List<NodeSelectorRequirement> nodeRequirements = new ArrayList<>();
    private final List<PodAffinityTerm> podAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> podAntiAffinity = new ArrayList<>();
    private final List<TopologySpreadConstraint> spread = new ArrayList<>();

    /** One constraint, already taken apart: attribute (field), operator and optional value. */
    public record Constraint(String field, String operator, String value, Node at) {
    }

    /**
     * Reads app constraints ({@code [["hostname","UNIQUE"]]}) or pod constraints
     * ({@code [{"fieldName":"hostname","operator":"UNIQUE"}]}).
     */
    public static List<Constraint> read(Node constraints) {
        List<Constraint> result = new ArrayList<>();
        for (Node c : constraints.elements()) {
            if (c.isArray()) {
                List<Node> parts = c.elements();
                if (parts.size() < 2 || parts.size() > 3) {
                    throw c.error("a constraint has 2 or 3 parts: [field, operator, value]");
                }
                result.add(new Constraint(parts.get(0).text(), parts.get(1).text(),
                        parts.size() == 3 ? parts.get(2).scalarText() : null, c));
            } else if (c.isObject()) {
                Node value = c.get("value");
                Node field = c.has("fieldName") ? c.get("fieldName") : c.get("attribute");
                result.add(new Constraint(field.text(), c.get("operator").text(),
                        value.present() ? value.scalarText() : null, c));
            } else {
                throw c.error("expected a constraint as an array or an object");
            }
        }
        return result;
    }

    public static Placement translate(List<Constraint> constraints, Map<String, String> selector,
                                      AttributeLabels attributes, Warnings.SourceWarnings warnings) {
        Placement placement = new Placement();
        for (Constraint c : constraints) {
            placement.add(c, selector, attributes, warnings);
        }
        return placement;
    }

    private void add(Constraint c, Map<String, String> selector, AttributeLabels attributes,
                     Warnings.SourceWarnings warnings) {
        String key = attributes.labelKey(c.field());
        String op = c.operator().toUpperCase();
        switch (op) {
            case "UNIQUE" -> podAntiAffinity.add(term(key, selector));
            case "CLUSTER" -> {
                if (c.value() == null || c.value().isEmpty()) {
                    podAffinity.add(term(key, selector));
                } else {
                    nodeRequirements.add(requirement(key, "In", c.value()));
                }
            }
            case "IS", "EQ", "EQUALS" -> nodeRequirements.add(requirement(key, "In", requireValue(c)));
            case "LIKE", "UNLIKE" -> addPattern(c, key, op.equals("LIKE"), warnings);
            case "GROUP_BY" -> {
                TopologySpreadConstraintBuilder rule = new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1).withTopologyKey(key).withWhenUnsatisfiable("DoNotSchedule")
                        .withLabelSelector(selector(selector));
                if (c.value() != null && !c.value().isEmpty()) {
                    rule.withMinDomains(parsePositive(c));
                }
                spread.add(rule.build());
            }
            case "MAX_PER" -> {
                int max = parsePositive(c);
                if (max == 1) {
                    podAntiAffinity.add(term(key, selector));
                } else {
                    spread.add(new TopologySpreadConstraintBuilder()
                            .withMaxSkew(max).withTopologyKey(key).withWhenUnsatisfiable("DoNotSchedule")
                            .withLabelSelector(selector(selector)).build());
                    warnings.warn(c.at(), "MAX_PER " + max + " approximated by a topology spread with maxSkew "
                            + max + ": Kubernetes bounds the difference between " + key
                            + " domains, not the count in each");
                }
            }
            default -> warnings.warn(c.at(), "unknown constraint operator " + c.operator() + "; not carried over");
        }
    }

    private void addPattern(Constraint c, String key, boolean like, Warnings.SourceWarnings warnings) {
        String regex = requireValue(c);
        if (regex.equals(".*") || regex.equals(".+")) {
            nodeRequirements.add(new NodeSelectorRequirementBuilder().withKey(key)
                    .withOperator(like ? "Exists" : "DoesNotExist").build());
            return;
        }
        List<String> literals = literalAlternatives(regex);
        if (literals == null) {
            warnings.warn(c.at(), c.operator() + " " + regex + " on " + c.field()
                    + " is a pattern, which label selectors cannot express; not carried over: label the matching"
                    + " nodes (e.g. kubectl label node NODE " + key + "=VALUE) and select them");
            return;
        }
        nodeRequirements.add(new NodeSelectorRequirementBuilder().withKey(key)
                .withOperator(like ? "In" : "NotIn").withValues(literals).build());
    }

    /** {@code ^(rack-1|rack-2)$} gives [rack-1, rack-2]; anything that is a real pattern gives null. */
    static List<String> literalAlternatives(String regex) {
        String body = regex;
        if (body.startsWith("^")) {
            body = body.substring(1);
        }
        if (body.endsWith("$") && !body.endsWith("\\$")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.startsWith("(") && body.endsWith(")")) {
            body = body.substring(1, body.length() - 1);
        }
        List<String> values = new ArrayList<>();
        for (String alternative : body.split("\\|", -1)) {
            if (!LITERAL.matcher(alternative).matches()) {
                return null;
            }
            values.add(alternative.replace("\\.", "."));
        }
        return values;
    }

    private static String requireValue(Constraint c) {
        if (c.value() == null) {
            throw c.at().error(c.operator() + " needs a value");
        }
        return c.value();
    }

    private static int parsePositive(Constraint c) {
        try {
            int n = Integer.parseInt(requireValue(c).trim());
            if (n < 1) {
                throw c.at().error(c.operator() + " needs a positive number, found " + c.value());
            }
            return n;
        } catch (NumberFormatException e) {
            throw c.at().error(c.operator() + " needs a number, found " + c.value());
        }
    }

    private static NodeSelectorRequirement requirement(String key, String operator, String value) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(value).build();
    }

    private static PodAffinityTerm term(String topologyKey, Map<String, String> selector) {
        return new PodAffinityTermBuilder().withTopologyKey(topologyKey).withLabelSelector(selector(selector)).build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    public List<TopologySpreadConstraint> topologySpread() {
        return spread;
    }

    /** The affinity block, or null when no constraint needed one. */
    public Affinity affinity() {
        if (nodeRequirements.isEmpty() && podAffinity.isEmpty() && podAntiAffinity.isEmpty()) {
            return null;
        }
        AffinityBuilder affinity = new AffinityBuilder();
        if (!nodeRequirements.isEmpty()) {
            affinity.withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm().withMatchExpressions(nodeRequirements).endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity();
        }
        if (!podAffinity.isEmpty()) {
            affinity.withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(podAffinity).endPodAffinity();
        }
        if (!podAntiAffinity.isEmpty()) {
            affinity.withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(podAntiAffinity)
                    .endPodAntiAffinity();
        }
        return affinity.build();
    }
}

package io.mesosbridge.migrate.agent;

import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Mesos agent's {@code --resources} and {@code --attributes}, in the agent's text form
 * ({@code cpus:4;mem:8192;ports:[8000-9000]}, {@code cpus(analytics):2}) or, for resources, its JSON form.
 */
public final class AgentSettings {

    private static final Pattern RESOURCE_NAME = Pattern.compile("([A-Za-z0-9_./-]+)(?:\\(([^)]*)\\))?");

    /**
     * One resource or attribute.
     *
     * @param name  e.g. cpus, ports, rack
     * @param role  the role it is reserved for ("*" when unreserved; always "*" for attributes)
     * @param value the text of the value: "4", "[8000-9000]", "{a,b}" or plain text
     * @param kind  SCALAR, RANGES, SET or TEXT
     */
    public record Entry(String name, String role, String value, Kind kind, String place) {
    }

    public enum Kind { SCALAR, RANGES, SET, TEXT }

    private AgentSettings() {
    }

    public static List<Entry> parseResources(Source source) {
        String text = source.text().trim();
        if (text.startsWith("[")) {
            return parseJsonResources(source);
        }
        return parse(source, true);
    }

    public static List<Entry> parseAttributes(Source source) {
        return parse(source, false);
    }

    private static List<Entry> parse(Source source, boolean resources) {
        List<Entry> entries = new ArrayList<>();
        String text = source.text().trim();
        if (text.isEmpty()) {
            return entries;
        }
        String[] parts = text.split(";");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            String place = "entry " + (i + 1) + " (" + part + ")";
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new InputError(source.name(), place, "expected NAME:VALUE");
            }
            String rawName = part.substring(0, colon).trim();
            String value = part.substring(colon + 1).trim();
            String role = "*";
            String name = rawName;
            if (resources) {
                Matcher m = RESOURCE_NAME.matcher(rawName);
                if (!m.matches()) {
                    throw new InputError(source.name(), place, "resource name " + rawName + " is not NAME or NAME(ROLE)");
                }
                name = m.group(1);
                if (m.group(2) != null && !m.group(2).isBlank()) {
                    role = m.group(2).split(",")[0].trim();
                }
            }
            Kind kind = kindOf(value);
            if (resources && kind == Kind.TEXT) {
                throw new InputError(source.name(), place, "resource value " + value
                        + " is not a number, [ranges] or {set}");
            }
            entries.add(new Entry(name, role, value, kind, place));
        }
        return entries;
    }

    private static List<Entry> parseJsonResources(Source source) {
        Node root = JsonDocuments.parse(source);
        List<Entry> entries = new ArrayList<>();
        try {
            for (Node r : root.elements()) {
                String name = r.get("name").text();
                String type = r.get("type").text("SCALAR").toUpperCase();
                String role = r.get("role").text("*");
                List<Node> reservations = r.get("reservations").elements();
                if (!reservations.isEmpty()) {
                    role = reservations.get(reservations.size() - 1).get("role").text(role);
                }
                String value = switch (type) {
                    case "SCALAR" -> r.get("scalar").get("value").decimal(null).stripTrailingZeros().toPlainString();
                    case "RANGES" -> {
                        List<String> ranges = new ArrayList<>();
                        for (Node range : r.get("ranges").get("range").elements()) {
                            ranges.add(range.get("begin").longInteger(0) + "-" + range.get("end").longInteger(0));
                        }
                        yield "[" + String.join(",", ranges) + "]";
                    }
                    case "SET" -> "{" + String.join(",", r.get("set").get("item").elements().stream()
                            .map(Node::text).toList()) + "}";
                    default -> throw r.get("type").error("unknown resource type " + type);
                };
                entries.add(new Entry(name, role, value, Kind.valueOf(type), r.path()));
            }
        } catch (InputError e) {
            throw e.in(source.name());
        }
        return entries;
    }

    /** One agent as {@code /master/state} lists it under {@code slaves}. */
    public record StateAgent(String hostname, List<Entry> resources, List<Entry> attributes) {
    }

    /**
     * The agents of a {@code /master/state} answer: unreserved resources (all of them when the master does not
     * split them), resources reserved per role, and attributes.
     */
    public static List<StateAgent> fromMasterState(Source source) {
        Node state = JsonDocuments.parse(source);
        List<StateAgent> agents = new ArrayList<>();
        try {
            if (!state.isObject() || !state.has("slaves")) {
                throw state.error("not a /master/state answer: it has no slaves");
            }
            for (Node agent : state.get("slaves").elements()) {
                List<Entry> resources = new ArrayList<>();
                Node unreserved = agent.has("unreserved_resources") ? agent.get("unreserved_resources") : agent.get("resources");
                resources.addAll(stateResources(unreserved, "*"));
                for (java.util.Map.Entry<String, Node> role : agent.get("reserved_resources").fields().entrySet()) {
                    resources.addAll(stateResources(role.getValue(), role.getKey()));
                }
                List<Entry> attributes = new ArrayList<>();
                for (java.util.Map.Entry<String, Node> attribute : new java.util.TreeMap<>(agent.get("attributes").fields()).entrySet()) {
                    String value = attribute.getValue().scalarText();
                    attributes.add(new Entry(attribute.getKey(), "*", value, kindOf(value), attribute.getValue().path()));
                }
                agents.add(new StateAgent(agent.get("hostname").text(), resources, attributes));
            }
        } catch (InputError e) {
            throw e.in(source.name());
        }
        agents.sort((a, b) -> a.hostname().compareTo(b.hostname()));
        return agents;
    }

    private static List<Entry> stateResources(Node resources, String role) {
        List<Entry> entries = new ArrayList<>();
        for (java.util.Map.Entry<String, Node> r : resources.fields().entrySet()) {
            Node value = r.getValue();
            if (value.isNumber()) {
                java.math.BigDecimal amount = value.decimal(java.math.BigDecimal.ZERO);
                if (amount.signum() == 0) {
                    continue;
                }
                entries.add(new Entry(r.getKey(), role, amount.stripTrailingZeros().toPlainString(), Kind.SCALAR, value.path()));
            } else if (value.isText()) {
                entries.add(new Entry(r.getKey(), role, value.text(), kindOf(value.text()), value.path()));
            }
        }
        return entries;
    }

    static Kind kindOf(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            return Kind.RANGES;
        }
        if (value.startsWith("{") && value.endsWith("}")) {
            return Kind.SET;
        }
        if (value.matches("-?\\d+(\\.\\d+)?")) {
            return Kind.SCALAR;
        }
        return Kind.TEXT;
    }
}

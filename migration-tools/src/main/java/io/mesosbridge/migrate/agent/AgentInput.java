package io.mesosbridge.migrate.agent;

import io.mesosbridge.conventions.AgentNode.Located;
import io.mesosbridge.conventions.AgentSettings;
import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A Mesos agent's {@code --resources} and {@code --attributes} as this migration's input gives them: the agent's
 * text form ({@code cpus:4;mem:8192;ports:[8000-9000]}, {@code cpus(analytics):2}), the JSON form of resources,
 * or the agents of a {@code /master/state} answer. Everything is parsed by {@link AgentSettings}, so as the agent
 * parses it; each value keeps its place in the input for the report ({@code entry 2 (mem:8192)}, or a JSON path).
 */
public final class AgentInput {

    /** One agent as {@code /master/state} lists it under {@code slaves}. */
    public record StateAgent(String hostname, List<Located<Resource>> resources, List<Located<Attribute>> attributes) {
    }

    private AgentInput() {
    }

    public static List<Located<Resource>> resources(Source source) {
        String text = source.text().strip();
        if (text.startsWith("[")) {
            return jsonResources(source);
        }
        return entries(source, AgentSettings.resourceEntries(text), AgentSettings::resources);
    }

    public static List<Located<Attribute>> attributes(Source source) {
        return entries(source, AgentSettings.attributeEntries(source.text().strip()), AgentSettings::attributes);
    }

    /**
     * The agents of a {@code /master/state} answer, by hostname: unreserved resources (all of them when the master
     * does not split them), the resources reserved per role, and the attributes.
     */
    public static List<StateAgent> fromMasterState(Source source) {
        Node state = JsonDocuments.parse(source);
        List<StateAgent> agents = new ArrayList<>();
        try {
            if (!state.isObject() || !state.has("slaves")) {
                throw state.error("not a /master/state answer: it has no slaves");
            }
            for (Node agent : state.get("slaves").elements()) {
                List<Located<Resource>> resources = new ArrayList<>();
                Node unreserved = agent.has("unreserved_resources") ? agent.get("unreserved_resources") : agent.get("resources");
                resources.addAll(stateResources(source, unreserved, null));
                for (Map.Entry<String, Node> role : agent.get("reserved_resources").fields().entrySet()) {
                    resources.addAll(stateResources(source, role.getValue(), role.getKey()));
                }
                List<Located<Attribute>> attributes = new ArrayList<>();
                for (Map.Entry<String, Node> attribute : new TreeMap<>(agent.get("attributes").fields()).entrySet()) {
                    Node value = attribute.getValue();
                    attributes.addAll(located(source, value.path(), attribute.getKey() + ":" + value.scalarText(),
                            AgentSettings::attributes));
                }
                agents.add(new StateAgent(agent.get("hostname").text(), resources, attributes));
            }
        } catch (InputError e) {
            throw e.in(source.name());
        }
        agents.sort(Comparator.comparing(StateAgent::hostname));
        return agents;
    }

    /** The master lists resources as {@code name: value}: a number for scalars, Mesos text for ranges and sets. */
    private static List<Located<Resource>> stateResources(Source source, Node resources, String role) {
        List<Located<Resource>> located = new ArrayList<>();
        for (Map.Entry<String, Node> resource : resources.fields().entrySet()) {
            Node value = resource.getValue();
            String text = value.isNumber() ? value.decimal(null).toPlainString() : value.isText() ? value.text() : null;
            if (text != null) {
                String name = role == null ? resource.getKey() : resource.getKey() + "(" + role + ")";
                located.addAll(located(source, value.path(), name + ":" + text, AgentSettings::resources));
            }
        }
        return located;
    }

    private static List<Located<Resource>> jsonResources(Source source) {
        Node root = JsonDocuments.parse(source);
        List<Located<Resource>> located = new ArrayList<>();
        try {
            for (Node resource : root.elements()) {
                located.addAll(located(source, resource.path(), "[" + resource.json() + "]", AgentSettings::resources));
            }
        } catch (InputError e) {
            throw e.in(source.name());
        }
        return located;
    }

    private static <T> List<Located<T>> entries(Source source, List<String> entries,
                                                 Function<String, ? extends Iterable<T>> parse) {
        List<Located<T>> located = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            located.addAll(located(source, "entry " + (i + 1) + " (" + entry.strip() + ")", entry, parse));
        }
        return located;
    }

    private static <T> List<Located<T>> located(Source source, String place, String text,
                                                 Function<String, ? extends Iterable<T>> parse) {
        List<Located<T>> located = new ArrayList<>();
        try {
            parse.apply(text).forEach(value -> located.add(new Located<>(value, place)));
        } catch (ResourceParseException e) {
            throw new InputError(source.name(), place, e.getMessage());
        }
        return located;
    }
}

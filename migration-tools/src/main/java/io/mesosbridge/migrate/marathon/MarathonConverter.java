package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Converts Marathon documents ({@code /v2/apps} and {@code /v2/groups} answers, single apps and pods, arrays of
 * them, nested groups) into Kubernetes objects: namespaces first, then each app or pod, dependencies before the
 * apps that depend on them, ties broken by Marathon id so that reruns give the same output.
 */
public final class MarathonConverter {

    private final MarathonOptions options;
    private final AppConverter apps;
    private final PodConverter pods;

    public MarathonConverter(MarathonOptions options) {
        this.options = options;
        this.apps = new AppConverter(options);
        this.pods = new PodConverter(options);
    }

    /**
     * All objects, namespaces first, and the input that could not be converted: a file that does not parse or
     * has no Marathon shape is left out whole, an app or pod that fails is left out alone; the rest is converted.
     */
    public record Result(List<Namespace> namespaces, List<Converted> items, List<InputError> errors) {
        public List<HasMetadata> all() {
            List<HasMetadata> all = new ArrayList<>(namespaces);
            items.forEach(item -> all.addAll(item.resources()));
            return all;
        }
    }

    private enum Kind { APP, POD }

    private record Item(Kind kind, String id, Node node, String source, List<String> dependencies, String key) {
        Item(Kind kind, String id, Node node, String source, List<String> dependencies) {
            this(kind, id, node, source, dependencies, id);
        }
    }

    /** Walks the documents; {@code onTotal} hears the number of apps and pods, {@code onDone} each one converted. */
    public Result convert(List<Source> sources, Warnings warnings, IntConsumer onTotal, IntConsumer onDone) {
        List<Item> items = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        for (Source source : sources) {
            List<Item> ofSource = new ArrayList<>();
            try {
                collect(JsonDocuments.parse(source), source.name(), ofSource);
                items.addAll(ofSource);
            } catch (InputError e) {
                errors.add(e.in(source.name()));
            }
        }
        onTotal.accept(items.size());
        // Keyed by id; the same id from a second file (two exports of different clusters, say) is kept apart.
        Map<String, Item> byId = new TreeMap<>();
        for (Item item : items) {
            Item previous = byId.get(item.id());
            if (previous == null) {
                byId.put(item.id(), item);
            } else if (previous.source().equals(item.source())) {
                errors.add(new InputError(item.source(), item.node().path(), "id " + item.id()
                        + " is defined twice (also at " + previous.node().path() + "); this one is not converted"));
            } else {
                String key = item.id() + " (" + item.source() + ")";
                warnings.add(item.source(), item.node().get("id").path(), "id " + item.id() + " is also defined in "
                        + previous.source() + "; both are converted, under different names");
                byId.put(key, new Item(item.kind(), item.id(), item.node(), item.source(), item.dependencies(), key));
            }
        }
        Map<String, List<String>> resolvedDeps = new HashMap<>();
        for (Item item : byId.values()) {
            List<String> deps = new ArrayList<>();
            for (String dependency : item.dependencies()) {
                List<String> targets = byId.keySet().stream()
                        .filter(id -> id.equals(dependency) || id.startsWith(dependency.endsWith("/") ? dependency : dependency + "/"))
                        .filter(id -> !id.equals(item.key()))
                        .toList();
                if (targets.isEmpty()) {
                    warnings.add(item.source(), item.node().get("dependencies").path(), "dependency " + dependency
                            + " is not in the input; recorded only");
                }
                deps.addAll(targets);
            }
            resolvedDeps.put(item.key(), deps);
        }

        Map<String, String> names = assignNames(byId, warnings);
        Set<String> namespaceNames = new TreeSet<>();
        List<Converted> converted = new ArrayList<>();
        int done = 0;
        for (String id : dependencyOrder(byId, resolvedDeps, warnings)) {
            Item item = byId.get(id);
            Warnings.SourceWarnings sourceWarnings = warnings.forSource(item.source());
            try {
                String namespace = namespaceFor(item, sourceWarnings);
                ItemContext context = new ItemContext(item.id(), names.get(id), namespace,
                        item.dependencies().stream().distinct().toList(), publicAccess(item, sourceWarnings),
                        sourceWarnings);
                converted.add(item.kind() == Kind.APP ? apps.convert(item.node(), context) : pods.convert(item.node(), context));
                // The namespace named with -n is the user's: emitting it would let kubectl delete -f remove it
                // with everything else in it. Only namespaces derived from roles are created here.
                if (namespace != null && !namespace.equals("default") && !namespace.equals(options.defaultNamespace())) {
                    namespaceNames.add(namespace);
                }
            } catch (InputError e) {
                errors.add(e.in(item.source()));
            }
            onDone.accept(++done);
        }
        List<Namespace> namespaces = namespaceNames.stream()
                .map(n -> new NamespaceBuilder().withNewMetadata().withName(n)
                        .addToLabels(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_MIGRATE)
                        .endMetadata().build())
                .toList();
        return new Result(namespaces, converted, errors);
    }

    public Result convert(List<Source> sources, Warnings warnings) {
        return convert(sources, warnings, n -> { }, n -> { });
    }

    private void collect(Node root, String source, List<Item> items) {
        if (root.isArray()) {
            for (Node element : root.elements()) {
                collectDefinition(element, "/", List.of(), source, items);
            }
            return;
        }
        if (!root.isObject()) {
            throw root.error("expected a Marathon app, pod or group (a JSON object or array)");
        }
        if (root.has("app") && root.get("app").isObject()) {
            collectDefinition(root.get("app"), "/", List.of(), source, items);
        } else if (root.has("pod") && root.get("pod").isObject()) {
            collectDefinition(root.get("pod"), "/", List.of(), source, items);
        } else {
            collectDefinition(root, "/", List.of(), source, items);
        }
    }

    private void collectDefinition(Node node, String parent, List<String> inherited, String source, List<Item> items) {
        if (!node.isObject()) {
            throw node.error("expected a Marathon app, pod or group object");
        }
        boolean isGroup = node.has("apps") || node.has("groups") || (node.has("pods") && !node.has("containers"));
        if (isGroup) {
            String id = node.has("id") ? absolute(node.get("id").text(), parent) : "/";
            List<String> deps = new ArrayList<>(inherited);
            for (Node d : node.get("dependencies").elements()) {
                deps.add(absolute(d.text(), parentOf(id)));
            }
            for (Node app : node.get("apps").elements()) {
                collectLeaf(Kind.APP, app, id, deps, source, items);
            }
            for (Node pod : node.get("pods").elements()) {
                collectLeaf(Kind.POD, pod, id, deps, source, items);
            }
            for (Node group : node.get("groups").elements()) {
                collectDefinition(group, id, deps, source, items);
            }
            return;
        }
        if (!node.has("id")) {
            throw node.error("not a Marathon app, pod or group: an app or pod needs an id, a group has apps, groups or pods");
        }
        collectLeaf(node.has("containers") ? Kind.POD : Kind.APP, node, parent, inherited, source, items);
    }

    private void collectLeaf(Kind kind, Node node, String group, List<String> inherited, String source, List<Item> items) {
        if (!node.isObject()) {
            throw node.error("expected a Marathon " + (kind == Kind.APP ? "app" : "pod") + " object");
        }
        String id = absolute(node.get("id").text(), group);
        if (id.equals("/")) {
            throw node.get("id").error("an app or pod id cannot be /");
        }
        List<String> deps = new ArrayList<>(inherited);
        for (Node d : node.get("dependencies").elements()) {
            deps.add(absolute(d.text(), parentOf(id)));
        }
        items.add(new Item(kind, id, node, source, deps));
    }

    /** Resolves a Marathon path against a group, like a file path: {@code ../db} from {@code /prod/web}. */
    static String absolute(String path, String base) {
        String joined = path.startsWith("/") ? path : (base.endsWith("/") ? base : base + "/") + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parentOf(String id) {
        int slash = id.lastIndexOf('/');
        return slash <= 0 ? "/" : id.substring(0, slash);
    }

    private Map<String, String> assignNames(Map<String, Item> byId, Warnings warnings) {
        Map<String, String> names = new HashMap<>();
        Set<String> used = new LinkedHashSet<>();
        for (Item item : byId.values()) {
            String name = KubeNames.fromPath(item.id());
            if (!used.add(name)) {
                String base = name.length() > KubeNames.MAX_NAME - 9 ? name.substring(0, KubeNames.MAX_NAME - 9) : name;
                String unique = base + "-" + KubeNames.shortHash(item.key());
                warnings.add(item.source(), item.node().get("id").path(), "name " + name + " is taken by another app;"
                        + " named this one " + unique);
                name = unique;
                used.add(name);
            }
            names.put(item.key(), name);
        }
        return names;
    }

    /** Kahn's algorithm; among apps whose dependencies are all placed, the smallest id goes first. */
    private static List<String> dependencyOrder(Map<String, Item> byId, Map<String, List<String>> deps, Warnings warnings) {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (String id : byId.keySet()) {
            Set<String> distinct = new TreeSet<>(deps.get(id));
            waiting.put(id, distinct.size());
            for (String d : distinct) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
            }
        }
        TreeSet<String> ready = new TreeSet<>();
        waiting.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            order.add(next);
            for (String dependent : dependents.getOrDefault(next, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < byId.size()) {
            Set<String> cyclic = new TreeSet<>(byId.keySet());
            order.forEach(cyclic::remove);
            Item first = byId.get(cyclic.iterator().next());
            warnings.add(first.source(), first.node().get("dependencies").path(), "dependency cycle among "
                    + String.join(", ", cyclic) + "; these are listed in id order");
            order.addAll(cyclic);
        }
        return order;
    }

    private static Node acceptedRoles(Item item) {
        return item.kind() == Kind.APP ? item.node().get("acceptedResourceRoles")
                : item.node().get("scheduling").get("placement").get("acceptedResourceRoles");
    }

    /**
     * Role {@code slave_public} marks the resources of DC/OS public agents: it is placement, not a namespace.
     * Marathon launches only on resources whose role is in acceptedResourceRoles, so {@code ["slave_public"]}
     * means public agents only, {@code ["slave_public", "*"]} public or private ones; an app whose own
     * {@code role} is slave_public may use both when acceptedResourceRoles does not narrow it.
     */
    private PublicNodes.Access publicAccess(Item item, Warnings.SourceWarnings warnings) {
        Node rolesNode = acceptedRoles(item);
        List<String> accepted = rolesNode.elements().stream().map(Node::text).distinct().toList();
        PublicNodes.Access access;
        if (!accepted.isEmpty()) {
            access = !accepted.contains(PublicNodes.ROLE) ? PublicNodes.Access.PRIVATE
                    : accepted.size() == 1 ? PublicNodes.Access.ONLY_PUBLIC : PublicNodes.Access.ALSO_PUBLIC;
        } else {
            access = item.node().get("role").text("").equals(PublicNodes.ROLE)
                    ? PublicNodes.Access.ALSO_PUBLIC : PublicNodes.Access.PRIVATE;
        }
        if (access != PublicNodes.Access.PRIVATE) {
            warnings.warn(rolesNode.present() ? rolesNode : item.node().get("role"), "role slave_public ran the app on"
                    + (access == PublicNodes.Access.ONLY_PUBLIC ? " public agents only" : " public agents too")
                    + "; became " + options.publicNodes().describe(access) + ": public nodes must carry that"
                    + " (agent-config gives it to agents reserved for slave_public; see --public-node-selector and"
                    + " --public-node-taint)");
        }
        return access;
    }

    private String namespaceFor(Item item, Warnings.SourceWarnings warnings) {
        if (!options.namespaceFromRole()) {
            return options.defaultNamespace();
        }
        Node node = item.node();
        Node rolesNode = acceptedRoles(item);
        List<String> roles = new ArrayList<>();
        node.get("role").optionalText().ifPresent(roles::add);
        for (Node r : rolesNode.elements()) {
            roles.add(r.text());
        }
        List<String> named = roles.stream().filter(r -> !r.equals("*") && !r.equals(PublicNodes.ROLE))
                .distinct().toList();
        if (named.isEmpty()) {
            return options.defaultNamespace();
        }
        if (named.size() > 1) {
            warnings.warn(rolesNode.present() ? rolesNode : node.get("role"), "several roles " + named
                    + "; a workload lives in one namespace: used " + named.get(0));
        }
        String role = named.get(0);
        return KubeNames.dnsLabel(role.replace('/', '-'), role, "role");
    }
}

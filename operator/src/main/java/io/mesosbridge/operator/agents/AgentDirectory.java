package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.store.MesosTaskStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The agents of the moment: one per Node, with what is free on it, computed from the caches. What a Node's and its
 * Pods' objects give (resources, requests, attributes) is derived again only for the nodes whose objects changed.
 */
@ApplicationScoped
public class AgentDirectory {

    private final ClusterView cluster;
    private final MesosTaskStore tasks;
    private final OfferBook offers;
    private final BridgeConfig config;
    private final RecordedReservations reservations;
    private final Value.Ranges defaultPorts;
    private final Map<String, Derived> derived = new ConcurrentHashMap<>();

    public AgentDirectory(ClusterView cluster, MesosTaskStore tasks, OfferBook offers, BridgeConfig config,
                          RecordedReservations reservations) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.offers = offers;
        this.config = config;
        this.reservations = reservations;
        Value ports = Values.parse(config.portRange());
        this.defaultPorts = ports.getType() == Value.Type.RANGES ? ports.getRanges() : Value.Ranges.getDefaultInstance();
    }

    public List<Agent> agents() {
        List<Node> nodes = cluster.nodes();
        List<Agent> agents = nodes.stream()
                .sorted(Comparator.comparing(node -> node.getMetadata().getName()))
                .map(this::agentOf)
                .toList();
        if (derived.size() > nodes.size()) {
            Set<String> names = new HashSet<>();
            nodes.forEach(node -> names.add(node.getMetadata().getName()));
            derived.keySet().retainAll(names);
        }
        return agents;
    }

    public Optional<Agent> byId(String agentId) {
        return cluster.nodes().stream().filter(node -> AgentResources.agentId(node).equals(agentId)).findFirst()
                .map(this::agentOf);
    }

    public Optional<Agent> byNode(String nodeName) {
        return Optional.ofNullable(cluster.node(nodeName)).map(this::agentOf);
    }

    private Agent agentOf(Node node) {
        String name = node.getMetadata().getName();
        List<Pod> pods = cluster.podsOn(name);
        Derived cached = derived.get(name);
        NodePart nodePart = cached != null && cached.nodePart().node() == node ? cached.nodePart() : nodePartOf(node);
        PodPart podPart = cached != null && cached.podPart().isOf(pods) ? cached.podPart() : podPartOf(pods);
        if (cached == null || cached.nodePart() != nodePart || cached.podPart() != podPart) {
            derived.put(name, new Derived(nodePart, podPart));
        }
        // held first: a task created meanwhile is then counted twice for a moment, never not at all
        HeldAndRecorded seen = reservations.read(() -> new HeldAndRecorded(offers.heldOn(nodePart.agentId()),
                reservations.of(node)));
        Resources launching = seen.held();
        Resources reservedInUse = Resources.empty();
        for (MesosTask task : tasks.onNode(name)) {
            if (TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                continue;
            }
            Resources held = tasks.resources(task).add(tasks.executorResources(task));
            if (!podPart.taskPodNames().contains(MesosTaskStore.podNameOf(task))) {
                launching = launching.add(held);
            } else {
                reservedInUse = reservedInUse.add(held.reserved());
            }
        }
        Resources total = AgentResources.withReservations(name, nodePart.allocatable(), nodePart.staticReservations(),
                seen.recorded());
        Resources free = AgentResources.free(total, podPart.requested(), launching, reservedInUse);
        return new Agent(nodePart.agentId(), name, name, nodePart.address(), total, free, nodePart.attributes(),
                nodePart.active());
    }

    private NodePart nodePartOf(Node node) {
        return new NodePart(node, AgentResources.agentId(node), AgentResources.total(node, defaultPorts),
                RecordedReservations.staticOf(node), AgentResources.address(node),
                AgentResources.attributes(node, config.attributeLabelPrefix()), AgentResources.isActive(node));
    }

    private PodPart podPartOf(List<Pod> pods) {
        Set<Pod> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(pods);
        Set<String> taskPodNames = pods.stream()
                .filter(pod -> tasks.holds(pod.getMetadata()))
                .map(pod -> pod.getMetadata().getName())
                .collect(Collectors.toSet());
        return new PodPart(seen, AgentResources.requested(pods), taskPodNames);
    }

    /** What a Node object alone gives its agent; the informer replaces the object when the Node changes. */
    private record NodePart(Node node, String agentId, Resources allocatable, Resources staticReservations,
                            String address, List<Attribute> attributes, boolean active) {
    }

    /** What the Pod objects on a node request, and which of them are task Pods. */
    private record PodPart(Set<Pod> pods, Resources requested, Set<String> taskPodNames) {

        boolean isOf(List<Pod> current) {
            if (current.size() != pods.size()) {
                return false;
            }
            for (Pod pod : current) {
                if (!pods.contains(pod)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Per node, what was derived from its Node and Pod objects, kept while the informer holds the same objects. */
    private record Derived(NodePart nodePart, PodPart podPart) {
    }

    /** What ACCEPTs in progress hold on an agent and its recorded reservations, read in one step. */
    private record HeldAndRecorded(Resources held, Resources recorded) {
    }
}

package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.store.MesosTaskStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The agents of the moment: one per Node, with what is free on it, computed from the caches. */
@ApplicationScoped
public class AgentDirectory {

    private final ClusterView cluster;
    private final MesosTaskStore tasks;
    private final OfferBook offers;
    private final BridgeConfig config;
    private final RecordedReservations reservations;
    private final Value.Ranges defaultPorts;

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
        return cluster.nodes().stream()
                .sorted(Comparator.comparing(node -> node.getMetadata().getName()))
                .map(this::agentOf)
                .toList();
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
        Set<String> podNames = pods.stream()
                .filter(pod -> tasks.holds(pod.getMetadata()))
                .map(pod -> pod.getMetadata().getName())
                .collect(Collectors.toSet());
        String agentId = AgentResources.agentId(node);
        // held first: a task created meanwhile is then counted twice for a moment, never not at all
        HeldAndRecorded seen = reservations.read(() -> new HeldAndRecorded(offers.heldOn(agentId),
                reservations.of(node)));
        Resources launching = seen.held();
        Resources reservedInUse = Resources.empty();
        for (MesosTask task : tasks.onNode(name)) {
            if (TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                continue;
            }
            Resources held = tasks.resources(task).add(tasks.executorResources(task));
            if (!podNames.contains(MesosTaskStore.podNameOf(task))) {
                launching = launching.add(held);
            } else {
                reservedInUse = reservedInUse.add(held.reserved());
            }
        }
        Resources total = AgentResources.withReservations(name, AgentResources.total(node, defaultPorts),
                RecordedReservations.staticOf(node), seen.recorded());
        Resources free = AgentResources.free(total, AgentResources.requested(pods), launching, reservedInUse);
        return new Agent(agentId, name, name, AgentResources.address(node), total, free,
                AgentResources.attributes(node, config.attributeLabelPrefix()), AgentResources.isActive(node));
    }

    /** What ACCEPTs in progress hold on an agent and its recorded reservations, read in one step. */
    private record HeldAndRecorded(Resources held, Resources recorded) {
    }
}

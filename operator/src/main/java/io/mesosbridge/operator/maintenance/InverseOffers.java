package io.mesosbridge.operator.maintenance;

import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Filters;
import io.mesosbridge.mesos.v1.Protos.MachineInfo;
import io.mesosbridge.mesos.v1.allocator.Protos.InverseOfferStatus;
import io.mesosbridge.mesos.v1.maintenance.Protos.ClusterStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkEvents;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.maintenance.InverseOfferPlanner.DrainingAgent;
import io.mesosbridge.operator.maintenance.InverseOfferPlanner.Target;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Inverse offers for the agents of DRAINING machines, made once a second (as often as the Mesos allocator runs) and
 * answered with ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS; the answers are the statuses /maintenance/status
 * shows until the machine stops draining. v1 frameworks get INVERSE_OFFERS and RESCIND_INVERSE_OFFER; a libmesos
 * driver has no handler for them, so its channel drops them, as the driver would.
 */
@ApplicationScoped
public class InverseOffers {

    private static final Logger LOG = Logger.getLogger(InverseOffers.class);
    static final long CYCLE_MILLIS = 1000;
    private static final double DEFAULT_REFUSE_SECONDS = 5;

    private final MaintenanceSchedule schedule;
    private final AgentDirectory agents;
    private final MesosTaskStore tasks;
    private final OfferBook offers;
    private final FrameworkRegistry frameworks;
    private final MasterIdentity identity;
    private final BridgeThreads threads;

    /** Outstanding inverse offers by id. */
    private final Map<String, Outstanding> outstanding = new LinkedHashMap<>();
    private final Map<Target, Long> refusedUntil = new HashMap<>();
    /** The frameworks' answers per agent, as the allocator keeps them while the agent is under maintenance. */
    private final Map<String, Map<String, InverseOfferStatus>> statuses = new HashMap<>();

    private record Outstanding(Target target, Protos.InverseOffer proto) {
    }

    public InverseOffers(MaintenanceSchedule schedule, AgentDirectory agents, MesosTaskStore tasks, OfferBook offers,
                         FrameworkRegistry frameworks, MasterIdentity identity, BridgeThreads threads) {
        this.schedule = schedule;
        this.agents = agents;
        this.tasks = tasks;
        this.offers = offers;
        this.frameworks = frameworks;
        this.identity = identity;
        this.threads = threads;
    }

    /** Reads the schedule the last leader left and starts the cycle. */
    public void start() {
        schedule.recover();
        threads.scheduled("inverse-offers").scheduleWithFixedDelay(this::cycleSafely, CYCLE_MILLIS, CYCLE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void cycleSafely() {
        try {
            cycle();
        } catch (RuntimeException e) {
            LOG.warn("making inverse offers failed; retrying", e);
        }
    }

    /** Makes and rescinds inverse offers for the schedule of the moment. */
    public synchronized void cycle() {
        MaintenanceState state = schedule.state();
        List<DrainingAgent> draining = new ArrayList<>();
        for (Agent agent : agents.agents()) {
            state.machineOf(agent.hostname(), agent.ip())
                    .filter(machine -> machine.getMode() == MachineInfo.Mode.DRAINING)
                    .ifPresent(machine -> draining.add(new DrainingAgent(agent.id(), agent.nodeName(),
                            agent.hostname(), agent.ip(), machine.getUnavailability())));
        }
        Set<String> drainingIds = new HashSet<>();
        draining.forEach(agent -> drainingIds.add(agent.agentId()));
        statuses.keySet().retainAll(drainingIds);
        // a framework that went away lost its inverse offers, as a failed-over framework loses them in Mesos
        outstanding.values().removeIf(offer -> !connected(offer.target().frameworkId()));

        long now = System.currentTimeMillis();
        refusedUntil.values().removeIf(until -> until <= now);
        InverseOfferPlanner.Plan plan = InverseOfferPlanner.plan(draining, holders(draining),
                outstandingTargets(), refusedUntil, now);
        for (Target target : plan.rescind()) {
            rescind(target);
        }
        Map<String, List<Protos.InverseOffer>> made = new LinkedHashMap<>();
        for (Target target : plan.make()) {
            DrainingAgent agent = draining.stream().filter(a -> a.agentId().equals(target.agentId())).findFirst()
                    .orElseThrow();
            Protos.InverseOffer proto = inverseOffer(identity.nextOfferId(), target.frameworkId(), agent);
            outstanding.put(proto.getId().getValue(), new Outstanding(target, proto));
            made.computeIfAbsent(target.frameworkId(), id -> new ArrayList<>()).add(proto);
        }
        made.forEach((frameworkId, batch) -> frameworks.get(frameworkId).ifPresent(framework -> {
            LOG.infof("sending %d inverse offers to framework %s", batch.size(), frameworkId);
            framework.send(FrameworkEvents.inverseOffers(batch));
        }));
    }

    /**
     * Records ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS: each inverse offer must be outstanding and the
     * framework's, or the call is ignored (Mesos logs it and answers 202 all the same). Returns the problem, if any.
     */
    public synchronized Optional<String> answer(Framework framework, List<Protos.OfferID> ids,
                                                InverseOfferStatus.Status answer, Filters filters) {
        Optional<String> invalid = validate(framework.id(), ids);
        if (invalid.isPresent()) {
            return invalid;
        }
        long now = System.currentTimeMillis();
        double refuseSeconds = filters != null && filters.hasRefuseSeconds() ? filters.getRefuseSeconds()
                : DEFAULT_REFUSE_SECONDS;
        for (Protos.OfferID id : ids) {
            Outstanding answered = outstanding.remove(id.getValue());
            statuses.computeIfAbsent(answered.target().agentId(), agent -> new LinkedHashMap<>())
                    .put(framework.id(), InverseOfferStatus.newBuilder().setStatus(answer)
                            .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(framework.id()))
                            .setTimestamp(Protos.TimeInfo.newBuilder().setNanoseconds(now * 1_000_000L))
                            .build());
            if (refuseSeconds > 0) {
                refusedUntil.put(answered.target(), now + (long) Math.min(refuseSeconds * 1000, Long.MAX_VALUE / 2));
            }
        }
        return Optional.empty();
    }

    /**
     * Mesos's {@code validateInverseOffers}, its checks in its order over the whole list: unique, outstanding, the
     * framework's, all on one agent.
     */
    Optional<String> validate(String frameworkId, List<Protos.OfferID> ids) {
        if (ids.isEmpty()) {
            return Optional.of("No inverse offers specified");
        }
        Set<String> seen = new HashSet<>();
        for (Protos.OfferID id : ids) {
            if (!seen.add(id.getValue())) {
                return Optional.of("Duplicate offer " + id.getValue() + " in offer list");
            }
        }
        for (Protos.OfferID id : ids) {
            if (!outstanding.containsKey(id.getValue())) {
                return Optional.of("Inverse offer " + id.getValue() + " is no longer valid");
            }
        }
        for (Protos.OfferID id : ids) {
            String offeredTo = outstanding.get(id.getValue()).target().frameworkId();
            if (!offeredTo.equals(frameworkId)) {
                return Optional.of("Offer " + id.getValue() + " has invalid framework " + offeredTo
                        + " while framework " + frameworkId + " is expected");
            }
        }
        String firstAgent = outstanding.get(ids.get(0).getValue()).target().agentId();
        for (Protos.OfferID id : ids) {
            String agent = outstanding.get(id.getValue()).target().agentId();
            if (!agent.equals(firstAgent)) {
                return Optional.of("Aggregated offers must belong to one single agent. Offer " + id.getValue()
                        + " uses agent " + agent + " and agent " + firstAgent);
            }
        }
        return Optional.empty();
    }

    /** The DRAINING machines with their frameworks' answers, and the DOWN machines, as /maintenance/status shows. */
    public synchronized ClusterStatus status() {
        MaintenanceState state = schedule.state();
        ClusterStatus.Builder status = ClusterStatus.newBuilder();
        List<Agent> all = agents.agents();
        for (MachineInfo machine : state.machines()) {
            if (machine.getMode() == MachineInfo.Mode.DRAINING) {
                ClusterStatus.DrainingMachine.Builder drainingMachine = status.addDrainingMachinesBuilder()
                        .setId(machine.getId());
                for (Agent agent : all) {
                    if (Machines.hosts(machine.getId(), agent.hostname(), agent.ip())) {
                        drainingMachine.addAllStatuses(statuses.getOrDefault(agent.id(), Map.of()).values());
                    }
                }
            } else if (machine.getMode() == MachineInfo.Mode.DOWN) {
                status.addDownMachines(machine.getId());
            }
        }
        return status.build();
    }

    private void rescind(Target target) {
        outstanding.entrySet().removeIf(entry -> {
            if (!entry.getValue().target().equals(target)) {
                return false;
            }
            frameworks.get(target.frameworkId()).ifPresent(framework ->
                    framework.send(FrameworkEvents.rescindInverseOffer(entry.getKey())));
            return true;
        });
        refusedUntil.remove(target);
    }

    private Set<Target> outstandingTargets() {
        Set<Target> targets = new HashSet<>();
        outstanding.values().forEach(offer -> targets.add(offer.target()));
        return targets;
    }

    /** The connected frameworks with live tasks or outstanding offers on each draining agent. */
    private Map<String, Set<String>> holders(List<DrainingAgent> draining) {
        Map<String, Set<String>> holders = new HashMap<>();
        List<Offer> outstandingOffers = offers.all();
        for (DrainingAgent agent : draining) {
            Set<String> held = new HashSet<>();
            for (MesosTask task : tasks.onNode(agent.nodeName())) {
                if (!TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                    held.add(task.getSpec().getFrameworkId());
                }
            }
            for (Offer offer : outstandingOffers) {
                if (offer.agentId().equals(agent.agentId())) {
                    held.add(offer.frameworkId());
                }
            }
            held.removeIf(frameworkId -> !connected(frameworkId));
            holders.put(agent.agentId(), held);
        }
        return holders;
    }

    private boolean connected(String frameworkId) {
        return frameworks.get(frameworkId).map(Framework::isConnected).orElse(false);
    }

    private static Protos.InverseOffer inverseOffer(String id, String frameworkId, DrainingAgent agent) {
        return Protos.InverseOffer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(id))
                .setUrl(Protos.URL.newBuilder().setScheme("http")
                        .setAddress(Protos.Address.newBuilder().setHostname(agent.hostname()).setIp(agent.ip())
                                .setPort(Offer.AGENT_PORT))
                        .setPath("/" + Offer.AGENT_PROCESS))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agent.agentId()))
                .setUnavailability(agent.unavailability())
                .build();
    }
}

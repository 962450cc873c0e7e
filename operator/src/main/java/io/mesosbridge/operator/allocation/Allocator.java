package io.mesosbridge.operator.allocation;

import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.master.MasterIdentity;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.scheduler.EventStream;
import io.mesosbridge.operator.scheduler.Events;
import io.mesosbridge.operator.tasks.TaskRegistry;
import io.mesosbridge.operator.tasks.TaskStates;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns free agent resources into offers, like the Mesos hierarchical allocator: a cycle every allocation interval
 * and whenever something asks for one (a subscribe, a REVIVE, a decline, a node or pod change). Each agent's free,
 * unoffered resources go whole to the eligible framework with the lowest dominant share; a framework holds at most
 * one outstanding offer per agent. Offers whose agent went away, stopped taking work, or lost the capacity behind
 * them are rescinded first.
 */
@ApplicationScoped
public class Allocator {

    private static final Logger LOG = Logger.getLogger(Allocator.class);
    private static final double MIN_CPUS = 0.01;
    private static final double MIN_MEM = 32;

    private final AgentDirectory agents;
    private final FrameworkRegistry frameworks;
    private final OfferBook offers;
    private final TaskRegistry tasks;
    private final MasterIdentity master;
    private final BridgeConfig config;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "allocator");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean cycleRequested = new AtomicBoolean();
    private volatile AllocationStats lastCycle = new AllocationStats(0, 0, 0);

    public Allocator(AgentDirectory agents, FrameworkRegistry frameworks, OfferBook offers, TaskRegistry tasks,
                     MasterIdentity master, BridgeConfig config) {
        this.agents = agents;
        this.frameworks = frameworks;
        this.offers = offers;
        this.tasks = tasks;
        this.master = master;
        this.config = config;
    }

    public void start(ClusterView cluster) {
        cluster.addListener(node -> requestCycle());
        executor.scheduleWithFixedDelay(this::cycleSafely, config.allocationIntervalMillis(),
                config.allocationIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Asks for a cycle soon; requests made while one is pending are folded into it. */
    public void requestCycle() {
        if (cycleRequested.compareAndSet(false, true)) {
            executor.execute(this::cycleSafely);
        }
    }

    public AllocationStats lastCycle() {
        return lastCycle;
    }

    private void cycleSafely() {
        cycleRequested.set(false);
        long start = System.nanoTime();
        try {
            int rescinded = rescindInvalidOffers();
            int offered = allocate();
            lastCycle = new AllocationStats(lastCycle.runs() + 1, (System.nanoTime() - start) / 1_000_000.0,
                    offered + rescinded);
        } catch (RuntimeException e) {
            LOG.warn("allocation cycle failed; the next one retries", e);
        }
    }

    private int rescindInvalidOffers() {
        // an offer made while its framework was being removed or was disconnecting has nobody left to use it
        List<Offer> orphaned = offers.removeIf(offer -> frameworks.get(offer.frameworkId())
                .filter(Framework::isConnected).isEmpty());
        orphaned.forEach(offer -> LOG.debugf("withdrawing offer %s on %s: framework %s is gone or disconnected",
                offer.id(), offer.nodeName(), offer.frameworkId()));
        Map<String, Agent> byId = new HashMap<>();
        agents.agents().forEach(agent -> byId.put(agent.id(), agent));
        Map<String, List<Offer>> byAgent = new LinkedHashMap<>();
        offers.all().forEach(offer -> byAgent.computeIfAbsent(offer.agentId(), id -> new ArrayList<>()).add(offer));
        int rescinded = 0;
        for (Map.Entry<String, List<Offer>> entry : byAgent.entrySet()) {
            Agent agent = byId.get(entry.getKey());
            Resources offered = Resources.empty();
            for (Offer offer : entry.getValue()) {
                offered = offered.add(offer.resources());
            }
            String reason = agent == null ? "the agent is gone"
                    : !agent.active() ? "the agent no longer takes work"
                    : !agent.free().contains(offered) ? "the agent has only " + agent.free() + " free" : null;
            if (reason != null) {
                for (Offer offer : entry.getValue()) {
                    rescind(offer, reason);
                }
                rescinded += entry.getValue().size();
            }
        }
        return orphaned.size() + rescinded;
    }

    /** Withdraws an outstanding offer and tells its framework (RESCIND). */
    private void rescind(Offer offer, String reason) {
        if (offers.removeIf(o -> o.id().equals(offer.id())).isEmpty()) {
            return;
        }
        LOG.infof("rescinding offer %s of %s on %s from framework %s: %s", offer.id(), offer.resources(),
                offer.nodeName(), offer.frameworkId(), reason);
        frameworks.get(offer.frameworkId()).map(Framework::stream)
                .ifPresent(stream -> stream.send(Events.rescind(offer.id())));
    }

    private int allocate() {
        List<Framework> eligible = frameworks.all().stream()
                .filter(Framework::isConnected)
                .filter(framework -> framework.offerRole() != null)
                .sorted(Comparator.comparing(Framework::id))
                .toList();
        if (eligible.isEmpty()) {
            return 0;
        }
        List<Agent> all = agents.agents();
        Resources clusterTotal = Resources.empty();
        for (Agent agent : all) {
            clusterTotal = clusterTotal.add(agent.total());
        }
        Map<String, Resources> allocated = new HashMap<>();
        for (Framework framework : eligible) {
            Resources held = offers.offeredTo(framework.id());
            for (MesosTask task : tasks.ofFramework(framework.id())) {
                if (!TaskStates.isTerminal(TaskRegistry.stateOf(task))) {
                    held = held.add(tasks.resources(task));
                }
            }
            allocated.put(framework.id(), held);
        }
        long now = System.currentTimeMillis();
        Map<Framework, List<Offer>> batches = new LinkedHashMap<>();
        for (Agent agent : all) {
            if (!agent.active()) {
                continue;
            }
            Resources available = agent.free().subtract(offers.offeredOn(agent.id()));
            if (available.scalar("cpus") < MIN_CPUS && available.scalar("mem") < MIN_MEM) {
                continue;
            }
            Framework chosen = null;
            double lowest = Double.MAX_VALUE;
            for (Framework framework : eligible) {
                if (offers.hasOffer(framework.id(), agent.id()) || framework.refuses(agent.id(), now)) {
                    continue;
                }
                if (agent.total().scalar("gpus") > 0
                        && !framework.hasCapability(FrameworkInfo.Capability.Type.GPU_RESOURCES)) {
                    continue;
                }
                double share = DominantShare.of(allocated.get(framework.id()), clusterTotal);
                if (share < lowest) {
                    lowest = share;
                    chosen = framework;
                }
            }
            if (chosen == null) {
                continue;
            }
            Offer offer = new Offer(master.nextOfferId(), chosen.id(), agent.id(), agent.nodeName(), agent.hostname(),
                    available, agent.attributes(), chosen.offerRole(),
                    chosen.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE));
            allocated.merge(chosen.id(), available, Resources::add);
            batches.computeIfAbsent(chosen, f -> new ArrayList<>()).add(offer);
        }
        // offers enter the book only now, just before they are sent, so a cycle that fails leaves none behind
        int count = 0;
        for (Map.Entry<Framework, List<Offer>> batch : batches.entrySet()) {
            batch.getValue().forEach(offers::add);
            EventStream stream = batch.getKey().stream();
            boolean sent = stream != null
                    && stream.send(Events.offers(batch.getValue().stream().map(Offer::toProto).toList()));
            if (!sent) {
                batch.getValue().forEach(offer -> offers.removeIf(o -> o.id().equals(offer.id())));
            } else {
                count += batch.getValue().size();
            }
        }
        return count;
    }

    /** What the last cycle did, for the allocator metrics. */
    public record AllocationStats(long runs, double lastRunMillis, int offersChanged) {
    }
}

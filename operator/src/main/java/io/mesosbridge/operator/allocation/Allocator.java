package io.mesosbridge.operator.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.operator.agents.AgentChanges;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.offers.Offers;
import io.mesosbridge.operator.roles.RoleSettingsStore;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.TaskTotals;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The allocation loop: soon after anything asks for it (a subscribe, a REVIVE, an ACCEPT, a node or pod change that
 * can change an offer), and every allocation interval when something may have changed since the last pass (a task,
 * an offer taken, declined or rescinded, a DECLINE filter ending), it reads agents, frameworks and outstanding
 * offers, asks {@link OfferPlanner} what to do, and has {@link Offers} do it. One cycle at a time, on its own thread;
 * requests made meanwhile are folded into one. With no framework asking and no offer outstanding a pass reads no
 * agent.
 */
@ApplicationScoped
public class Allocator {

    private static final Logger LOG = Logger.getLogger(Allocator.class);

    private final AgentDirectory agents;
    private final FrameworkRegistry frameworks;
    private final OfferBook book;
    private final Offers offers;
    private final MesosTaskStore tasks;
    private final MasterIdentity master;
    private final BridgeConfig config;
    private final BridgeThreads threads;
    private final MasterCounters counters;
    private final RoleSettingsStore roles;
    private final TaskTotals taskTotals;
    private final AtomicBoolean cycleRequested = new AtomicBoolean();
    private final AtomicLong requestedAtNanos = new AtomicLong();
    /** Whether something that can change an offer happened since the last pass started. */
    private final AtomicBoolean changed = new AtomicBoolean(true);
    /** When a task's Pod ended, by node, until the next offer on that node's agent. */
    private final Map<String, Long> podEndedAtNanos = new ConcurrentHashMap<>();
    private volatile long removalsSeen = -1;
    private volatile long nextRefusalEndMillis = Long.MAX_VALUE;
    private volatile ScheduledExecutorService executor;
    private volatile AllocationStats lastCycle = new AllocationStats(0, 0, 0);

    public Allocator(AgentDirectory agents, FrameworkRegistry frameworks, OfferBook book, Offers offers,
                     MesosTaskStore tasks, MasterIdentity master, BridgeConfig config, BridgeThreads threads,
                     MasterCounters counters, RoleSettingsStore roles, TaskTotals taskTotals) {
        this.agents = agents;
        this.frameworks = frameworks;
        this.book = book;
        this.offers = offers;
        this.tasks = tasks;
        this.master = master;
        this.config = config;
        this.threads = threads;
        this.counters = counters;
        this.roles = roles;
        this.taskTotals = taskTotals;
        counters.gauge("allocator/mesos/event_queue_dispatches", () -> cycleRequested.get() ? 1 : 0);
        counters.gauge("allocator/event_queue_dispatches", () -> cycleRequested.get() ? 1 : 0);
    }

    /** Starts allocating once the roles' weights and quotas are loaded; their changes ask for a cycle. */
    public void start(ClusterView cluster) {
        roles.load();
        roles.addListener(settings -> requestCycle());
        executor = threads.scheduled("allocator");
        cluster.addListener(new ClusterView.Listener() {
            @Override
            public void nodeChanged(Node before, Node after) {
                if (AgentChanges.offersMayChange(before, after)) {
                    requestCycle();
                }
            }

            @Override
            public void podChanged(Pod before, Pod after) {
                String endedOn = AgentChanges.nodeWherePodEnded(before, after);
                if (endedOn != null && tasks.holds(before.getMetadata())) {
                    podEndedAtNanos.putIfAbsent(endedOn, System.nanoTime());
                }
                if (AgentChanges.capacityMayChange(before, after) && !(before == null && isLaunching(after))) {
                    requestCycle();
                }
            }
        });
        tasks.addListener((before, after) -> {
            // a task ending before its Pod exists frees what the agent counted as launching
            if (before != null && !isTerminal(before) && (after == null || isTerminal(after))) {
                changed.set(true);
            }
        });
        executor.scheduleWithFixedDelay(this::tick, config.allocationIntervalMillis(),
                config.allocationIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a cycle soon; requests made while one is pending are folded into it. */
    public void requestCycle() {
        changed.set(true);
        ScheduledExecutorService running = executor;
        if (running != null && cycleRequested.compareAndSet(false, true)) {
            requestedAtNanos.set(System.nanoTime());
            running.execute(this::cycleSafely);
        }
    }

    public AllocationStats lastCycle() {
        return lastCycle;
    }

    /** The periodic pass: only when something may have changed since the last one, or an offer may time out. */
    private void tick() {
        if (changed.get() || book.removals() != removalsSeen || System.currentTimeMillis() >= nextRefusalEndMillis
                || (config.offerTimeout().isPresent() && book.size() > 0)) {
            cycleSafely();
        }
    }

    private void cycleSafely() {
        long start = System.nanoTime();
        if (cycleRequested.getAndSet(false)) {
            counters.time("allocator/mesos/allocation_run_latency_ms", (start - requestedAtNanos.get()) / 1e6);
        }
        changed.set(false);
        removalsSeen = book.removals();
        try {
            List<OfferPlanner.Demand> demands = demands(System.currentTimeMillis());
            boolean nothingToOffer = demands.stream().allMatch(demand -> demand.roles().isEmpty())
                    && book.size() == 0;
            if (nothingToOffer) {
                podEndedAtNanos.clear();
            }
            int offersChanged = nothingToOffer ? 0 : cycle(demands, start, System.currentTimeMillis());
            double millis = (System.nanoTime() - start) / 1e6;
            lastCycle = new AllocationStats(lastCycle.runs() + 1, millis, offersChanged);
            counters.increment("allocator/mesos/allocation_runs");
            counters.time("allocator/mesos/allocation_run_ms", millis);
        } catch (RuntimeException e) {
            changed.set(true);
            LOG.warn("allocation cycle failed; the next one retries", e);
        }
    }

    /** The active frameworks as the planner sees them; notes when the first of their DECLINE filters ends. */
    private List<OfferPlanner.Demand> demands(long nowMillis) {
        List<OfferPlanner.Demand> demands = new ArrayList<>();
        long firstRefusalEnd = Long.MAX_VALUE;
        for (Framework framework : frameworks.all()) {
            if (framework.isActive()) {
                Map<String, Long> refusals = framework.refusals(nowMillis);
                for (long until : refusals.values()) {
                    firstRefusalEnd = Math.min(firstRefusalEnd, until);
                }
                demands.add(new OfferPlanner.Demand(framework.id(), framework.unsuppressedRoles(),
                        framework.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE),
                        framework.hasCapability(FrameworkInfo.Capability.Type.GPU_RESOURCES),
                        refusals, heldByTasks(framework)));
            }
        }
        nextRefusalEndMillis = firstRefusalEnd;
        return demands;
    }

    private int cycle(List<OfferPlanner.Demand> demands, long startNanos, long nowMillis) {
        config.offerTimeout().ifPresent(timeout -> book.madeBefore(nowMillis - timeout.toMillis())
                .forEach(offer -> offers.rescind(offer, "it is older than --offer_timeout " + timeout)));
        // the outstanding offers before the agents: an offer an ACCEPT takes in between is then either still in
        // this list with its resources still free, or held on its agent (and its rescind below a no-op); read the
        // other way round, it would be in neither, and its agent would look unoffered and be offered again
        List<Offer> outstanding = book.all();
        OfferPlanner.Plan plan = OfferPlanner.plan(agents.agents(), demands, outstanding, roles.current(),
                config.filterGpuResources(), nowMillis);

        for (Offer withdrawn : plan.withdrawn()) {
            LOG.debugf("withdrawing offer %s on %s: framework %s is gone or disconnected", withdrawn.id(),
                    withdrawn.nodeName(), withdrawn.frameworkId());
            offers.withdraw(offer -> offer.id().equals(withdrawn.id()));
        }
        plan.rescinds().forEach(rescind -> offers.rescind(rescind.offer(), rescind.reason()));

        Map<String, List<Offer>> batches = new LinkedHashMap<>();
        for (OfferPlanner.PlannedOffer planned : plan.offers()) {
            batches.computeIfAbsent(planned.frameworkId(), id -> new ArrayList<>()).add(new Offer(
                    master.nextOfferId(), planned.frameworkId(), planned.agent().id(), planned.agent().nodeName(),
                    planned.agent().hostname(), planned.agent().ip(), planned.resources(),
                    planned.agent().attributes(), planned.role(), planned.multiRole()));
        }
        int made = 0;
        for (Map.Entry<String, List<Offer>> batch : batches.entrySet()) {
            Framework framework = frameworks.get(batch.getKey()).orElse(null);
            if (framework != null && offers.make(framework, batch.getValue())) {
                made += batch.getValue().size();
                batch.getValue().forEach(offer -> timeOfferAfterPodEnded(offer.nodeName(), startNanos));
            }
        }
        // a Pod that ended before this pass and freed nothing anybody was offered now is no sample
        podEndedAtNanos.values().removeIf(endedAt -> endedAt < startNanos);
        return plan.withdrawn().size() + plan.rescinds().size() + made;
    }

    /** A new Pod of a task the agent already counts as launching on its node: it takes nothing more. */
    private boolean isLaunching(Pod pod) {
        String name = pod.getMetadata().getName();
        return tasks.holds(pod.getMetadata()) && tasks.onNode(pod.getSpec().getNodeName()).stream()
                .anyMatch(task -> MesosTaskStore.podNameOf(task).equals(name) && !isTerminal(task));
    }

    private static boolean isTerminal(MesosTask task) {
        return TaskStates.isTerminal(MesosTaskStore.stateOf(task));
    }

    /** Offer latency after a task ends: from its Pod ending to the next offer of its agent's resources. */
    private void timeOfferAfterPodEnded(String nodeName, long passStartNanos) {
        Long endedAt = podEndedAtNanos.get(nodeName);
        if (endedAt != null && endedAt < passStartNanos && podEndedAtNanos.remove(nodeName, endedAt)) {
            counters.time("allocator/mesos/offer_after_task_end_ms", (System.nanoTime() - endedAt) / 1e6);
        }
    }

    /** What the framework's tasks hold, by the role each was launched in. */
    private Map<String, Resources> heldByTasks(Framework framework) {
        return taskTotals.heldByRole(framework.id(), framework.roles().get(0));
    }

    /** What the live tasks of every framework hold, by role: what the roles' quota limits are checked against. */
    public Map<String, Resources> allocatedByRole() {
        Map<String, Resources> held = new TreeMap<>(taskTotals.heldByRole(frameworkId ->
                frameworks.get(frameworkId).map(framework -> framework.roles().get(0)).orElse("*")));
        held.values().removeIf(Resources::isEmpty);
        return held;
    }

    /** What the last cycle did, for the allocator metrics. */
    public record AllocationStats(long runs, double lastRunMillis, int offersChanged) {
    }
}

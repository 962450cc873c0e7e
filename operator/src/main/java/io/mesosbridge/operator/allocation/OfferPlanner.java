package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.roles.Quota;
import io.mesosbridge.operator.roles.RoleSettings;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What to offer and what to take back, decided as the Mesos 1.11 hierarchical allocator decides it, as a pure
 * function of the agents, the connected frameworks (their roles, filters and allocations), the outstanding offers,
 * the roles' weights and quotas, and the time.
 *
 * <ul>
 * <li>Offers of frameworks that are no longer connected are withdrawn without a word (nobody is there to hear it).
 * <li>Offers on an agent that is gone, no longer takes work, or no longer has the offered resources free are
 * rescinded.
 * <li>A framework asks for resources in each of its unsuppressed roles. Roles take turns by weighted dominant share
 * (the role's allocated and offered share of the cluster divided by its weight, ties to the lowest name); within a
 * role, frameworks by their dominant share in that role (ties to the lowest id).
 * <li>Two stages, as Mesos's {@code __allocate}: first, over every agent, only roles still under a quota guarantee
 * take turns; then, over every agent, all roles. Role R is offered {@code free.unreserved()} plus
 * {@code free.reservedTo(R)} of what is not yet offered, with two cuts to the unreserved scalars: never beyond R's
 * quota limit (limit minus what R consumes, that is its allocated unreserved resources plus every resource reserved
 * to it, minus what it is offered), and never into what the other roles' unsatisfied guarantees still need from the
 * unreserved, unoffered resources of the cluster (held back for them).
 * <li>A framework holds at most one outstanding offer per agent, gets none from agents it refuses (DECLINE filters not
 * yet expired) nor, with {@code filterGpuResources} and without GPU_RESOURCES, from agents with GPUs. Offers below
 * 0.01 cpus and 32 MiB are not worth making.
 * </ul>
 */
public final class OfferPlanner {

    static final double MIN_CPUS = 0.01;
    static final double MIN_MEM = 32;

    private OfferPlanner() {
    }

    /**
     * A connected framework as the allocator sees it.
     *
     * @param roles              its unsuppressed roles, in the order it subscribed with them (empty when all are
     *                           suppressed)
     * @param refusedUntilMillis DECLINE filters: agent id to the time the filter ends
     * @param allocatedByRole    what its live tasks hold, by the role they were launched in (its outstanding offers
     *                           are added by the planner)
     */
    public record Demand(String frameworkId, List<String> roles, boolean multiRole, boolean gpuAware,
                         Map<String, Long> refusedUntilMillis, Map<String, Resources> allocatedByRole) {
    }

    /** An offer to make: all of {@code resources} on the agent, for the framework and role. */
    public record PlannedOffer(String frameworkId, Agent agent, Resources resources, String role, boolean multiRole) {
    }

    public record Rescind(Offer offer, String reason) {
    }

    public record Plan(List<Offer> withdrawn, List<Rescind> rescinds, List<PlannedOffer> offers) {
    }

    /**
     * @param roles              the roles' weights and quotas
     * @param filterGpuResources Mesos's {@code --filter_gpu_resources}: agents with GPUs only for GPU_RESOURCES
     *                           frameworks
     */
    public static Plan plan(List<Agent> agents, List<Demand> connected, List<Offer> outstanding, RoleSettings roles,
                            boolean filterGpuResources, long nowMillis) {
        Set<String> connectedIds = new HashSet<>();
        connected.forEach(demand -> connectedIds.add(demand.frameworkId()));
        List<Offer> withdrawn = new ArrayList<>();
        Map<String, List<Offer>> keptByAgent = new HashMap<>();
        for (Offer offer : outstanding) {
            if (connectedIds.contains(offer.frameworkId())) {
                keptByAgent.computeIfAbsent(offer.agentId(), id -> new ArrayList<>()).add(offer);
            } else {
                withdrawn.add(offer);
            }
        }

        Map<String, Agent> agentsById = new HashMap<>();
        agents.forEach(agent -> agentsById.put(agent.id(), agent));
        List<Rescind> rescinds = new ArrayList<>();
        List<Offer> kept = new ArrayList<>();
        keptByAgent.forEach((agentId, offers) -> {
            String reason = invalidity(agentsById.get(agentId), offers);
            if (reason == null) {
                kept.addAll(offers);
            } else {
                offers.forEach(offer -> rescinds.add(new Rescind(offer, reason)));
            }
        });

        Allocation allocation = new Allocation(agents, connected, kept, roles, filterGpuResources, nowMillis);
        return new Plan(withdrawn, rescinds, allocation.run());
    }

    /** Why the agent's outstanding offers can no longer be used, or null if they can. */
    private static String invalidity(Agent agent, List<Offer> offers) {
        if (agent == null) {
            return "the agent is gone";
        }
        if (!agent.active()) {
            return "the agent no longer takes work";
        }
        Resources offered = offers.get(0).resources();
        for (int i = 1; i < offers.size(); i++) {
            offered = offered.add(offers.get(i).resources());
        }
        return sameResources(agent.free(), offered) || agent.free().contains(offered) ? null
                : "the agent has only " + agent.free() + " free";
    }

    /**
     * One allocation run: the bookkeeping that changes as offers are planned. What does not change per agent is
     * computed once: the frameworks asking in each role, their dominant shares (kept up to date as offers are
     * planned), the roles' order (computed again only after an offer changed a share), the cluster's totals.
     */
    private static final class Allocation {

        private final List<Agent> agents;
        private final List<Demand> demands;
        private final RoleSettings roles;
        private final boolean filterGpuResources;
        private final long nowMillis;
        private final long[] clusterTotals = DominantShare.amounts();
        /** allocated and offered, by role */
        private final Map<String, Usage> byRole = new HashMap<>();
        /** allocated and offered, by framework (index in {@link #demands}) and role */
        private final List<Map<String, Usage>> byFramework = new ArrayList<>();
        /** the indices in {@link #demands} of the frameworks asking in each role, lowest id first */
        private final Map<String, int[]> askingInRole = new HashMap<>();
        /** each asking framework's dominant share in the role, by index in {@link #demands} */
        private final Map<String, double[]> shareInRole = new HashMap<>();
        /** the roles some framework asks in, by name */
        private final List<String> askedRoles;
        /** each asked role's dominant share divided by its weight */
        private final Map<String, Double> weightedShare = new HashMap<>();
        /** resources reserved to each role on any agent: part of its quota consumption whether used or not */
        private final Map<String, Resources> reservedByRole = new HashMap<>();
        private final Map<String, Resources> unofferedByAgent = new HashMap<>();
        /** the frameworks (indices in {@link #demands}) that hold an offer on each agent */
        private final Map<String, BitSet> offeredOnAgent = new HashMap<>();
        /** the unreserved, unoffered amounts of the resources some guarantee names, over every active agent */
        private final Map<String, Double> spare = new HashMap<>();
        private final List<PlannedOffer> planned = new ArrayList<>();
        private List<String> rolesInTurn;
        private List<String> guaranteedRolesInTurn;

        Allocation(List<Agent> agents, List<Demand> demands, List<Offer> kept, RoleSettings roles,
                   boolean filterGpuResources, long nowMillis) {
            this.agents = agents.stream().sorted(Comparator.comparing(Agent::id)).toList();
            this.demands = demands.stream().sorted(Comparator.comparing(Demand::frameworkId)).toList();
            this.roles = roles;
            this.filterGpuResources = filterGpuResources;
            this.nowMillis = nowMillis;
            for (Agent agent : agents) {
                DominantShare.addTo(clusterTotals, agent.total());
                for (Resource reserved : agent.total().reserved()) {
                    reservedByRole.merge(Resources.reservationRole(reserved), Resources.of(reserved),
                            Resources::add);
                }
                if (agent.active()) {
                    unofferedByAgent.put(agent.id(), agent.free());
                }
            }
            Map<String, Integer> demandIndex = new HashMap<>();
            Map<String, List<Integer>> asking = new TreeMap<>();
            for (int i = 0; i < this.demands.size(); i++) {
                Demand demand = this.demands.get(i);
                demandIndex.put(demand.frameworkId(), i);
                byFramework.add(new HashMap<>());
                for (String role : new TreeSet<>(demand.roles())) {
                    asking.computeIfAbsent(role, r -> new ArrayList<>()).add(i);
                }
            }
            askedRoles = List.copyOf(asking.keySet());
            askedRoles.forEach(role -> weightedShare.put(role, 0.0));
            asking.forEach((role, indices) -> {
                askingInRole.put(role, indices.stream().mapToInt(Integer::intValue).toArray());
                shareInRole.put(role, new double[this.demands.size()]);
            });
            for (int i = 0; i < this.demands.size(); i++) {
                int framework = i;
                this.demands.get(i).allocatedByRole().forEach((role, held) -> count(framework, role, held));
            }
            for (Offer offer : kept) {
                int framework = demandIndex.get(offer.frameworkId());
                count(framework, offer.role(), offer.resources());
                unofferedByAgent.computeIfPresent(offer.agentId(), (id, left) -> minus(left, offer.resources()));
                offeredOnAgent.computeIfAbsent(offer.agentId(), id -> new BitSet()).set(framework);
            }
            for (Quota quota : roles.quotas().values()) {
                quota.guarantees().keySet().forEach(name -> spare.put(name, 0.0));
            }
            if (!spare.isEmpty()) {
                for (Resources left : unofferedByAgent.values()) {
                    takeFromSpare(left.unreserved(), -1);
                }
            }
        }

        List<PlannedOffer> run() {
            for (Agent agent : agents) {
                offerOn(agent, true);
            }
            for (Agent agent : agents) {
                offerOn(agent, false);
            }
            return planned;
        }

        private void offerOn(Agent agent, boolean guaranteesOnly) {
            Resources left = unofferedByAgent.get(agent.id());
            // what any role could be offered here is part of what is left, so an agent with too little left is done
            if (left == null || !worthAnOffer(left)) {
                return;
            }
            boolean gpusFiltered = filterGpuResources && agent.total().scalar("gpus") > 0;
            for (String role : rolesInTurn(guaranteesOnly)) {
                // without quotas, all that is left of an agent without reservations goes to whichever role is first
                Resources cutUnreserved = roles.quotas().isEmpty() && isUnreserved(left) ? left
                        : cut(left.unreserved(), role);
                Resources offerable = cutUnreserved == left ? left : cutUnreserved.add(left.reservedTo(role));
                if (!worthAnOffer(offerable)) {
                    continue;
                }
                int chosen = frameworkInTurn(role, agent.id(), gpusFiltered);
                if (chosen < 0) {
                    continue;
                }
                Demand demand = demands.get(chosen);
                planned.add(new PlannedOffer(demand.frameworkId(), agent, offerable, role, demand.multiRole()));
                count(chosen, role, offerable);
                if (!spare.isEmpty()) {
                    takeFromSpare(cutUnreserved, 1);
                }
                left = minus(left, offerable);
                unofferedByAgent.put(agent.id(), left);
                offeredOnAgent.computeIfAbsent(agent.id(), id -> new BitSet()).set(chosen);
                if (!worthAnOffer(left)) {
                    return;
                }
            }
        }

        /** The roles some framework asks in, lowest weighted dominant share first; only those under a guarantee. */
        private List<String> rolesInTurn(boolean guaranteesOnly) {
            if (guaranteesOnly) {
                if (guaranteedRolesInTurn == null) {
                    guaranteedRolesInTurn = ordered(askedRoles.stream()
                            .filter(role -> !unsatisfiedGuarantee(role).isEmpty()).toList());
                }
                return guaranteedRolesInTurn;
            }
            if (rolesInTurn == null) {
                rolesInTurn = ordered(askedRoles);
            }
            return rolesInTurn;
        }

        /** The roles by weighted dominant share, ties to the lowest name (a stable sort of roles in name order). */
        private List<String> ordered(List<String> byName) {
            List<String> ordered = new ArrayList<>(byName);
            ordered.sort(Comparator.comparingDouble(weightedShare::get));
            return ordered;
        }

        /**
         * The framework asking in the role with the lowest dominant share in it (ties to the lowest id) that holds
         * no offer on the agent, does not refuse it, and may have its GPUs; -1 when there is none.
         */
        private int frameworkInTurn(String role, String agentId, boolean gpusFiltered) {
            double[] shares = shareInRole.get(role);
            BitSet offered = offeredOnAgent.get(agentId);
            int chosen = -1;
            double lowest = Double.MAX_VALUE;
            for (int framework : askingInRole.get(role)) {
                if (shares[framework] >= lowest || (offered != null && offered.get(framework))) {
                    continue;
                }
                Demand demand = demands.get(framework);
                if ((gpusFiltered && !demand.gpuAware()) || refuses(demand, agentId)) {
                    continue;
                }
                lowest = shares[framework];
                chosen = framework;
            }
            return chosen;
        }

        /** The unreserved resources cut to the role's limit headroom and to what others' guarantees leave. */
        private Resources cut(Resources unreserved, String role) {
            if (roles.quotas().isEmpty()) {
                return unreserved;
            }
            Map<String, Double> budget = new HashMap<>();
            roles.quota(role).limits().forEach((name, limit) ->
                    budget.put(name, Math.max(0, limit - consumed(role, name))));
            for (Map.Entry<String, Double> held : heldBackFor(role).entrySet()) {
                double room = Math.max(0, spare.get(held.getKey()) - held.getValue());
                budget.merge(held.getKey(), room, Math::min);
            }
            return budget.isEmpty() ? unreserved : cutScalars(unreserved, budget);
        }

        /**
         * What role R consumes of a quota resource, as Mesos 1.11 counts it: its allocated (and offered) unreserved
         * resources plus everything reserved to it.
         */
        private double consumed(String role, String name) {
            return Values.fromFixed(byRole.getOrDefault(role, Usage.NONE).unreserved.getOrDefault(name, 0L))
                    + reservedByRole.getOrDefault(role, Resources.empty()).scalar(name);
        }

        /** How much of each resource the roles other than {@code role} still need to reach their guarantees. */
        private Map<String, Double> heldBackFor(String role) {
            Map<String, Double> needed = new TreeMap<>();
            for (Map.Entry<String, Quota> quota : roles.quotas().entrySet()) {
                if (!quota.getKey().equals(role)) {
                    unsatisfiedGuarantee(quota.getKey()).forEach((name, amount) -> needed.merge(name, amount,
                            Double::sum));
                }
            }
            return needed;
        }

        /** Resource name to the amount still missing from the role's guarantee; empty when it is satisfied. */
        private Map<String, Double> unsatisfiedGuarantee(String role) {
            Map<String, Double> missing = new TreeMap<>();
            roles.quota(role).guarantees().forEach((name, guarantee) -> {
                double gap = guarantee - consumed(role, name);
                if (gap > 0.0005) {
                    missing.put(name, gap);
                }
            });
            return missing;
        }

        private void count(int framework, String role, Resources resources) {
            Usage ofRole = byRole.computeIfAbsent(role, r -> new Usage());
            ofRole.add(resources);
            weightedShare.computeIfPresent(role, (r, old) -> DominantShare.of(ofRole.fair, clusterTotals)
                    / roles.weight(role));
            Usage held = byFramework.get(framework).computeIfAbsent(role, r -> new Usage());
            held.add(resources);
            double[] shares = shareInRole.get(role);
            if (shares != null) {
                shares[framework] = DominantShare.of(held.fair, clusterTotals);
            }
            rolesInTurn = null;
            guaranteedRolesInTurn = null;
        }

        /** Takes {@code sign} times the unreserved amounts from {@link #spare} (-1 gives them to it). */
        private void takeFromSpare(Resources unreserved, int sign) {
            spare.replaceAll((name, amount) -> amount - sign * unreserved.scalar(name));
        }

        private boolean refuses(Demand demand, String agentId) {
            Long until = demand.refusedUntilMillis().get(agentId);
            return until != null && until > nowMillis;
        }
    }

    /**
     * Scalar amounts held, in Mesos fixed point: of the fair resources whatever their reservation (dominant shares),
     * and unreserved by name (quota consumption). Plain sums where adding Resources would merge protos.
     */
    private static final class Usage {

        static final Usage NONE = new Usage();

        final long[] fair = DominantShare.amounts();
        final Map<String, Long> unreserved = new HashMap<>();

        void add(Resources resources) {
            DominantShare.addTo(fair, resources);
            for (Resource resource : resources) {
                if (resource.getType() == Value.Type.SCALAR && Resources.reservationRole(resource) == null) {
                    unreserved.merge(resource.getName(), Values.toFixed(resource.getScalar().getValue()), Long::sum);
                }
            }
        }
    }

    /** {@code from} without {@code part}, which it holds; nothing when the two are the same resources. */
    private static Resources minus(Resources from, Resources part) {
        return sameResources(from, part) ? Resources.empty() : from.subtract(part);
    }

    /** Whether both are the same resources in the same order: a cheap test before proto arithmetic. */
    private static boolean sameResources(Resources a, Resources b) {
        return a == b || (a.size() == b.size() && a.toList().equals(b.toList()));
    }

    private static boolean isUnreserved(Resources resources) {
        for (Resource resource : resources) {
            if (Resources.reservationRole(resource) != null) {
                return false;
            }
        }
        return true;
    }

    private static boolean worthAnOffer(Resources resources) {
        return resources.scalar("cpus") >= MIN_CPUS || resources.scalar("mem") >= MIN_MEM;
    }

    /** The resources with each scalar named in {@code budget} cut down to at most that amount in total. */
    static Resources cutScalars(Resources resources, Map<String, Double> budget) {
        Map<String, Double> left = new HashMap<>(budget);
        List<Resource> kept = new ArrayList<>();
        for (Resource resource : resources) {
            Double room = left.get(resource.getName());
            if (room == null || resource.getType() != Value.Type.SCALAR) {
                kept.add(resource);
                continue;
            }
            double value = resource.getScalar().getValue();
            double taken = Math.min(value, room);
            left.put(resource.getName(), room - taken);
            if (taken >= value) {
                kept.add(resource);
            } else if (taken > 0 && !resource.hasDisk()) {
                kept.add(resource.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(
                        Math.floor(taken * 1000) / 1000)).build());
            }
        }
        return Resources.of(kept);
    }
}

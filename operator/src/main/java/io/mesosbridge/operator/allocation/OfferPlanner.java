package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.roles.Quota;
import io.mesosbridge.operator.roles.RoleSettings;

import java.util.ArrayList;
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
        List<Offer> kept = new ArrayList<>();
        for (Offer offer : outstanding) {
            (connectedIds.contains(offer.frameworkId()) ? kept : withdrawn).add(offer);
        }

        Map<String, Agent> agentsById = new HashMap<>();
        agents.forEach(agent -> agentsById.put(agent.id(), agent));
        Map<String, List<Offer>> keptByAgent = new HashMap<>();
        kept.forEach(offer -> keptByAgent.computeIfAbsent(offer.agentId(), id -> new ArrayList<>()).add(offer));
        List<Rescind> rescinds = new ArrayList<>();
        keptByAgent.forEach((agentId, offers) -> {
            String reason = invalidity(agentsById.get(agentId), offers);
            if (reason != null) {
                offers.forEach(offer -> rescinds.add(new Rescind(offer, reason)));
                kept.removeAll(offers);
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
        Resources offered = Resources.empty();
        for (Offer offer : offers) {
            offered = offered.add(offer.resources());
        }
        return agent.free().contains(offered) ? null : "the agent has only " + agent.free() + " free";
    }

    /** One allocation run: the bookkeeping that changes as offers are planned. */
    private static final class Allocation {

        private final List<Agent> agents;
        private final List<Demand> demands;
        private final RoleSettings roles;
        private final boolean filterGpuResources;
        private final long nowMillis;
        private final Resources clusterTotal;
        /** allocated and offered, by role */
        private final Map<String, Resources> byRole = new HashMap<>();
        /** allocated and offered, by framework and role */
        private final Map<String, Map<String, Resources>> byFramework = new HashMap<>();
        /** resources reserved to each role on any agent: part of its quota consumption whether used or not */
        private final Map<String, Resources> reservedByRole = new HashMap<>();
        private final Map<String, Resources> unofferedByAgent = new HashMap<>();
        private final Set<String> offeredPairs = new HashSet<>();
        private final List<PlannedOffer> planned = new ArrayList<>();

        Allocation(List<Agent> agents, List<Demand> demands, List<Offer> kept, RoleSettings roles,
                   boolean filterGpuResources, long nowMillis) {
            this.agents = agents.stream().sorted(Comparator.comparing(Agent::id)).toList();
            this.demands = demands.stream().sorted(Comparator.comparing(Demand::frameworkId)).toList();
            this.roles = roles;
            this.filterGpuResources = filterGpuResources;
            this.nowMillis = nowMillis;
            Resources total = Resources.empty();
            for (Agent agent : agents) {
                total = total.add(agent.total());
                for (Resource reserved : agent.total().reserved()) {
                    reservedByRole.merge(Resources.reservationRole(reserved), Resources.of(reserved),
                            Resources::add);
                }
                if (agent.active()) {
                    unofferedByAgent.put(agent.id(), agent.free());
                }
            }
            clusterTotal = total;
            for (Demand demand : demands) {
                demand.allocatedByRole().forEach((role, held) -> count(demand.frameworkId(), role, held));
            }
            for (Offer offer : kept) {
                count(offer.frameworkId(), offer.role(), offer.resources());
                unofferedByAgent.computeIfPresent(offer.agentId(), (id, left) -> left.subtract(offer.resources()));
                offeredPairs.add(pair(offer.frameworkId(), offer.agentId()));
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
            if (!unofferedByAgent.containsKey(agent.id())) {
                return;
            }
            for (String role : rolesInTurn(guaranteesOnly)) {
                Resources left = unofferedByAgent.get(agent.id());
                Resources offerable = cut(left.unreserved(), role).add(left.reservedTo(role));
                if (!worthAnOffer(offerable)) {
                    continue;
                }
                Demand chosen = frameworkInTurn(role, agent);
                if (chosen == null) {
                    continue;
                }
                planned.add(new PlannedOffer(chosen.frameworkId(), agent, offerable, role, chosen.multiRole()));
                count(chosen.frameworkId(), role, offerable);
                unofferedByAgent.put(agent.id(), left.subtract(offerable));
                offeredPairs.add(pair(chosen.frameworkId(), agent.id()));
            }
        }

        /** The roles some framework asks in, lowest weighted dominant share first; only those under a guarantee. */
        private List<String> rolesInTurn(boolean guaranteesOnly) {
            Set<String> asked = new TreeSet<>();
            demands.forEach(demand -> asked.addAll(demand.roles()));
            return asked.stream()
                    .filter(role -> !guaranteesOnly || !unsatisfiedGuarantee(role).isEmpty())
                    .sorted(Comparator.comparingDouble((String role) -> DominantShare.of(
                            byRole.getOrDefault(role, Resources.empty()), clusterTotal) / roles.weight(role)))
                    .toList();
        }

        private Demand frameworkInTurn(String role, Agent agent) {
            boolean hasGpus = agent.total().scalar("gpus") > 0;
            Demand chosen = null;
            double lowest = Double.MAX_VALUE;
            for (Demand demand : demands) {
                if (!demand.roles().contains(role)
                        || offeredPairs.contains(pair(demand.frameworkId(), agent.id()))
                        || refuses(demand, agent.id())
                        || (filterGpuResources && hasGpus && !demand.gpuAware())) {
                    continue;
                }
                double share = DominantShare.of(byFramework.getOrDefault(demand.frameworkId(), Map.of())
                        .getOrDefault(role, Resources.empty()), clusterTotal);
                if (share < lowest) {
                    lowest = share;
                    chosen = demand;
                }
            }
            return chosen;
        }

        /** The unreserved resources cut to the role's limit headroom and to what others' guarantees leave. */
        private Resources cut(Resources unreserved, String role) {
            Map<String, Double> budget = new HashMap<>();
            roles.quota(role).limits().forEach((name, limit) ->
                    budget.put(name, Math.max(0, limit - consumed(role, name))));
            Map<String, Double> heldBack = heldBackFor(role);
            if (!heldBack.isEmpty()) {
                Resources spare = Resources.empty();
                for (Resources left : unofferedByAgent.values()) {
                    spare = spare.add(left.unreserved());
                }
                for (Map.Entry<String, Double> held : heldBack.entrySet()) {
                    double room = Math.max(0, spare.scalar(held.getKey()) - held.getValue());
                    budget.merge(held.getKey(), room, Math::min);
                }
            }
            return budget.isEmpty() ? unreserved : cutScalars(unreserved, budget);
        }

        /**
         * What role R consumes of a quota resource, as Mesos 1.11 counts it: its allocated (and offered) unreserved
         * resources plus everything reserved to it.
         */
        private double consumed(String role, String name) {
            return byRole.getOrDefault(role, Resources.empty()).unreserved().scalar(name)
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

        private void count(String frameworkId, String role, Resources resources) {
            byRole.merge(role, resources, Resources::add);
            byFramework.computeIfAbsent(frameworkId, id -> new HashMap<>()).merge(role, resources, Resources::add);
        }

        private boolean refuses(Demand demand, String agentId) {
            Long until = demand.refusedUntilMillis().get(agentId);
            return until != null && until > nowMillis;
        }
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

    private static String pair(String frameworkId, String agentId) {
        return frameworkId + "\u0000" + agentId;
    }
}

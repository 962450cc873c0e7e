package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.offers.Offer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to offer and what to take back, decided as the Mesos hierarchical allocator decides it, as a pure function of
 * the agents, the connected frameworks (their roles, filters and allocations), the outstanding offers and the time.
 *
 * <ul>
 * <li>Offers of frameworks that are no longer connected are withdrawn without a word (nobody is there to hear it).
 * <li>Offers on an agent that is gone, no longer takes work, or no longer has the offered resources free are
 * rescinded.
 * <li>Each active agent's free, unoffered resources go whole to the eligible framework with the lowest dominant share
 * (ties to the lowest id), as far as they are unreserved or reserved to its role; a framework holds at most one outstanding offer per agent, gets none from agents it
 * refuses (DECLINE filters not yet expired) nor, without GPU_RESOURCES, from agents with GPUs, and none at all while
 * every role of it is suppressed. Leftovers below 0.01 cpus and 32 MiB are not worth an offer.
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
     * @param role               the role to offer to, or null when every role of it is suppressed
     * @param refusedUntilMillis DECLINE filters: agent id to the time the filter ends
     * @param allocated          what its live tasks hold (its outstanding offers are added by the planner)
     */
    public record Demand(String frameworkId, String role, boolean multiRole, boolean gpuAware,
                         Map<String, Long> refusedUntilMillis, Resources allocated) {
    }

    /** An offer to make: all of {@code resources} on the agent, for the framework and role. */
    public record PlannedOffer(String frameworkId, Agent agent, Resources resources, String role, boolean multiRole) {
    }

    public record Rescind(Offer offer, String reason) {
    }

    public record Plan(List<Offer> withdrawn, List<Rescind> rescinds, List<PlannedOffer> offers) {
    }

    public static Plan plan(List<Agent> agents, List<Demand> connected, List<Offer> outstanding, long nowMillis) {
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

        return new Plan(withdrawn, rescinds, allocate(agents, connected, kept, nowMillis));
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

    private static List<PlannedOffer> allocate(List<Agent> agents, List<Demand> connected, List<Offer> kept,
                                               long nowMillis) {
        List<Demand> eligible = connected.stream()
                .filter(demand -> demand.role() != null)
                .sorted(Comparator.comparing(Demand::frameworkId))
                .toList();
        List<PlannedOffer> planned = new ArrayList<>();
        if (eligible.isEmpty()) {
            return planned;
        }
        Resources clusterTotal = Resources.empty();
        for (Agent agent : agents) {
            clusterTotal = clusterTotal.add(agent.total());
        }
        Map<String, Resources> allocated = new HashMap<>();
        eligible.forEach(demand -> allocated.put(demand.frameworkId(), demand.allocated()));
        Map<String, Resources> offeredOnAgent = new HashMap<>();
        Set<String> offeredPairs = new HashSet<>();
        for (Offer offer : kept) {
            offeredOnAgent.merge(offer.agentId(), offer.resources(), Resources::add);
            offeredPairs.add(offer.frameworkId() + "\u0000" + offer.agentId());
            allocated.computeIfPresent(offer.frameworkId(), (id, held) -> held.add(offer.resources()));
        }
        for (Agent agent : agents) {
            if (!agent.active()) {
                continue;
            }
            Resources available = agent.free().subtract(offeredOnAgent.getOrDefault(agent.id(), Resources.empty()));
            if (available.scalar("cpus") < MIN_CPUS && available.scalar("mem") < MIN_MEM) {
                continue;
            }
            boolean hasGpus = agent.total().scalar("gpus") > 0;
            Demand chosen = null;
            Resources offerable = null;
            double lowest = Double.MAX_VALUE;
            for (Demand demand : eligible) {
                if (offeredPairs.contains(demand.frameworkId() + "\u0000" + agent.id())
                        || refuses(demand, agent.id(), nowMillis)
                        || (hasGpus && !demand.gpuAware())) {
                    continue;
                }
                Resources forRole = available.unreserved().add(available.reservedTo(demand.role()));
                if (forRole.scalar("cpus") < MIN_CPUS && forRole.scalar("mem") < MIN_MEM) {
                    continue;
                }
                double share = DominantShare.of(allocated.get(demand.frameworkId()), clusterTotal);
                if (share < lowest) {
                    lowest = share;
                    chosen = demand;
                    offerable = forRole;
                }
            }
            if (chosen == null) {
                continue;
            }
            planned.add(new PlannedOffer(chosen.frameworkId(), agent, offerable, chosen.role(), chosen.multiRole()));
            allocated.merge(chosen.frameworkId(), offerable, Resources::add);
        }
        return planned;
    }

    private static boolean refuses(Demand demand, String agentId, long nowMillis) {
        Long until = demand.refusedUntilMillis().get(agentId);
        return until != null && until > nowMillis;
    }
}

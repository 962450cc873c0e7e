package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.Unavailability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which inverse offers to make and which to rescind, as the Mesos allocator decides each cycle: every framework that
 * holds something on an agent of a DRAINING machine (tasks, or offers) gets one inverse offer for that agent, unless it
 * has one outstanding or refused one there (a filter from its answer) until later; outstanding inverse offers of an
 * agent that is no longer draining are rescinded.
 */
public final class InverseOfferPlanner {

    private InverseOfferPlanner() {
    }

    /** An agent whose machine is DRAINING, with the machine's unavailability. */
    public record DrainingAgent(String agentId, String nodeName, String hostname, String ip,
                                Unavailability unavailability) {
    }

    /** One framework on one agent. */
    public record Target(String frameworkId, String agentId) {
    }

    public record Plan(List<Target> make, List<Target> rescind) {
    }

    /**
     * @param holders     per agent id, the frameworks that hold something there
     * @param outstanding the inverse offers not yet answered
     * @param refusedUntil per target, until when (epoch millis) its last answer keeps it from a new inverse offer
     */
    public static Plan plan(List<DrainingAgent> draining, Map<String, Set<String>> holders, Set<Target> outstanding,
                            Map<Target, Long> refusedUntil, long nowMillis) {
        List<Target> make = new ArrayList<>();
        Set<String> drainingIds = new HashSet<>();
        for (DrainingAgent agent : draining) {
            drainingIds.add(agent.agentId());
            for (String frameworkId : holders.getOrDefault(agent.agentId(), Set.of()).stream().sorted().toList()) {
                Target target = new Target(frameworkId, agent.agentId());
                if (!outstanding.contains(target) && refusedUntil.getOrDefault(target, Long.MIN_VALUE) <= nowMillis) {
                    make.add(target);
                }
            }
        }
        List<Target> rescind = outstanding.stream().filter(target -> !drainingIds.contains(target.agentId()))
                .sorted(Comparator.comparing(Target::agentId).thenComparing(Target::frameworkId)).toList();
        return new Plan(make, rescind);
    }
}

package io.mesosbridge.operator.state;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The master's state at one moment, the one model every read endpoint renders: {@code /master/state} and its
 * siblings, the operator API's {@code GET_*} calls and SUBSCRIBED, {@code /flags} and {@code GET_FLAGS},
 * {@code /metrics/snapshot} and {@code GET_METRICS}. Plain values, so the renderers are pure functions of it.
 *
 * @param leader             the leading master's info; null when no leader is known
 * @param cluster            the cluster name (Mesos {@code --cluster}); null when unset
 * @param flags              the master's flags by Mesos flag name, values as strings
 * @param agents             the registered agents (Ready nodes)
 * @param unreachableAgents  agents (nodes) that are not Ready
 * @param tasks              the live tasks (every MesosTask, terminal ones awaiting acknowledgement included)
 * @param completedTasks     the completed-task history (terminal update acknowledged), newest first
 * @param executors          the executors running: a task group's default executor while any of its tasks is live
 * @param offers             the outstanding offers
 */
public record MasterSnapshot(
        MasterInfo info,
        double startTimeSecs,
        double electedTimeSecs,
        boolean elected,
        MasterInfo leader,
        String cluster,
        double buildTimeSecs,
        Map<String, String> flags,
        List<AgentView> agents,
        int unreachableAgents,
        List<FrameworkView> frameworks,
        List<FrameworkView> completedFrameworks,
        List<TaskView> tasks,
        List<TaskView> completedTasks,
        List<ExecutorView> executors,
        List<Protos.Offer> offers) {

    /**
     * The snapshot as someone who may see only some frameworks and tasks sees it: the others, their offers and their
     * tasks are left out, as a Mesos master filters its state for the view ACLs. Agents and totals stay.
     */
    public MasterSnapshot visibleTo(Visibility visibility) {
        Map<String, FrameworkInfo> infos = new HashMap<>();
        for (FrameworkView framework : frameworks) {
            infos.put(framework.id(), framework.info());
        }
        for (FrameworkView framework : completedFrameworks) {
            infos.putIfAbsent(framework.id(), framework.info());
        }
        Predicate<FrameworkView> frameworkVisible = f -> visibility.framework(f.info());
        Predicate<TaskView> taskVisible = t -> {
            FrameworkInfo framework = infos.get(t.frameworkId());
            return framework != null && visibility.framework(framework) && visibility.task(t.task(), framework);
        };
        Set<String> visibleFrameworks = new HashSet<>();
        frameworks.stream().filter(frameworkVisible).forEach(f -> visibleFrameworks.add(f.id()));
        return new MasterSnapshot(info, startTimeSecs, electedTimeSecs, elected, leader, cluster, buildTimeSecs,
                flags, agents, unreachableAgents,
                frameworks.stream().filter(frameworkVisible).toList(),
                completedFrameworks.stream().filter(frameworkVisible).toList(),
                tasks.stream().filter(taskVisible).toList(),
                completedTasks.stream().filter(taskVisible).toList(),
                executors.stream().filter(e -> {
                    FrameworkInfo framework = infos.get(e.frameworkId());
                    return framework != null && visibility.framework(framework)
                            && visibility.executor(e.info(), framework);
                }).toList(),
                offers.stream().filter(o -> visibleFrameworks.contains(o.getFrameworkId().getValue())).toList());
    }

    /**
     * What each role holds, as {@code /roles} and GET_ROLES report it: its live tasks' resources and its outstanding
     * offers (an offer without {@code allocation_info} counts for its framework's first role).
     */
    public Map<String, Resources> heldByRole() {
        Map<String, String> firstRoleOf = new HashMap<>();
        for (FrameworkView framework : frameworks) {
            firstRoleOf.put(framework.id(), framework.roles().isEmpty() ? "*" : framework.roles().get(0));
        }
        Map<String, Resources> held = new HashMap<>();
        for (TaskView task : tasks) {
            if (!TaskStates.isTerminal(task.task().getState())) {
                held.merge(task.role(), Resources.of(task.task().getResourcesList()), Resources::add);
            }
        }
        for (Protos.Offer offer : offers) {
            String role = offer.hasAllocationInfo() && offer.getAllocationInfo().hasRole()
                    ? offer.getAllocationInfo().getRole()
                    : firstRoleOf.getOrDefault(offer.getFrameworkId().getValue(), "*");
            held.merge(role, Resources.of(offer.getResourcesList()), Resources::add);
        }
        return held;
    }

    /** What someone may see; Mesos's view_frameworks and view_tasks decide it by the framework's and task's user. */
    public interface Visibility {
        boolean framework(FrameworkInfo framework);

        boolean task(Protos.Task task, FrameworkInfo framework);

        boolean executor(Protos.ExecutorInfo executor, FrameworkInfo framework);
    }

    /** What a Mesos 1.11 agent reports it can do (AgentInfo.Capability types). */
    public static final List<String> AGENT_CAPABILITIES = List.of("MULTI_ROLE", "HIERARCHICAL_ROLE",
            "RESERVATION_REFINEMENT", "AGENT_DRAINING");

    /**
     * An agent: a Ready node. {@code pid} is its libprocess pid ({@code slave(1)@ip:5051}); {@code active} is false
     * when it is cordoned or draining, {@code deactivated} says an operator took it out of service;
     * {@code drainInfo} is null unless the agent is draining or drained.
     */
    public record AgentView(String id, String hostname, int port, String pid, List<Attribute> attributes,
                            Resources total, Resources allocated, Resources offered, boolean active,
                            boolean deactivated, double registeredTimeSecs, Protos.DrainInfo drainInfo) {
    }

    /**
     * A framework; {@code info} carries its id. {@code offers} are its outstanding offers, {@code allocated} what its
     * live tasks hold, {@code offerFilters} its DECLINE filters still running, {@code counts} the per-framework
     * metrics.
     */
    public record FrameworkView(FrameworkInfo info, List<String> roles, boolean multiRole, boolean active,
                                boolean connected, boolean recovered, double registeredTimeSecs,
                                double unregisteredTimeSecs, List<Protos.Offer> offers, Resources allocated,
                                List<String> suppressedRoles, int offerFilters, Map<String, Long> counts,
                                String pid) {
        public String id() {
            return info.getId().getValue();
        }

        public Resources offered() {
            Resources sum = Resources.empty();
            for (Protos.Offer offer : offers) {
                sum = sum.add(Resources.of(offer.getResourcesList()));
            }
            return sum;
        }
    }

    /**
     * An executor on an agent, as the master keeps it: its ExecutorInfo with its resources allocated to the role of
     * its tasks.
     */
    public record ExecutorView(Protos.ExecutorInfo info, String agentId) {
        public String frameworkId() {
            return info.getFrameworkId().getValue();
        }
    }

    /**
     * A task as the master keeps it: the TaskInfo it was launched with and every status update (its resources carry
     * the role they were allocated to); {@code agent_id} is printed as {@code slave_id} by the state endpoints.
     */
    public record TaskView(Protos.Task task, String role) {
        public String frameworkId() {
            return task.getFrameworkId().getValue();
        }

        public String agentId() {
            return task.getAgentId().getValue();
        }
    }
}

package io.mesosbridge.operator.state;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;

import java.util.List;
import java.util.Map;

/**
 * Everything the read-only endpoints and {@code /metrics/snapshot} print, as plain values taken at one moment, so
 * that the JSON writers ({@link StateJson}, {@code MesosMetrics}) are pure functions of it.
 *
 * @param leader             the leading master's info; null when no leader is known
 * @param cluster            the cluster name (Mesos {@code --cluster}); null when unset
 * @param flags              the master's flags by Mesos flag name, values as strings
 * @param agents             the registered agents (Ready nodes), cordoned ones inactive
 * @param unreachableAgents  agents (nodes) that are not Ready
 * @param tasks              the live tasks (every MesosTask, terminal ones awaiting acknowledgement included)
 * @param completedTasks     the completed-task history (terminal update acknowledged), newest first
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
        List<Protos.Offer> offers,
        Allocation allocation) {

    /**
     * An agent: a Ready node. {@code ip} is the node's address, used in its libprocess pid; {@code drainInfo} is
     * null unless the agent is draining or drained.
     */
    public record AgentView(String id, String hostname, String ip, List<Attribute> attributes, Resources total,
                            boolean active, double registeredTimeSecs, Protos.DrainInfo drainInfo) {
    }

    /** A framework; {@code info} carries its id. */
    public record FrameworkView(FrameworkInfo info, List<String> roles, boolean multiRole, boolean active,
                                boolean connected, boolean recovered, double registeredTimeSecs,
                                double unregisteredTimeSecs) {
        public String id() {
            return info.getId().getValue();
        }
    }

    /** A task as the master keeps it ({@code agent_id} is printed as {@code slave_id}), and its role. */
    public record TaskView(Protos.Task task, String role) {
        public String frameworkId() {
            return task.getFrameworkId().getValue();
        }

        public String agentId() {
            return task.getAgentId().getValue();
        }
    }

    /** The allocator's counters: cycles run since start and the duration of the last one. */
    public record Allocation(long runs, double lastRunMillis) {
    }
}

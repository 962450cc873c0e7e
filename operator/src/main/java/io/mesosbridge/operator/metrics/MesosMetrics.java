package io.mesosbridge.operator.metrics;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.state.StateJson;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code /metrics/snapshot}: the flat map of a Mesos master's metrics (src/master/metrics.cpp, docs/monitoring.md),
 * names and units as Mesos prints them, every value a double.
 *
 * <p>The task counters ({@code master/tasks_finished} ...) count the terminal tasks the master still knows: those
 * awaiting the acknowledgement of their terminal update and the bounded completed-task history. Like a Mesos master's
 * counters they start from zero when the master (re)starts; unlike them they also forget tasks that fall out of the
 * history ({@code mesos-bridge.completed-task-history}).
 */
public final class MesosMetrics {

    private static final List<TaskState> GAUGE_STATES = List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE);
    private static final List<TaskState> COUNTER_STATES = List.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
            TaskState.TASK_KILLED, TaskState.TASK_LOST, TaskState.TASK_ERROR, TaskState.TASK_DROPPED,
            TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR);
    private static final List<String> RESOURCES = List.of("cpus", "mem", "disk", "gpus");

    private MesosMetrics() {
    }

    public static Map<String, Double> snapshot(MasterSnapshot s, long nowMillis) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("master/elected", s.elected() ? 1.0 : 0.0);
        m.put("master/uptime_secs", Math.max(0, nowMillis / 1000.0 - s.startTimeSecs()));

        long active = s.agents().stream().filter(AgentView::active).count();
        m.put("master/slaves_active", (double) active);
        m.put("master/slaves_inactive", (double) (s.agents().size() - active));
        m.put("master/slaves_connected", (double) s.agents().size());
        m.put("master/slaves_disconnected", 0.0);
        m.put("master/slaves_unreachable", (double) s.unreachableAgents());
        m.put("master/slave_registrations", (double) s.agents().size());

        long frameworksActive = s.frameworks().stream().filter(FrameworkView::active).count();
        long frameworksConnected = s.frameworks().stream().filter(FrameworkView::connected).count();
        m.put("master/frameworks_active", (double) frameworksActive);
        m.put("master/frameworks_inactive", (double) (s.frameworks().size() - frameworksActive));
        m.put("master/frameworks_connected", (double) frameworksConnected);
        m.put("master/frameworks_disconnected", (double) (s.frameworks().size() - frameworksConnected));
        m.put("master/outstanding_offers", (double) s.offers().size());

        Map<TaskState, Integer> live = count(s.tasks().stream());
        for (TaskState state : GAUGE_STATES) {
            m.put(name(state), (double) live.getOrDefault(state, 0));
        }
        Map<TaskState, Integer> ended = count(Stream.concat(s.tasks().stream(), s.completedTasks().stream()));
        for (TaskState state : COUNTER_STATES) {
            m.put(name(state), (double) ended.getOrDefault(state, 0));
        }

        Resources total = Resources.empty();
        Resources used = Resources.empty();
        for (AgentView agent : s.agents()) {
            total = total.add(agent.total());
            used = used.add(StateJson.usedOnAgent(s, agent.id()));
        }
        for (String resource : RESOURCES) {
            double t = total.nonRevocable().scalar(resource);
            double u = used.nonRevocable().scalar(resource);
            m.put("master/" + resource + "_total", t);
            m.put("master/" + resource + "_used", u);
            m.put("master/" + resource + "_percent", t == 0 ? 0.0 : u / t);
        }

        MasterSnapshot.Allocation allocation = s.allocation();
        m.put("allocator/mesos/allocation_runs", (double) allocation.runs());
        m.put("allocator/mesos/allocation_run_ms", allocation.lastRunMillis());
        m.put("allocator/mesos/allocation_run_ms/count", (double) allocation.runs());
        return m;
    }

    private static Map<TaskState, Integer> count(Stream<TaskView> tasks) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        tasks.forEach(t -> counts.merge(t.task().getState(), 1, Integer::sum));
        return counts;
    }

    /** TASK_GONE_BY_OPERATOR -> master/tasks_gone_by_operator. */
    static String name(TaskState state) {
        return "master/tasks_" + state.name().substring("TASK_".length()).toLowerCase(java.util.Locale.ROOT);
    }
}

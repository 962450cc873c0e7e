package io.mesosbridge.agent.endpoints;

import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Task;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.agent.Protos.Response;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's {@code /metrics/snapshot}: the Mesos agent's {@code slave/*} gauges this agent can know from the
 * operator's state (tasks by state, executors, frameworks, resources), under Mesos's names.
 */
public final class AgentMetrics {

    private static final Map<String, TaskState> TASK_GAUGES = Map.of(
            "slave/tasks_staging", TaskState.TASK_STAGING,
            "slave/tasks_starting", TaskState.TASK_STARTING,
            "slave/tasks_running", TaskState.TASK_RUNNING,
            "slave/tasks_killing", TaskState.TASK_KILLING,
            "slave/tasks_finished", TaskState.TASK_FINISHED,
            "slave/tasks_failed", TaskState.TASK_FAILED,
            "slave/tasks_killed", TaskState.TASK_KILLED,
            "slave/tasks_lost", TaskState.TASK_LOST);

    private AgentMetrics() {
    }

    public static JsonObject snapshot(AgentState state, double uptimeSecs) {
        Map<String, Object> metrics = new TreeMap<>();
        Response.GetState get = state.getState();
        metrics.put("slave/uptime_secs", uptimeSecs);
        metrics.put("slave/registered", 1.0);
        metrics.put("slave/frameworks_active", (double) get.getGetFrameworks().getFrameworksCount());
        metrics.put("slave/executors_running", (double) get.getGetExecutors().getExecutorsCount());
        metrics.put("slave/executors_terminated", (double) get.getGetExecutors().getCompletedExecutorsCount());
        List<Task> tasks = new ArrayList<>(get.getGetTasks().getQueuedTasksList());
        tasks.addAll(get.getGetTasks().getLaunchedTasksList());
        tasks.addAll(get.getGetTasks().getTerminatedTasksList());
        tasks.addAll(get.getGetTasks().getCompletedTasksList());
        TASK_GAUGES.forEach((name, taskState) ->
                metrics.put(name, (double) tasks.stream().filter(t -> t.getState() == taskState).count()));
        Resources total = Resources.of(state.getAgentInfo().getResourcesList());
        Resources used = AgentStateJson.allocated(get);
        for (String resource : List.of("cpus", "gpus", "mem", "disk")) {
            double all = total.scalar(resource);
            double held = used.scalar(resource);
            metrics.put("slave/" + resource + "_total", all);
            metrics.put("slave/" + resource + "_used", held);
            metrics.put("slave/" + resource + "_percent", all == 0 ? 0.0 : held / all);
        }
        return new JsonObject(metrics);
    }
}

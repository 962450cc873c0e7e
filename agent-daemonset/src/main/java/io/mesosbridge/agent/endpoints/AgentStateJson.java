package io.mesosbridge.agent.endpoints;

import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Task;
import io.mesosbridge.mesos.v1.agent.Protos.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's {@code /state} as a Mesos 1.11 agent renders it (src/slave/http.cpp {@code Http::state}, its
 * FrameworkWriter and ExecutorWriter), from what the operator answers for this node.
 */
public final class AgentStateJson {

    public static final String VERSION = "1.11.0";
    /** What a Mesos 1.11 agent reports it can do, as the master's state reports it for each agent. */
    static final List<String> CAPABILITIES = List.of("MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT",
            "AGENT_DRAINING");

    private AgentStateJson() {
    }

    /** What the agent process is: its pid, flags, start and build time. */
    public record Process(String pid, Map<String, String> flags, double startTimeSecs, double buildTimeSecs) {
    }

    public static JsonObject state(AgentState state, Process process) {
        JsonObject json = new JsonObject();
        version(json, process);
        json.put("start_time", process.startTimeSecs());
        json.put("id", state.getAgentInfo().getId().getValue());
        json.put("pid", process.pid());
        json.put("hostname", state.getAgentInfo().getHostname());
        json.put("capabilities", new JsonArray(CAPABILITIES));
        Resources total = Resources.of(state.getAgentInfo().getResourcesList());
        json.put("resources", AgentJson.resources(total));
        json.put("reserved_resources", byRole(total, false));
        json.put("unreserved_resources", AgentJson.resources(total.filter(r -> !reserved(r))));
        json.put("reserved_resources_full", byRole(total, true));
        JsonArray unreservedFull = new JsonArray();
        total.filter(r -> !reserved(r)).forEach(r -> unreservedFull.add(AgentJson.proto(r)));
        json.put("unreserved_resources_full", unreservedFull);
        Resources allocated = allocated(state.getState());
        json.put("reserved_resources_allocated", byRole(allocated, false));
        json.put("unreserved_resources_allocated", AgentJson.resources(allocated.filter(r -> !reserved(r))));
        json.put("resource_providers", new JsonArray());
        json.put("attributes", AgentJson.attributes(state.getAgentInfo().getAttributesList()));
        if (state.hasMaster() && !state.getMaster().isEmpty()) {
            String master = state.getMaster();
            int colon = master.lastIndexOf(':');
            json.put("master_hostname", colon > 0 ? master.substring(0, colon) : master);
        }
        json.put("flags", flags(process.flags()));

        Map<String, List<Sandbox>> sandboxes = new HashMap<>();
        for (Sandbox sandbox : state.getSandboxesList()) {
            if (!sandbox.hasTaskId()) {
                sandboxes.computeIfAbsent(key(sandbox.getFrameworkId().getValue(),
                        sandbox.getExecutorId().getValue()), ignored -> new ArrayList<>()).add(sandbox);
            }
        }
        Response.GetState get = state.getState();
        JsonArray frameworks = new JsonArray();
        get.getGetFrameworks().getFrameworksList().forEach(f ->
                frameworks.add(framework(f.getFrameworkInfo(), get, sandboxes)));
        json.put("frameworks", frameworks);
        JsonArray completed = new JsonArray();
        get.getGetFrameworks().getCompletedFrameworksList().forEach(f ->
                completed.add(framework(f.getFrameworkInfo(), get, sandboxes)));
        json.put("completed_frameworks", completed);
        return json;
    }

    /** {@code /flags}: every flag the agent was started with. */
    public static JsonObject flagsEndpoint(Map<String, String> flags) {
        return new JsonObject().put("flags", flags(flags));
    }

    /** {@code /version}. */
    public static JsonObject version(Process process) {
        return version(new JsonObject(), process);
    }

    private static JsonObject version(JsonObject json, Process process) {
        json.put("version", VERSION);
        json.put("build_date", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli((long) (process.buildTimeSecs() * 1000))));
        json.put("build_time", process.buildTimeSecs());
        json.put("build_user", "mesos-bridge");
        return json;
    }

    private static JsonObject flags(Map<String, String> flags) {
        JsonObject json = new JsonObject();
        new TreeMap<>(flags).forEach(json::put);
        return json;
    }

    private static JsonObject framework(FrameworkInfo info, Response.GetState get,
                                        Map<String, List<Sandbox>> sandboxes) {
        String id = info.getId().getValue();
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("name", info.getName())
                .put("user", info.getUser())
                .put("failover_timeout", info.getFailoverTimeout())
                .put("checkpoint", info.getCheckpoint())
                .put("hostname", info.getHostname());
        if (info.hasPrincipal()) {
            json.put("principal", info.getPrincipal());
        }
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole) {
            json.put("roles", new JsonArray(new ArrayList<>(info.getRolesList())));
        } else {
            json.put("role", info.getRole());
        }
        JsonArray executors = new JsonArray();
        get.getGetExecutors().getExecutorsList().stream().map(Response.GetExecutors.Executor::getExecutorInfo)
                .filter(e -> e.getFrameworkId().getValue().equals(id))
                .forEach(e -> executors.add(executor(e, get.getGetTasks(), sandboxes)));
        json.put("executors", executors);
        JsonArray completed = new JsonArray();
        get.getGetExecutors().getCompletedExecutorsList().stream()
                .map(Response.GetExecutors.Executor::getExecutorInfo)
                .filter(e -> e.getFrameworkId().getValue().equals(id))
                .forEach(e -> completed.add(executor(e, get.getGetTasks(), sandboxes)));
        json.put("completed_executors", completed);
        return json;
    }

    private static JsonObject executor(ExecutorInfo info, Response.GetTasks tasks,
                                       Map<String, List<Sandbox>> sandboxes) {
        String frameworkId = info.getFrameworkId().getValue();
        String executorId = info.getExecutorId().getValue();
        List<Task> launched = ofExecutor(tasks.getLaunchedTasksList(), frameworkId, executorId);
        List<Task> queued = ofExecutor(tasks.getQueuedTasksList(), frameworkId, executorId);
        List<Task> done = new ArrayList<>(ofExecutor(tasks.getCompletedTasksList(), frameworkId, executorId));
        done.addAll(ofExecutor(tasks.getTerminatedTasksList(), frameworkId, executorId));
        List<Sandbox> runs = sandboxes.getOrDefault(key(frameworkId, executorId), List.of());
        Sandbox latest = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        Resources allocated = Resources.of(info.getResourcesList());
        for (Task task : launched) {
            allocated = allocated.add(Resources.of(task.getResourcesList()));
        }
        JsonObject json = new JsonObject()
                .put("id", executorId)
                .put("name", info.getName())
                .put("source", info.getSource())
                .put("container", latest == null ? "" : latest.getPodUid())
                .put("directory", latest == null ? "" : latest.getDirectory())
                .put("resources", AgentJson.resources(allocated));
        if (info.getResourcesCount() > 0) {
            json.put("role", info.getResources(0).getAllocationInfo().getRole());
        }
        if (info.hasLabels()) {
            json.put("labels", AgentJson.labels(info.getLabels().getLabelsList()));
        }
        if (info.hasType()) {
            json.put("type", info.getType().name());
        }
        json.put("tasks", tasksJson(launched));
        json.put("queued_tasks", tasksJson(queued));
        json.put("completed_tasks", tasksJson(done));
        return json;
    }

    /** The tasks of one executor; a task without an executor id runs under the command executor of its own id. */
    static List<Task> ofExecutor(List<Task> tasks, String frameworkId, String executorId) {
        return tasks.stream().filter(t -> t.getFrameworkId().getValue().equals(frameworkId))
                .filter(t -> (t.hasExecutorId() ? t.getExecutorId().getValue() : t.getTaskId().getValue())
                        .equals(executorId))
                .toList();
    }

    /** What the live executors hold: their own resources and their launched tasks'. */
    static Resources allocated(Response.GetState state) {
        Resources allocated = Resources.empty();
        for (Response.GetExecutors.Executor executor : state.getGetExecutors().getExecutorsList()) {
            allocated = allocated.add(Resources.of(executor.getExecutorInfo().getResourcesList()));
        }
        for (Task task : state.getGetTasks().getLaunchedTasksList()) {
            allocated = allocated.add(Resources.of(task.getResourcesList()));
        }
        return allocated;
    }

    private static JsonArray tasksJson(List<Task> tasks) {
        JsonArray array = new JsonArray();
        tasks.forEach(task -> array.add(AgentJson.task(task)));
        return array;
    }

    private static boolean reserved(Resource resource) {
        return resource.getReservationsCount() > 0 || (resource.hasRole() && !resource.getRole().equals("*"));
    }

    private static String reservationRole(Resource resource) {
        return resource.getReservationsCount() > 0
                ? resource.getReservations(resource.getReservationsCount() - 1).getRole() : resource.getRole();
    }

    /** Reserved resources by the role they are reserved to: as objects, or ({@code full}) as Resource messages. */
    private static JsonObject byRole(Resources resources, boolean full) {
        Map<String, List<Resource>> byRole = new TreeMap<>();
        for (Resource resource : resources) {
            if (reserved(resource)) {
                byRole.computeIfAbsent(reservationRole(resource), ignored -> new ArrayList<>()).add(resource);
            }
        }
        JsonObject json = new JsonObject();
        byRole.forEach((role, list) -> {
            if (full) {
                JsonArray array = new JsonArray();
                list.forEach(r -> array.add(AgentJson.proto(r)));
                json.put(role, array);
            } else {
                json.put(role, AgentJson.resources(list));
            }
        });
        return json;
    }

    private static String key(String frameworkId, String executorId) {
        return frameworkId + "\u0000" + executorId;
    }
}

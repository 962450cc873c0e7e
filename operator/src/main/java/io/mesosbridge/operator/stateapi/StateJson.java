package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.Label;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.roles.Quota;
import io.mesosbridge.operator.roles.RoleSettings;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.ExecutorView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The master's read-only endpoints as a Mesos 1.11 master prints them (src/master/readonly_handler.cpp and the
 * {@code json(...)} writers of src/common/http.cpp and src/master/http.cpp): pure functions of a
 * {@link MasterSnapshot}.
 */
public final class StateJson {

    private static final String VERSION = MasterIdentity.MESOS_VERSION;
    static final int TASK_LIMIT = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateJson() {
    }

    // ---------------------------------------------------------------- /state

    /** {@code /state}; each task as {@code taskJson} renders it ({@link #task}, or a cache of what it gives). */
    public static ObjectNode state(MasterSnapshot s, Function<TaskView, JsonNode> taskJson) {
        ObjectNode state = JSON.createObjectNode();
        state.put("version", VERSION);
        state.put("build_date", buildDate(s.buildTimeSecs()));
        state.put("build_time", s.buildTimeSecs());
        state.put("build_user", "mesos-bridge");
        state.put("start_time", s.startTimeSecs());
        if (s.elected()) {
            state.put("elected_time", s.electedTimeSecs());
        }
        state.put("id", s.info().getId());
        state.put("pid", s.info().getPid());
        state.put("hostname", s.info().getHostname());
        ArrayNode capabilities = state.putArray("capabilities");
        s.info().getCapabilitiesList().forEach(c -> capabilities.add(proto(c)));
        state.put("activated_slaves", (double) s.agents().stream().filter(AgentView::active).count());
        state.put("deactivated_slaves", (double) s.agents().stream().filter(a -> !a.active()).count());
        state.put("unreachable_slaves", (double) s.unreachableAgents());
        if (s.leader() != null) {
            state.put("leader", s.leader().getPid());
            state.set("leader_info", masterInfo(s.leader()));
        }
        if (s.cluster() != null) {
            state.put("cluster", s.cluster());
        }
        ObjectNode flags = state.putObject("flags");
        s.flags().forEach(flags::put);
        ArrayNode slaves = state.putArray("slaves");
        s.agents().forEach(agent -> slaves.add(slave(agent)));
        state.putArray("recovered_slaves");
        ArrayNode frameworks = state.putArray("frameworks");
        s.frameworks().forEach(f -> frameworks.add(framework(s, f, taskJson)));
        ArrayNode completed = state.putArray("completed_frameworks");
        s.completedFrameworks().forEach(f -> completed.add(framework(s, f, taskJson)));
        state.putArray("orphan_tasks");
        state.putArray("unregistered_frameworks");
        return state;
    }

    // ---------------------------------------------------------------- /state-summary

    public static ObjectNode stateSummary(MasterSnapshot s) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("hostname", s.info().getHostname());
        if (s.cluster() != null) {
            summary.put("cluster", s.cluster());
        }
        Set<String> registered = new LinkedHashSet<>();
        s.frameworks().forEach(f -> registered.add(f.id()));
        List<TaskView> counted = Stream.concat(s.tasks().stream(), s.completedTasks().stream())
                .filter(t -> registered.contains(t.frameworkId())).toList();
        ArrayNode slaves = summary.putArray("slaves");
        for (AgentView agent : s.agents()) {
            ObjectNode slave = slave(agent);
            List<TaskView> on = counted.stream().filter(t -> t.agentId().equals(agent.id())).toList();
            putTaskCounts(slave, on);
            ArrayNode ids = slave.putArray("framework_ids");
            on.stream().map(TaskView::frameworkId).distinct().forEach(ids::add);
            slaves.add(slave);
        }
        ArrayNode frameworks = summary.putArray("frameworks");
        for (FrameworkView framework : s.frameworks()) {
            ObjectNode json = frameworkSummary(framework);
            List<TaskView> of = counted.stream().filter(t -> t.frameworkId().equals(framework.id())).toList();
            putTaskCounts(json, of);
            ArrayNode ids = json.putArray("slave_ids");
            of.stream().map(TaskView::agentId).distinct().forEach(ids::add);
            frameworks.add(json);
        }
        return summary;
    }

    // ---------------------------------------------------------------- /slaves, /frameworks, /tasks, /roles, /flags

    public static ObjectNode slaves(MasterSnapshot s, String slaveId) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode slaves = answer.putArray("slaves");
        for (AgentView agent : s.agents()) {
            if (slaveId != null && !slaveId.equals(agent.id())) {
                continue;
            }
            ObjectNode slave = slave(agent);
            ObjectNode reservedFull = slave.putObject("reserved_resources_full");
            for (String role : agent.total().reserved().toList().stream().map(Resources::reservationRole)
                    .distinct().toList()) {
                reservedFull.set(role, resourcesFull(agent.total().reservedTo(role)));
            }
            slave.set("unreserved_resources_full", resourcesFull(agent.total().unreserved()));
            slave.set("used_resources_full", resourcesFull(agent.allocated()));
            slave.set("offered_resources_full", resourcesFull(agent.offered()));
            slaves.add(slave);
        }
        answer.putArray("recovered_slaves");
        return answer;
    }

    public static ObjectNode frameworks(MasterSnapshot s, String frameworkId, Function<TaskView, JsonNode> taskJson) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode frameworks = answer.putArray("frameworks");
        s.frameworks().stream().filter(f -> frameworkId == null || f.id().equals(frameworkId))
                .forEach(f -> frameworks.add(framework(s, f, taskJson)));
        ArrayNode completed = answer.putArray("completed_frameworks");
        s.completedFrameworks().stream().filter(f -> frameworkId == null || f.id().equals(frameworkId))
                .forEach(f -> completed.add(framework(s, f, taskJson)));
        answer.putArray("unregistered_frameworks");
        return answer;
    }

    /**
     * {@code /tasks}: live, unreachable and completed tasks of the registered and completed frameworks, sorted by
     * the timestamp of their first status ({@code order=asc}, else descending), {@code limit} (default 100) from
     * {@code offset}. As in Mesos, which reads both into an unsigned size, a negative limit means no limit (the Mesos
     * CLI sends {@code limit=-1}) and a negative offset is past the end.
     */
    public static ObjectNode tasks(MasterSnapshot s, Integer limit, Integer offset, String order, String frameworkId,
                                   String taskId) {
        Set<String> known = new LinkedHashSet<>();
        Stream.concat(s.frameworks().stream(), s.completedFrameworks().stream())
                .filter(f -> frameworkId == null || f.id().equals(frameworkId)).forEach(f -> known.add(f.id()));
        List<TaskView> tasks = new ArrayList<>(Stream.concat(s.tasks().stream(), s.completedTasks().stream())
                .filter(t -> known.contains(t.frameworkId()))
                .filter(t -> taskId == null || t.task().getTaskId().getValue().equals(taskId))
                .toList());
        boolean ascending = "asc".equals(order);
        Comparator<TaskView> byFirstStatus = (a, b) -> {
            boolean aNone = a.task().getStatusesCount() == 0;
            boolean bNone = b.task().getStatusesCount() == 0;
            if (aNone || bNone) {
                // tasks without statuses come first when ascending, last when descending
                return aNone == bNone ? 0 : (aNone == ascending ? -1 : 1);
            }
            int c = Double.compare(a.task().getStatuses(0).getTimestamp(), b.task().getStatuses(0).getTimestamp());
            return ascending ? c : -c;
        };
        tasks.sort(byFirstStatus);
        long from = offset == null ? 0 : offset < 0 ? Long.MAX_VALUE : offset;
        long count = limit == null ? TASK_LIMIT : limit < 0 ? Long.MAX_VALUE : limit;
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode array = answer.putArray("tasks");
        if (from < tasks.size()) {
            long end = from + Math.min(count, tasks.size() - from);
            for (int i = (int) from; i < end; i++) {
                array.add(task(tasks.get(i)));
            }
        }
        return answer;
    }

    /**
     * {@code /roles}: every role a registered framework is subscribed to or that has a weight or quota, with its
     * weight, its quota ({@code role}, {@code guarantee}, {@code limit}, as Mesos 1.11 prints it), what it holds and
     * is offered, and its frameworks.
     */
    public static ObjectNode roles(MasterSnapshot s, Predicate<String> visibleRole, RoleSettings settings) {
        TreeSet<String> names = new TreeSet<>(s.frameworks().stream().flatMap(f -> f.roles().stream()).toList());
        names.addAll(settings.weights().keySet());
        names.addAll(settings.quotas().keySet());
        names.removeIf(visibleRole.negate());
        Map<String, List<String>> frameworksByRole = new LinkedHashMap<>();
        names.forEach(role -> frameworksByRole.put(role, new ArrayList<>()));
        s.frameworks().forEach(f -> f.roles().stream().filter(frameworksByRole::containsKey)
                .forEach(role -> frameworksByRole.get(role).add(f.id())));
        Map<String, Resources> heldByRole = s.heldByRole();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode roles = answer.putArray("roles");
        frameworksByRole.forEach((role, ids) -> {
            ObjectNode json = roles.addObject();
            json.put("name", role);
            json.put("weight", settings.weight(role));
            Quota quota = settings.quotas().get(role);
            if (quota != null) {
                ObjectNode quotaJson = json.putObject("quota");
                quotaJson.put("role", role);
                new TreeMap<>(quota.guarantees()).forEach(quotaJson.putObject("guarantee")::put);
                new TreeMap<>(quota.limits()).forEach(quotaJson.putObject("limit")::put);
            }
            json.set("resources", ResourcesJson.object(heldByRole.getOrDefault(role, Resources.empty())));
            ArrayNode frameworks = json.putArray("frameworks");
            ids.forEach(frameworks::add);
        });
        return answer;
    }

    public static ObjectNode flags(MasterSnapshot s) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode flags = answer.putObject("flags");
        s.flags().forEach(flags::put);
        return answer;
    }

    // ---------------------------------------------------------------- pieces

    static ObjectNode masterInfo(MasterInfo info) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", info.getId());
        json.put("pid", info.getPid());
        json.put("port", info.getPort());
        json.put("hostname", info.getHostname());
        return json;
    }

    /** SlaveWriter: json(SlaveInfo) then pid, registered_time, the resource summaries, active, version, capabilities. */
    static ObjectNode slave(AgentView agent) {
        ObjectNode slave = JSON.createObjectNode();
        slave.put("id", agent.id());
        slave.put("hostname", agent.hostname());
        slave.put("port", agent.port());
        slave.set("attributes", ResourcesJson.attributes(agent.attributes()));
        slave.put("pid", agent.pid());
        slave.put("registered_time", agent.registeredTimeSecs());
        slave.set("resources", ResourcesJson.object(agent.total()));
        slave.set("used_resources", ResourcesJson.object(agent.allocated()));
        slave.set("offered_resources", ResourcesJson.object(agent.offered()));
        ObjectNode reserved = slave.putObject("reserved_resources");
        Map<String, Resources> byRole = new LinkedHashMap<>();
        for (Resource r : agent.total().reserved()) {
            byRole.merge(Resources.reservationRole(r), Resources.of(r), Resources::add);
        }
        byRole.forEach((role, resources) -> reserved.set(role, ResourcesJson.object(resources)));
        slave.set("unreserved_resources", ResourcesJson.object(agent.total().unreserved()));
        slave.put("active", agent.active());
        slave.put("version", VERSION);
        ArrayNode capabilities = slave.putArray("capabilities");
        MasterSnapshot.AGENT_CAPABILITIES.forEach(capabilities::add);
        if (agent.drainInfo() != null) {
            slave.set("drain_info", proto(agent.drainInfo()));
        }
        return slave;
    }

    static ObjectNode frameworkSummary(FrameworkView f) {
        FrameworkInfo info = f.info();
        ObjectNode json = JSON.createObjectNode();
        json.put("id", f.id());
        json.put("name", info.getName());
        if (f.pid() != null) {
            json.put("pid", f.pid());
        }
        json.set("used_resources", ResourcesJson.object(f.allocated()));
        json.set("offered_resources", ResourcesJson.object(f.offered()));
        ArrayNode capabilities = json.putArray("capabilities");
        info.getCapabilitiesList().forEach(c -> capabilities.add(c.getType().name()));
        json.put("hostname", info.getHostname());
        json.put("webui_url", info.getWebuiUrl());
        json.put("active", f.active());
        json.put("connected", f.connected());
        json.put("recovered", f.recovered());
        return json;
    }

    /** FullFrameworkWriter. */
    static ObjectNode framework(MasterSnapshot s, FrameworkView f, Function<TaskView, JsonNode> taskJson) {
        FrameworkInfo info = f.info();
        ObjectNode json = frameworkSummary(f);
        json.put("user", info.getUser());
        json.put("failover_timeout", info.getFailoverTimeout());
        json.put("checkpoint", info.getCheckpoint());
        json.put("registered_time", f.registeredTimeSecs());
        json.put("unregistered_time", f.unregisteredTimeSecs());
        if (info.hasPrincipal()) {
            json.put("principal", info.getPrincipal());
        }
        json.set("resources", ResourcesJson.object(f.allocated().add(f.offered())));
        if (f.multiRole()) {
            ArrayNode roles = json.putArray("roles");
            info.getRolesList().forEach(roles::add);
        } else {
            json.put("role", info.hasRole() ? info.getRole() : "*");
        }
        ArrayNode tasks = json.putArray("tasks");
        ArrayNode unreachable = json.putArray("unreachable_tasks");
        for (TaskView task : s.tasks()) {
            if (task.frameworkId().equals(f.id())) {
                (task.task().getState() == TaskState.TASK_UNREACHABLE ? unreachable : tasks).add(taskJson.apply(task));
            }
        }
        ArrayNode completed = json.putArray("completed_tasks");
        s.completedTasks().stream().filter(t -> t.frameworkId().equals(f.id())).forEach(t -> completed.add(taskJson.apply(t)));
        ArrayNode offers = json.putArray("offers");
        f.offers().forEach(o -> offers.add(offer(o)));
        ArrayNode executors = json.putArray("executors");
        s.executors().stream().filter(e -> e.frameworkId().equals(f.id())).forEach(e -> executors.add(executor(e)));
        if (info.hasLabels()) {
            json.set("labels", labels(info.getLabels().getLabelsList()));
        }
        return json;
    }

    /** json(ObjectWriter*, const ExecutorInfo&), then the agent's id, as the master's FullFrameworkWriter adds it. */
    static ObjectNode executor(ExecutorView view) {
        Protos.ExecutorInfo info = view.info();
        ObjectNode json = JSON.createObjectNode();
        json.put("executor_id", info.getExecutorId().getValue());
        json.put("name", info.getName());
        json.put("framework_id", info.getFrameworkId().getValue());
        json.set("command", command(info.getCommand()));
        json.set("resources", ResourcesJson.object(info.getResourcesList()));
        if (info.getResourcesCount() > 0) {
            json.put("role", info.getResources(0).getAllocationInfo().getRole());
        }
        if (info.hasLabels()) {
            json.set("labels", labels(info.getLabels().getLabelsList()));
        }
        if (info.hasType()) {
            json.put("type", info.getType().name());
        }
        json.put("slave_id", view.agentId());
        return json;
    }

    /** json(ObjectWriter*, const CommandInfo&). */
    static ObjectNode command(Protos.CommandInfo command) {
        ObjectNode json = JSON.createObjectNode();
        if (command.hasShell()) {
            json.put("shell", command.getShell());
        }
        if (command.hasValue()) {
            json.put("value", command.getValue());
        }
        ArrayNode argv = json.putArray("argv");
        command.getArgumentsList().forEach(argv::add);
        if (command.hasEnvironment()) {
            json.set("environment", proto(command.getEnvironment()));
        }
        ArrayNode uris = json.putArray("uris");
        for (Protos.CommandInfo.URI uri : command.getUrisList()) {
            uris.addObject().put("value", uri.getValue()).put("executable", uri.getExecutable());
        }
        return json;
    }

    /** json(ObjectWriter*, const Task&). */
    public static ObjectNode task(TaskView view) {
        Protos.Task task = view.task();
        ObjectNode json = JSON.createObjectNode();
        json.put("id", task.getTaskId().getValue());
        json.put("name", task.getName());
        json.put("framework_id", task.getFrameworkId().getValue());
        json.put("executor_id", task.getExecutorId().getValue());
        json.put("slave_id", task.getAgentId().getValue());
        json.put("state", task.getState().name());
        json.set("resources", ResourcesJson.object(task.getResourcesList()));
        if (task.getLimitsCount() > 0) {
            ObjectNode limits = json.putObject("limits");
            task.getLimitsMap().forEach((name, scalar) -> limits.put(name, scalar.getValue()));
        }
        json.put("role", view.role());
        ArrayNode statuses = json.putArray("statuses");
        task.getStatusesList().forEach(status -> statuses.add(status(status)));
        if (task.hasUser()) {
            json.put("user", task.getUser());
        }
        if (task.hasLabels()) {
            json.set("labels", labels(task.getLabels().getLabelsList()));
        }
        if (task.hasDiscovery()) {
            json.set("discovery", proto(task.getDiscovery()));
        }
        if (task.hasContainer()) {
            json.set("container", proto(task.getContainer()));
        }
        if (task.hasHealthCheck()) {
            json.set("health_check", proto(task.getHealthCheck()));
        }
        return json;
    }

    /** json(ObjectWriter*, const TaskStatus&). */
    static ObjectNode status(TaskStatus status) {
        ObjectNode json = JSON.createObjectNode();
        json.put("state", status.getState().name());
        json.put("timestamp", status.getTimestamp());
        if (status.hasLabels()) {
            json.set("labels", labels(status.getLabels().getLabelsList()));
        }
        if (status.hasContainerStatus()) {
            ObjectNode container = json.putObject("container_status");
            Protos.ContainerStatus cs = status.getContainerStatus();
            if (cs.hasContainerId()) {
                container.set("container_id", proto(cs.getContainerId()));
            }
            if (cs.getNetworkInfosCount() > 0) {
                ArrayNode infos = container.putArray("network_infos");
                for (Protos.NetworkInfo info : cs.getNetworkInfosList()) {
                    ObjectNode network = infos.addObject();
                    if (info.getGroupsCount() > 0) {
                        ArrayNode groups = network.putArray("groups");
                        info.getGroupsList().forEach(groups::add);
                    }
                    if (info.hasLabels()) {
                        network.set("labels", labels(info.getLabels().getLabelsList()));
                    }
                    if (info.getIpAddressesCount() > 0) {
                        ArrayNode ips = network.putArray("ip_addresses");
                        info.getIpAddressesList().forEach(ip -> ips.add(proto(ip)));
                    }
                    if (info.hasName()) {
                        network.put("name", info.getName());
                    }
                    if (info.getPortMappingsCount() > 0) {
                        ArrayNode mappings = network.putArray("port_mappings");
                        info.getPortMappingsList().forEach(m -> mappings.add(proto(m)));
                    }
                }
            }
        }
        if (status.hasHealthy()) {
            json.put("healthy", status.getHealthy());
        }
        return json;
    }

    /** json(ObjectWriter*, const Offer&). */
    static ObjectNode offer(Protos.Offer offer) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", offer.getId().getValue());
        json.put("framework_id", offer.getFrameworkId().getValue());
        json.set("allocation_info", proto(offer.getAllocationInfo()));
        json.put("slave_id", offer.getAgentId().getValue());
        json.set("resources", ResourcesJson.object(offer.getResourcesList()));
        return json;
    }

    static void putTaskCounts(ObjectNode json, List<TaskView> tasks) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        tasks.forEach(t -> counts.merge(t.task().getState(), 1, Integer::sum));
        for (TaskState state : List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_KILLING, TaskState.TASK_FINISHED, TaskState.TASK_KILLED, TaskState.TASK_FAILED,
                TaskState.TASK_LOST, TaskState.TASK_ERROR, TaskState.TASK_UNREACHABLE)) {
            json.put(state.name(), counts.getOrDefault(state, 0));
        }
    }

    // ---------------------------------------------------------------- protobuf to JSON

    static ArrayNode labels(List<Label> labels) {
        ArrayNode array = JSON.createArrayNode();
        labels.forEach(label -> array.add(proto(label)));
        return array;
    }

    static ArrayNode resourcesFull(Resources resources) {
        ArrayNode array = JSON.createArrayNode();
        resources.forEach(r -> array.add(proto(r)));
        return array;
    }

    static JsonNode proto(MessageOrBuilder message) {
        try {
            return JSON.readTree(MesosJson.print(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("MesosJson printed invalid JSON", e);
        }
    }

    private static String buildDate(double buildTimeSecs) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli((long) (buildTimeSecs * 1000)));
    }
}

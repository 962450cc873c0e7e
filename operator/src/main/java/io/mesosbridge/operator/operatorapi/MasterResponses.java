package io.mesosbridge.operator.operatorapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.DrainInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.master.MasterIdentity;
import io.mesosbridge.operator.tasks.TaskRegistry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Pure conversions from the bridge's records (agents, MesosTasks, frameworks) to mesos.v1.master messages. */
final class MasterResponses {

    static final String AGENT_VERSION = MasterIdentity.MESOS_VERSION;
    static final int AGENT_PORT = 5051;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<AgentInfo.Capability.Type> AGENT_CAPABILITIES = List.of(
            AgentInfo.Capability.Type.MULTI_ROLE, AgentInfo.Capability.Type.HIERARCHICAL_ROLE,
            AgentInfo.Capability.Type.RESERVATION_REFINEMENT, AgentInfo.Capability.Type.AGENT_DRAINING);

    private MasterResponses() {
    }

    // -- whole responses ------------------------------------------------------------------------------------------

    static Response health(boolean healthy) {
        return Response.newBuilder().setType(Response.Type.GET_HEALTH)
                .setGetHealth(Response.GetHealth.newBuilder().setHealthy(healthy)).build();
    }

    static Response version() {
        return Response.newBuilder().setType(Response.Type.GET_VERSION)
                .setGetVersion(Response.GetVersion.newBuilder().setVersionInfo(Protos.VersionInfo.newBuilder()
                        .setVersion(MasterIdentity.MESOS_VERSION).setBuildUser("mesos-bridge")))
                .build();
    }

    /** GET_FLAGS: the flags in name order. */
    static Response flags(Map<String, String> flags) {
        Response.GetFlags.Builder answer = Response.GetFlags.newBuilder();
        new TreeMap<>(flags).forEach((name, value) -> answer.addFlags(Protos.Flag.newBuilder().setName(name)
                .setValue(value)));
        return Response.newBuilder().setType(Response.Type.GET_FLAGS).setGetFlags(answer).build();
    }

    /** GET_METRICS: the metrics in name order. */
    static Response metrics(Map<String, Double> metrics) {
        Response.GetMetrics.Builder answer = Response.GetMetrics.newBuilder();
        new TreeMap<>(metrics).forEach((name, value) -> answer.addMetrics(Protos.Metric.newBuilder().setName(name)
                .setValue(value)));
        return Response.newBuilder().setType(Response.Type.GET_METRICS).setGetMetrics(answer).build();
    }

    /** GET_MASTER; {@code electedTimeMillis} is 0 while this master has not been elected (then left out). */
    static Response master(Protos.MasterInfo info, long startTimeMillis, long electedTimeMillis) {
        Response.GetMaster.Builder answer = Response.GetMaster.newBuilder().setMasterInfo(info)
                .setStartTime(startTimeMillis / 1000.0);
        if (electedTimeMillis > 0) {
            answer.setElectedTime(electedTimeMillis / 1000.0);
        }
        return Response.newBuilder().setType(Response.Type.GET_MASTER).setGetMaster(answer).build();
    }

    static Response agents(Response.GetAgents agents) {
        return Response.newBuilder().setType(Response.Type.GET_AGENTS).setGetAgents(agents).build();
    }

    static Response frameworks(Response.GetFrameworks frameworks) {
        return Response.newBuilder().setType(Response.Type.GET_FRAMEWORKS).setGetFrameworks(frameworks).build();
    }

    static Response tasks(Response.GetTasks tasks) {
        return Response.newBuilder().setType(Response.Type.GET_TASKS).setGetTasks(tasks).build();
    }

    /** GET_EXECUTORS: always empty, as the bridge runs no custom executors. */
    static Response executors() {
        return Response.newBuilder().setType(Response.Type.GET_EXECUTORS)
                .setGetExecutors(Response.GetExecutors.getDefaultInstance()).build();
    }

    /** GET_OPERATIONS: always empty, as the bridge supports no offer operations with feedback. */
    static Response operations() {
        return Response.newBuilder().setType(Response.Type.GET_OPERATIONS)
                .setGetOperations(Response.GetOperations.getDefaultInstance()).build();
    }

    static Response state(Response.GetState state) {
        return Response.newBuilder().setType(Response.Type.GET_STATE).setGetState(state).build();
    }

    static Response.GetState getState(Response.GetTasks tasks, Response.GetFrameworks frameworks,
                                      Response.GetAgents agents) {
        return Response.GetState.newBuilder().setGetTasks(tasks)
                .setGetExecutors(Response.GetExecutors.getDefaultInstance())
                .setGetFrameworks(frameworks).setGetAgents(agents).build();
    }

    static Response roles(Response.GetRoles roles) {
        return Response.newBuilder().setType(Response.Type.GET_ROLES).setGetRoles(roles).build();
    }

    // -- agents ---------------------------------------------------------------------------------------------------

    /**
     * An agent as GET_AGENTS reports it. {@code active} is the agent's own (Ready and not cordoned);
     * {@code deactivated} says whether an operator deactivated it (a cordon, or a drain).
     */
    static Response.GetAgents.Agent agent(Agent agent, Node node, Optional<DrainInfo> drain, Resources allocated,
                                          Resources offered) {
        boolean deactivated = Drains.isCordoned(node) || drain.isPresent();
        Response.GetAgents.Agent.Builder answer = Response.GetAgents.Agent.newBuilder()
                .setAgentInfo(agent.info())
                .setActive(agent.active() && !deactivated)
                .setDeactivated(deactivated)
                .setVersion(AGENT_VERSION)
                .setPid("slave(1)@" + addressOf(node).orElse(agent.hostname()) + ":" + AGENT_PORT)
                .addAllTotalResources(agent.total())
                .addAllAllocatedResources(allocated)
                .addAllOfferedResources(offered);
        creationTime(node).ifPresent(time -> answer.setRegisteredTime(timeInfo(time)));
        for (AgentInfo.Capability.Type type : AGENT_CAPABILITIES) {
            answer.addCapabilities(AgentInfo.Capability.newBuilder().setType(type));
        }
        drain.ifPresent(answer::setDrainInfo);
        return answer.build();
    }

    /** The node's InternalIP (else ExternalIP), as the agent's address. */
    static Optional<String> addressOf(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        for (String type : List.of("InternalIP", "ExternalIP")) {
            for (NodeAddress address : node.getStatus().getAddresses()) {
                if (type.equals(address.getType()) && address.getAddress() != null) {
                    return Optional.of(address.getAddress());
                }
            }
        }
        return Optional.empty();
    }

    // -- tasks ----------------------------------------------------------------------------------------------------

    /** A live task (one MesosTask) as mesos.v1.Task: the TaskInfo it was launched with and its status updates. */
    static Protos.Task task(MesosTask task, TaskInfo info) {
        TaskState state = TaskRegistry.stateOf(task);
        Protos.Task.Builder answer = taskBase(info, task.getSpec().getFrameworkId(), task.getSpec().getAgentId(), state);
        if (task.getSpec().getRole() != null && !task.getSpec().getRole().isEmpty()) {
            answer.clearResources().addAllResources(Resources.of(info.getResourcesList())
                    .allocate(task.getSpec().getRole()));
        }
        List<TaskStatus> statuses = statuses(task);
        answer.addAllStatuses(statuses);
        if (!statuses.isEmpty()) {
            TaskStatus latest = statuses.get(statuses.size() - 1);
            answer.setStatusUpdateState(latest.getState());
            if (latest.hasUuid()) {
                answer.setStatusUpdateUuid(latest.getUuid());
            }
        }
        return answer.build();
    }

    /** A completed task (terminal update acknowledged, MesosTask gone) as mesos.v1.Task. */
    static Protos.Task completedTask(TaskRegistry.CompletedTask task) {
        TaskStatus last = task.lastStatus().toBuilder().clearData().build();
        return taskBase(task.info(), task.frameworkId(), task.agentId(), last.getState())
                .addStatuses(last)
                .setStatusUpdateState(last.getState())
                .build();
    }

    private static Protos.Task.Builder taskBase(TaskInfo info, String frameworkId, String agentId, TaskState state) {
        Protos.Task.Builder task = Protos.Task.newBuilder()
                .setName(info.getName())
                .setTaskId(info.getTaskId())
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setState(state)
                .addAllResources(info.getResourcesList());
        if (info.hasLabels()) {
            task.setLabels(info.getLabels());
        }
        if (info.hasDiscovery()) {
            task.setDiscovery(info.getDiscovery());
        }
        if (info.hasContainer()) {
            task.setContainer(info.getContainer());
        }
        if (info.hasHealthCheck()) {
            task.setHealthCheck(info.getHealthCheck());
        }
        if (info.hasKillPolicy()) {
            task.setKillPolicy(info.getKillPolicy());
        }
        if (info.hasCommand() && info.getCommand().hasUser()) {
            task.setUser(info.getCommand().getUser());
        }
        task.putAllLimits(info.getLimitsMap());
        return task;
    }

    /**
     * The status updates of a MesosTask, oldest first: the full TaskStatus where the record still carries it (updates
     * not yet acknowledged), else one rebuilt from the history record (state, reason, message, uuid, timestamp).
     */
    static List<TaskStatus> statuses(MesosTask task) {
        if (task.getStatus() == null) {
            return List.of();
        }
        Map<String, TaskStatus> full = new TreeMap<>();
        for (StatusUpdateRecord pending : task.getStatus().getPendingUpdates()) {
            fullStatus(pending).ifPresent(status -> full.put(pending.getUuid(), status));
        }
        List<TaskStatus> statuses = new ArrayList<>();
        for (StatusUpdateRecord record : task.getStatus().getHistory()) {
            TaskStatus status = record.getUuid() == null ? null : full.get(record.getUuid());
            statuses.add(status != null ? status : rebuilt(task, record));
        }
        return statuses;
    }

    /** The TaskStatus of one update record (the history's records are rebuilt; pending ones are exact). */
    static TaskStatus statusOf(MesosTask task, StatusUpdateRecord record) {
        if (task.getStatus() != null && record.getUuid() != null) {
            for (StatusUpdateRecord pending : task.getStatus().getPendingUpdates()) {
                if (record.getUuid().equals(pending.getUuid())) {
                    Optional<TaskStatus> exact = fullStatus(pending);
                    if (exact.isPresent()) {
                        return exact.get();
                    }
                }
            }
        }
        Optional<TaskStatus> own = fullStatus(record);
        return own.orElseGet(() -> rebuilt(task, record));
    }

    private static Optional<TaskStatus> fullStatus(StatusUpdateRecord record) {
        if (record.getTaskStatus() == null || record.getTaskStatus().isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MesosJson.parse(JSON.writeValueAsString(record.getTaskStatus()), TaskStatus.newBuilder())
                    .clearData().build());
        } catch (JsonProcessingException | MesosJsonException unreadable) {
            return Optional.empty();
        }
    }

    private static TaskStatus rebuilt(MesosTask task, StatusUpdateRecord record) {
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(task.getSpec().getTaskId()))
                .setAgentId(Protos.AgentID.newBuilder().setValue(task.getSpec().getAgentId()))
                .setState(enumOr(TaskState.class, record.getState(), TaskState.TASK_STAGING));
        TaskStatus.Reason reason = enumOr(TaskStatus.Reason.class, record.getReason(), null);
        if (reason != null) {
            status.setReason(reason);
        }
        if (record.getMessage() != null) {
            status.setMessage(record.getMessage());
        }
        if (record.getUuid() != null) {
            try {
                status.setUuid(ByteString.copyFrom(Base64.getDecoder().decode(record.getUuid())));
            } catch (IllegalArgumentException notBase64) {
                // left out
            }
        }
        if (record.getTimestamp() != null) {
            try {
                Instant time = Instant.parse(record.getTimestamp());
                status.setTimestamp(time.getEpochSecond() + time.getNano() / 1e9);
            } catch (DateTimeParseException unreadable) {
                // left out
            }
        }
        return status.build();
    }

    // -- frameworks -----------------------------------------------------------------------------------------------

    /** A framework as GET_FRAMEWORKS reports it; {@code completed} ones are neither active nor connected. */
    static Response.GetFrameworks.Framework framework(Framework framework, boolean completed, List<Protos.Offer> offers,
                                                      Resources allocated) {
        boolean connected = !completed && framework.isConnected();
        Response.GetFrameworks.Framework.Builder answer = Response.GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(framework.info())
                .setActive(connected)
                .setConnected(connected)
                .setRecovered(false)
                .setRegisteredTime(timeInfo(framework.registeredTime()))
                .addAllOffers(offers)
                .addAllAllocatedResources(allocated);
        for (Protos.Offer offer : offers) {
            answer.addAllOfferedResources(offer.getResourcesList());
        }
        return answer.build();
    }

    // -- roles ----------------------------------------------------------------------------------------------------

    /**
     * GET_ROLES: every role a framework is subscribed with or a live task runs in, with weight 1 (weights are not
     * configurable), the frameworks subscribed with it, and what its tasks hold.
     */
    static Response.GetRoles roles(Collection<Framework> frameworks, Map<String, Resources> allocatedByRole) {
        Map<String, List<String>> frameworksByRole = new TreeMap<>();
        for (Framework framework : frameworks) {
            for (String role : framework.roles()) {
                frameworksByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(framework.id());
            }
        }
        TreeSet<String> names = new TreeSet<>(frameworksByRole.keySet());
        names.addAll(allocatedByRole.keySet());
        Response.GetRoles.Builder answer = Response.GetRoles.newBuilder();
        for (String name : names) {
            Protos.Role.Builder role = Protos.Role.newBuilder().setName(name).setWeight(1.0);
            for (String id : new TreeSet<>(frameworksByRole.getOrDefault(name, List.of()))) {
                role.addFrameworks(Protos.FrameworkID.newBuilder().setValue(id));
            }
            role.addAllResources(allocatedByRole.getOrDefault(name, Resources.empty()));
            answer.addRoles(role);
        }
        return answer.build();
    }

    // -- events ---------------------------------------------------------------------------------------------------

    static Event subscribed(Response.GetState state, double heartbeatSeconds) {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setGetState(state).setHeartbeatIntervalSeconds(heartbeatSeconds)).build();
    }

    static Event heartbeat() {
        return Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    }

    /** TASK_ADDED shows the task as launched, staging with no updates; its updates follow as TASK_UPDATED. */
    static Event taskAdded(Protos.Task task) {
        Protos.Task launched = task.toBuilder().setState(TaskState.TASK_STAGING).clearStatuses()
                .clearStatusUpdateState().clearStatusUpdateUuid().build();
        return Event.newBuilder().setType(Event.Type.TASK_ADDED)
                .setTaskAdded(Event.TaskAdded.newBuilder().setTask(launched)).build();
    }

    static Event taskUpdated(String frameworkId, TaskStatus status, TaskState latestState) {
        return Event.newBuilder().setType(Event.Type.TASK_UPDATED).setTaskUpdated(Event.TaskUpdated.newBuilder()
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setStatus(status).setState(latestState)).build();
    }

    static Event agentAdded(Response.GetAgents.Agent agent) {
        return Event.newBuilder().setType(Event.Type.AGENT_ADDED)
                .setAgentAdded(Event.AgentAdded.newBuilder().setAgent(agent)).build();
    }

    static Event agentRemoved(String agentId) {
        return Event.newBuilder().setType(Event.Type.AGENT_REMOVED).setAgentRemoved(Event.AgentRemoved.newBuilder()
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))).build();
    }

    static Event frameworkAdded(Response.GetFrameworks.Framework framework) {
        return Event.newBuilder().setType(Event.Type.FRAMEWORK_ADDED)
                .setFrameworkAdded(Event.FrameworkAdded.newBuilder().setFramework(framework)).build();
    }

    static Event frameworkUpdated(Response.GetFrameworks.Framework framework) {
        return Event.newBuilder().setType(Event.Type.FRAMEWORK_UPDATED)
                .setFrameworkUpdated(Event.FrameworkUpdated.newBuilder().setFramework(framework)).build();
    }

    static Event frameworkRemoved(Protos.FrameworkInfo info) {
        return Event.newBuilder().setType(Event.Type.FRAMEWORK_REMOVED)
                .setFrameworkRemoved(Event.FrameworkRemoved.newBuilder().setFrameworkInfo(info)).build();
    }

    // -- helpers --------------------------------------------------------------------------------------------------

    static Protos.TimeInfo timeInfo(Instant time) {
        return Protos.TimeInfo.newBuilder()
                .setNanoseconds(time.getEpochSecond() * 1_000_000_000L + time.getNano()).build();
    }

    /** A duration as Mesos prints flags: whole seconds as {@code 1secs}, else milliseconds as {@code 250ms}. */
    static String duration(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + "secs" : millis + "ms";
    }

    private static Optional<Instant> creationTime(Node node) {
        String created = node.getMetadata().getCreationTimestamp();
        if (created == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(created));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }
}

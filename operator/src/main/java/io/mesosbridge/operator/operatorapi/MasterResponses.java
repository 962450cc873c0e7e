package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaStatus;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.roles.RoleSettings;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The operator API's responses and events ({@code mesos.v1.master}), rendered from the master's snapshot. Pure. */
final class MasterResponses {

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

    /** GET_MASTER; the elected time is left out while this master has not been elected. */
    static Response master(MasterSnapshot s) {
        Response.GetMaster.Builder answer = Response.GetMaster.newBuilder().setMasterInfo(s.info())
                .setStartTime(s.startTimeSecs());
        if (s.elected() && s.electedTimeSecs() > 0) {
            answer.setElectedTime(s.electedTimeSecs());
        }
        return Response.newBuilder().setType(Response.Type.GET_MASTER).setGetMaster(answer).build();
    }

    static Response state(MasterSnapshot s) {
        return Response.newBuilder().setType(Response.Type.GET_STATE).setGetState(getState(s)).build();
    }

    static Response agents(MasterSnapshot s) {
        return Response.newBuilder().setType(Response.Type.GET_AGENTS).setGetAgents(getAgents(s)).build();
    }

    static Response frameworks(MasterSnapshot s) {
        return Response.newBuilder().setType(Response.Type.GET_FRAMEWORKS).setGetFrameworks(getFrameworks(s))
                .build();
    }

    static Response tasks(MasterSnapshot s) {
        return Response.newBuilder().setType(Response.Type.GET_TASKS).setGetTasks(getTasks(s)).build();
    }

    static Response executors(MasterSnapshot s) {
        return Response.newBuilder().setType(Response.Type.GET_EXECUTORS).setGetExecutors(getExecutors(s)).build();
    }

    /** GET_OPERATIONS: always empty, as the bridge supports no offer operations with feedback. */
    static Response operations() {
        return Response.newBuilder().setType(Response.Type.GET_OPERATIONS)
                .setGetOperations(Response.GetOperations.getDefaultInstance()).build();
    }

    static Response roles(MasterSnapshot s, Predicate<String> visibleRole, RoleSettings settings) {
        return Response.newBuilder().setType(Response.Type.GET_ROLES)
                .setGetRoles(getRoles(s, visibleRole, settings)).build();
    }

    static Response weights(Response.GetWeights weights) {
        return Response.newBuilder().setType(Response.Type.GET_WEIGHTS).setGetWeights(weights).build();
    }

    static Response quota(QuotaStatus status) {
        return Response.newBuilder().setType(Response.Type.GET_QUOTA)
                .setGetQuota(Response.GetQuota.newBuilder().setStatus(status)).build();
    }

    static Response.GetState getState(MasterSnapshot s) {
        return Response.GetState.newBuilder().setGetTasks(getTasks(s))
                .setGetExecutors(getExecutors(s))
                .setGetFrameworks(getFrameworks(s)).setGetAgents(getAgents(s)).build();
    }

    static Response.GetAgents getAgents(MasterSnapshot s) {
        Response.GetAgents.Builder answer = Response.GetAgents.newBuilder();
        s.agents().forEach(agent -> answer.addAgents(agent(agent)));
        return answer.build();
    }

    static Response.GetFrameworks getFrameworks(MasterSnapshot s) {
        Response.GetFrameworks.Builder answer = Response.GetFrameworks.newBuilder();
        s.frameworks().forEach(framework -> answer.addFrameworks(framework(framework)));
        s.completedFrameworks().forEach(framework -> answer.addCompletedFrameworks(framework(framework)));
        return answer.build();
    }

    /** The executors on the agents, with their agent's id; a Mesos master keeps no completed ones. */
    static Response.GetExecutors getExecutors(MasterSnapshot s) {
        Response.GetExecutors.Builder answer = Response.GetExecutors.newBuilder();
        s.executors().forEach(executor -> answer.addExecutors(Response.GetExecutors.Executor.newBuilder()
                .setExecutorInfo(executor.info())
                .setAgentId(Protos.AgentID.newBuilder().setValue(executor.agentId()))));
        return answer.build();
    }

    static Response.GetTasks getTasks(MasterSnapshot s) {
        Response.GetTasks.Builder answer = Response.GetTasks.newBuilder();
        for (TaskView task : s.tasks()) {
            if (task.task().getState() == TaskState.TASK_UNREACHABLE) {
                answer.addUnreachableTasks(task.task());
            } else {
                answer.addTasks(task.task());
            }
        }
        s.completedTasks().forEach(task -> answer.addCompletedTasks(task.task()));
        return answer.build();
    }

    // -- pieces ---------------------------------------------------------------------------------------------------

    /** An agent as GET_AGENTS reports it. */
    static Response.GetAgents.Agent agent(AgentView agent) {
        Response.GetAgents.Agent.Builder answer = Response.GetAgents.Agent.newBuilder()
                .setAgentInfo(AgentInfo.newBuilder()
                        .setId(Protos.AgentID.newBuilder().setValue(agent.id()))
                        .setHostname(agent.hostname())
                        .setPort(agent.port())
                        .addAllResources(agent.total())
                        .addAllAttributes(agent.attributes()))
                .setActive(agent.active())
                .setDeactivated(agent.deactivated())
                .setVersion(MasterIdentity.MESOS_VERSION)
                .setPid(agent.pid())
                .setRegisteredTime(timeInfo(agent.registeredTimeSecs()))
                .addAllTotalResources(agent.total())
                .addAllAllocatedResources(agent.allocated())
                .addAllOfferedResources(agent.offered());
        for (String capability : MasterSnapshot.AGENT_CAPABILITIES) {
            answer.addCapabilities(AgentInfo.Capability.newBuilder()
                    .setType(AgentInfo.Capability.Type.valueOf(capability)));
        }
        if (agent.drainInfo() != null) {
            answer.setDrainInfo(agent.drainInfo());
        }
        return answer.build();
    }

    /** A framework as GET_FRAMEWORKS reports it. */
    static Response.GetFrameworks.Framework framework(FrameworkView framework) {
        Response.GetFrameworks.Framework.Builder answer = Response.GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(framework.info())
                .setActive(framework.active())
                .setConnected(framework.connected())
                .setRecovered(framework.recovered())
                .setRegisteredTime(timeInfo(framework.registeredTimeSecs()))
                .addAllOffers(framework.offers())
                .addAllAllocatedResources(framework.allocated());
        for (Protos.Offer offer : framework.offers()) {
            answer.addAllOfferedResources(offer.getResourcesList());
        }
        return answer.build();
    }

    /**
     * GET_ROLES: every role a framework is subscribed with, a live task runs in, or that has a weight or quota, with
     * its weight (1 by default), the frameworks subscribed with it, and what it is allocated and offered (Mesos's
     * {@code allocatedAndOfferedResources}); only the roles {@code visibleRole} allows (the view_roles ACL).
     */
    static Response.GetRoles getRoles(MasterSnapshot s, Predicate<String> visibleRole, RoleSettings settings) {
        Map<String, List<String>> frameworksByRole = new TreeMap<>();
        for (FrameworkView framework : s.frameworks()) {
            for (String role : framework.roles()) {
                frameworksByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(framework.id());
            }
        }
        Map<String, Resources> heldByRole = s.heldByRole();
        TreeSet<String> names = new TreeSet<>(frameworksByRole.keySet());
        names.addAll(heldByRole.keySet());
        names.addAll(settings.weights().keySet());
        names.addAll(settings.quotas().keySet());
        names.removeIf(visibleRole.negate());
        Response.GetRoles.Builder answer = Response.GetRoles.newBuilder();
        for (String name : names) {
            Protos.Role.Builder role = Protos.Role.newBuilder().setName(name).setWeight(settings.weight(name));
            for (String id : new TreeSet<>(frameworksByRole.getOrDefault(name, List.of()))) {
                role.addFrameworks(Protos.FrameworkID.newBuilder().setValue(id));
            }
            role.addAllResources(heldByRole.getOrDefault(name, Resources.empty()));
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

    static Protos.TimeInfo timeInfo(double seconds) {
        return Protos.TimeInfo.newBuilder().setNanoseconds(Math.round(seconds * 1e9)).build();
    }
}

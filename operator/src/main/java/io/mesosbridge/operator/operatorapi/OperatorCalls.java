package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.http.CallResult;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.metrics.MesosMetrics;
import io.mesosbridge.operator.scheduler.SchedulerCalls;
import io.mesosbridge.operator.state.MasterSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/** What the master does for each operator API call except SUBSCRIBE, after the HTTP layer parsed the call. */
@ApplicationScoped
public class OperatorCalls {

    private static final Logger LOG = Logger.getLogger(OperatorCalls.class);

    private final MasterViews views;
    private final AgentDirectory agents;
    private final AgentMaintenance maintenance;
    private final FrameworkRegistry frameworks;
    private final SchedulerCalls schedulerCalls;
    private final MasterSnapshots snapshots;

    public OperatorCalls(MasterViews views, AgentDirectory agents, AgentMaintenance maintenance,
                         FrameworkRegistry frameworks, SchedulerCalls schedulerCalls, MasterSnapshots snapshots) {
        this.snapshots = snapshots;
        this.views = views;
        this.agents = agents;
        this.maintenance = maintenance;
        this.frameworks = frameworks;
        this.schedulerCalls = schedulerCalls;
    }

    public CallResult handle(Call call) {
        Optional<String> invalid = validate(call);
        if (invalid.isPresent()) {
            return CallResult.badRequest("Failed to validate master::Call: " + invalid.get());
        }
        return switch (call.getType()) {
            case GET_HEALTH -> CallResult.ok(MasterResponses.health(true));
            case GET_FLAGS -> CallResult.ok(MasterResponses.flags(views.flags()));
            case GET_VERSION -> CallResult.ok(MasterResponses.version());
            case GET_METRICS -> CallResult.ok(MasterResponses.metrics(
                    MesosMetrics.snapshot(snapshots.take(), System.currentTimeMillis())));
            case GET_STATE -> CallResult.ok(MasterResponses.state(views.getState()));
            case GET_AGENTS -> CallResult.ok(MasterResponses.agents(views.getAgents()));
            case GET_FRAMEWORKS -> CallResult.ok(MasterResponses.frameworks(views.getFrameworks()));
            case GET_EXECUTORS -> CallResult.ok(MasterResponses.executors());
            case GET_OPERATIONS -> CallResult.ok(MasterResponses.operations());
            case GET_TASKS -> CallResult.ok(MasterResponses.tasks(views.getTasks()));
            case GET_ROLES -> CallResult.ok(MasterResponses.roles(views.getRoles()));
            case GET_MASTER -> CallResult.ok(views.getMaster());
            case TEARDOWN -> teardown(call.getTeardown().getFrameworkId().getValue());
            case DRAIN_AGENT -> onAgent(call.getDrainAgent().getAgentId().getValue(),
                    agent -> maintenance.drain(agent.nodeName(), Drains.config(call.getDrainAgent())));
            case DEACTIVATE_AGENT -> onAgent(call.getDeactivateAgent().getAgentId().getValue(),
                    agent -> maintenance.deactivate(agent.nodeName()));
            case REACTIVATE_AGENT -> onAgent(call.getReactivateAgent().getAgentId().getValue(),
                    agent -> maintenance.reactivate(agent.nodeName()));
            default -> CallResult.notImplemented("Call '" + call.getType().name()
                    + "' is not supported by mesos-bridge (Kubernetes owns this part of the cluster)");
        };
    }

    /** Mesos's validation of a master::Call: the message its type names must be present. */
    static Optional<String> validate(Call call) {
        if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
            return Optional.of("Expecting 'type' to be present");
        }
        return switch (call.getType()) {
            case TEARDOWN -> call.hasTeardown() ? Optional.empty() : Optional.of("Expecting 'teardown' to be present");
            case DRAIN_AGENT -> call.hasDrainAgent() ? Optional.empty()
                    : Optional.of("Expecting 'drain_agent' to be present");
            case DEACTIVATE_AGENT -> call.hasDeactivateAgent() ? Optional.empty()
                    : Optional.of("Expecting 'deactivate_agent' to be present");
            case REACTIVATE_AGENT -> call.hasReactivateAgent() ? Optional.empty()
                    : Optional.of("Expecting 'reactivate_agent' to be present");
            default -> Optional.empty();
        };
    }

    private CallResult teardown(String frameworkId) {
        Optional<Framework> framework = frameworks.get(frameworkId);
        if (framework.isEmpty()) {
            return CallResult.badRequest("No framework found with specified ID");
        }
        schedulerCalls.teardown(framework.get(), "an operator asked for TEARDOWN");
        return CallResult.ok();
    }

    private CallResult onAgent(String agentId, java.util.function.Consumer<Agent> action) {
        Optional<Agent> agent = agents.byId(agentId);
        if (agent.isEmpty()) {
            return CallResult.badRequest("Unknown agent '" + agentId + "'");
        }
        try {
            action.accept(agent.get());
        } catch (RuntimeException e) {
            LOG.warnf(e, "maintenance of agent %s failed", agentId);
            return new CallResult(503, "Failed to update agent '" + agentId + "': " + e.getMessage(), null);
        }
        return CallResult.ok();
    }
}

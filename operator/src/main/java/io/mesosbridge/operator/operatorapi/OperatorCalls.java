package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.AuthorizationUnavailableException;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.master.AgentMaintenance;
import io.mesosbridge.operator.master.CallResult;
import io.mesosbridge.operator.master.Drains;
import io.mesosbridge.operator.master.FrameworkLifecycle;
import io.mesosbridge.operator.master.MaintenanceCalls;
import io.mesosbridge.operator.master.RoleSettingsCalls;
import io.mesosbridge.operator.metrics.MesosMetrics;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterState;
import io.mesosbridge.operator.state.ViewAuthorization;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.Consumer;

/** What the master does for each operator API call except SUBSCRIBE, after the HTTP layer parsed the call. */
@ApplicationScoped
public class OperatorCalls {

    private static final Logger LOG = Logger.getLogger(OperatorCalls.class);

    private final MasterState state;
    private final AgentDirectory agents;
    private final AgentMaintenance maintenance;
    private final FrameworkRegistry frameworks;
    private final FrameworkLifecycle lifecycle;
    private final MesosMetrics metrics;
    private final boolean nodeMaintenance;
    private final Authorizer authorizer;
    private final RoleSettingsCalls roleSettings;
    private final MaintenanceCalls machines;
    private final ReservationCalls reservations;

    public OperatorCalls(MasterState state, AgentDirectory agents, AgentMaintenance maintenance,
                         FrameworkRegistry frameworks, FrameworkLifecycle lifecycle, MesosMetrics metrics,
                         BridgeConfig config, Authorizer authorizer, RoleSettingsCalls roleSettings,
                         MaintenanceCalls machines, ReservationCalls reservations) {
        this.state = state;
        this.agents = agents;
        this.maintenance = maintenance;
        this.frameworks = frameworks;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.nodeMaintenance = config.nodeMaintenance();
        this.authorizer = authorizer;
        this.roleSettings = roleSettings;
        this.machines = machines;
        this.reservations = reservations;
    }

    /** Answers {@code call} from {@code subject}, whom the authorizer asks about each action and what it may see. */
    public CallResult handle(Call call, Subject subject) {
        Optional<String> invalid = validate(call);
        if (invalid.isPresent()) {
            return CallResult.invalid("Failed to validate master::Call: " + invalid.get());
        }
        try {
            return answer(call, subject);
        } catch (AuthorizationUnavailableException e) {
            return CallResult.unavailable("Authorization failure: " + e.getMessage());
        }
    }

    private CallResult answer(Call call, Subject subject) {
        return switch (call.getType()) {
            case GET_HEALTH -> CallResult.ok(MasterResponses.health(true));
            case GET_FLAGS -> CallResult.ok(MasterResponses.flags(state.take().flags()));
            case GET_VERSION -> CallResult.ok(MasterResponses.version());
            case GET_METRICS -> CallResult.ok(MasterResponses.metrics(metrics.snapshot()));
            case GET_STATE -> CallResult.ok(MasterResponses.state(visible(subject)));
            case GET_AGENTS -> CallResult.ok(MasterResponses.agents(state.take()));
            case GET_FRAMEWORKS -> CallResult.ok(MasterResponses.frameworks(visible(subject)));
            case GET_EXECUTORS -> CallResult.ok(MasterResponses.executors(visible(subject)));
            case GET_OPERATIONS -> CallResult.ok(MasterResponses.operations());
            case GET_TASKS -> CallResult.ok(MasterResponses.tasks(visible(subject)));
            case GET_ROLES -> {
                ViewAuthorization view = new ViewAuthorization(authorizer, subject);
                yield CallResult.ok(MasterResponses.roles(state.take().visibleTo(view), view::role,
                        roleSettings.current()));
            }
            case GET_MASTER -> CallResult.ok(MasterResponses.master(state.take()));
            case TEARDOWN -> teardown(call.getTeardown().getFrameworkId().getValue(), subject);
            case DRAIN_AGENT -> onAgent(call.getDrainAgent().getAgentId().getValue(), subject, Action.DRAIN_AGENT,
                    agent -> maintenance.drain(agent.nodeName(), Drains.config(call.getDrainAgent())));
            case DEACTIVATE_AGENT -> onAgent(call.getDeactivateAgent().getAgentId().getValue(), subject,
                    Action.DEACTIVATE_AGENT, agent -> maintenance.deactivate(agent.nodeName()));
            case REACTIVATE_AGENT -> onAgent(call.getReactivateAgent().getAgentId().getValue(), subject,
                    Action.REACTIVATE_AGENT, agent -> maintenance.reactivate(agent.nodeName()));
            case GET_WEIGHTS -> CallResult.ok(MasterResponses.weights(roleSettings.weights(subject)));
            case UPDATE_WEIGHTS -> roleSettings.updateWeights(call.getUpdateWeights().getWeightInfosList(), subject);
            case GET_QUOTA -> CallResult.ok(MasterResponses.quota(roleSettings.quotaStatus(subject)));
            case UPDATE_QUOTA -> roleSettings.updateQuota(call.getUpdateQuota(), subject);
            case SET_QUOTA -> roleSettings.setQuota(call.getSetQuota().getQuotaRequest(), subject);
            case REMOVE_QUOTA -> roleSettings.removeQuota(call.getRemoveQuota().getRole(), "", subject);
            case UPDATE_MAINTENANCE_SCHEDULE -> machines.updateSchedule(subject,
                    call.getUpdateMaintenanceSchedule().getSchedule());
            case GET_MAINTENANCE_SCHEDULE -> machines.getSchedule(subject);
            case GET_MAINTENANCE_STATUS -> machines.getStatus(subject);
            case START_MAINTENANCE -> machines.down(subject, call.getStartMaintenance().getMachinesList());
            case STOP_MAINTENANCE -> machines.up(subject, call.getStopMaintenance().getMachinesList());
            case RESERVE_RESOURCES -> reservations.reserve(call.getReserveResources(), subject);
            case UNRESERVE_RESOURCES -> reservations.unreserve(call.getUnreserveResources(), subject);
            case CREATE_VOLUMES -> reservations.createVolumes(call.getCreateVolumes(), subject);
            case DESTROY_VOLUMES -> reservations.destroyVolumes(call.getDestroyVolumes(), subject);
            default -> CallResult.notImplemented("Call '" + call.getType().name()
                    + "' is not supported by mesos-bridge (Kubernetes owns this part of the cluster)");
        };
    }

    private MasterSnapshot visible(Subject subject) {
        return state.take().visibleTo(new ViewAuthorization(authorizer, subject));
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
            case UPDATE_WEIGHTS -> call.hasUpdateWeights() ? Optional.empty()
                    : Optional.of("Expecting 'update_weights' to be present");
            case UPDATE_QUOTA -> call.hasUpdateQuota() ? Optional.empty()
                    : Optional.of("Expecting 'update_quota' to be present");
            case SET_QUOTA -> call.hasSetQuota() ? Optional.empty()
                    : Optional.of("Expecting 'set_quota' to be present");
            case REMOVE_QUOTA -> call.hasRemoveQuota() ? Optional.empty()
                    : Optional.of("Expecting 'remove_quota' to be present");
            case UPDATE_MAINTENANCE_SCHEDULE -> call.hasUpdateMaintenanceSchedule() ? Optional.empty()
                    : Optional.of("Expecting 'update_maintenance_schedule' to be present");
            case START_MAINTENANCE -> call.hasStartMaintenance() ? Optional.empty()
                    : Optional.of("Expecting 'start_maintenance' to be present");
            case STOP_MAINTENANCE -> call.hasStopMaintenance() ? Optional.empty()
                    : Optional.of("Expecting 'stop_maintenance' to be present");
            case RESERVE_RESOURCES -> call.hasReserveResources() ? Optional.empty()
                    : Optional.of("Expecting 'reserve_resources' to be present");
            case UNRESERVE_RESOURCES -> call.hasUnreserveResources() ? Optional.empty()
                    : Optional.of("Expecting 'unreserve_resources' to be present");
            case CREATE_VOLUMES -> call.hasCreateVolumes() ? Optional.empty()
                    : Optional.of("Expecting 'create_volumes' to be present");
            case DESTROY_VOLUMES -> call.hasDestroyVolumes() ? Optional.empty()
                    : Optional.of("Expecting 'destroy_volumes' to be present");
            default -> Optional.empty();
        };
    }

    private CallResult teardown(String frameworkId, Subject subject) {
        Optional<Framework> framework = frameworks.get(frameworkId);
        if (framework.isEmpty()) {
            return CallResult.invalid("No framework found with specified ID");
        }
        if (!authorizer.authorized(subject, Action.TEARDOWN_FRAMEWORK, framework.get().info().getPrincipal())) {
            return CallResult.forbidden("Not authorized to teardown framework " + frameworkId);
        }
        lifecycle.teardown(framework.get(), "an operator asked for TEARDOWN");
        return CallResult.ok();
    }

    private CallResult onAgent(String agentId, Subject subject, Action authorized, Consumer<Agent> action) {
        Optional<Agent> agent = agents.byId(agentId);
        if (agent.isEmpty()) {
            return CallResult.invalid("Unknown agent '" + agentId + "'");
        }
        if (!authorizer.authorized(subject, authorized, agent.get().nodeName())) {
            return CallResult.forbidden("Not authorized (" + authorized.aclsField() + ") on agent '" + agentId + "'");
        }
        if (!nodeMaintenance) {
            return CallResult.forbidden("Agent maintenance is disabled on this master"
                    + " (mesos-bridge.node-maintenance=false): it may not cordon or drain Kubernetes Nodes");
        }
        try {
            action.accept(agent.get());
        } catch (AgentMaintenance.ForeignCordonException e) {
            return CallResult.conflict(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "maintenance of agent %s failed", agentId);
            return CallResult.unavailable("Failed to update agent '" + agentId + "': " + e.getMessage());
        }
        return CallResult.ok();
    }
}

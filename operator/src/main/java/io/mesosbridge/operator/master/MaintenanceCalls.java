package io.mesosbridge.operator.master;

import io.mesosbridge.mesos.v1.Protos.MachineID;
import io.mesosbridge.mesos.v1.Protos.MachineInfo;
import io.mesosbridge.mesos.v1.allocator.Protos.InverseOfferStatus;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.maintenance.InverseOffers;
import io.mesosbridge.operator.maintenance.MaintenanceSchedule;
import io.mesosbridge.operator.maintenance.MaintenanceState;
import io.mesosbridge.operator.maintenance.Machines;
import io.mesosbridge.operator.maintenance.ScheduleValidation;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the master does for the maintenance primitives, whichever API asked (the /maintenance and /machine endpoints,
 * the operator API, a framework's answer to an inverse offer): the checks and messages of a Mesos master, then the
 * schedule changed and the machines' nodes cordoned, drained or uncordoned.
 */
@ApplicationScoped
public class MaintenanceCalls {

    private static final Logger LOG = Logger.getLogger(MaintenanceCalls.class);

    private final MaintenanceSchedule schedule;
    private final InverseOffers inverseOffers;
    private final AgentDirectory agents;
    private final AgentMaintenance nodes;
    private final Authorizer authorizer;
    private final boolean nodeMaintenance;

    public MaintenanceCalls(MaintenanceSchedule schedule, InverseOffers inverseOffers, AgentDirectory agents,
                            AgentMaintenance nodes, Authorizer authorizer, BridgeConfig config) {
        this.schedule = schedule;
        this.inverseOffers = inverseOffers;
        this.agents = agents;
        this.nodes = nodes;
        this.authorizer = authorizer;
        this.nodeMaintenance = config.nodeMaintenance();
    }

    public CallResult getSchedule(Subject subject) {
        if (!authorizer.authorizedOnEveryObject(subject, Action.GET_MAINTENANCE_SCHEDULE)) {
            return CallResult.forbidden("");
        }
        return CallResult.ok(Response.newBuilder().setType(Response.Type.GET_MAINTENANCE_SCHEDULE)
                .setGetMaintenanceSchedule(Response.GetMaintenanceSchedule.newBuilder()
                        .setSchedule(schedule.state().schedule())).build());
    }

    public CallResult getStatus(Subject subject) {
        if (!authorizer.authorizedOnEveryObject(subject, Action.GET_MAINTENANCE_STATUS)) {
            return CallResult.forbidden("");
        }
        return CallResult.ok(Response.newBuilder().setType(Response.Type.GET_MAINTENANCE_STATUS)
                .setGetMaintenanceStatus(Response.GetMaintenanceStatus.newBuilder()
                        .setStatus(inverseOffers.status())).build());
    }

    /** Replaces the schedule: machines new to it start DRAINING, machines left out are UP again. */
    public CallResult updateSchedule(Subject subject, Schedule updated) {
        if (!authorizer.authorizedOnEveryObject(subject, Action.UPDATE_MAINTENANCE_SCHEDULE)) {
            return CallResult.forbidden("");
        }
        synchronized (schedule) {
            Optional<String> invalid = ScheduleValidation.schedule(updated, schedule.state());
            if (invalid.isPresent()) {
                return CallResult.invalid(invalid.get());
            }
            Optional<CallResult> failed = persist(state -> state.withSchedule(updated));
            if (failed.isPresent()) {
                return failed.get();
            }
        }
        LOG.infof("maintenance schedule updated: %d windows", updated.getWindowsCount());
        inverseOffers.cycle();
        return CallResult.ok();
    }

    /** /machine/down, START_MAINTENANCE: DRAINING machines go DOWN, their agents' tasks are lost. */
    public CallResult down(Subject subject, List<MachineID> machines) {
        if (!authorizer.authorizedOnEveryObject(subject, Action.START_MAINTENANCE)) {
            return CallResult.forbidden("");
        }
        return transition(machines, MachineInfo.Mode.DRAINING, "' is not in DRAINING mode and cannot be brought down",
                state -> state.withDown(machines), agent -> nodes.machineDown(agent.nodeName(), agent.hostname()));
    }

    /** /machine/up, STOP_MAINTENANCE: DOWN machines are UP again and leave the schedule; their nodes are uncordoned. */
    public CallResult up(Subject subject, List<MachineID> machines) {
        if (!authorizer.authorizedOnEveryObject(subject, Action.STOP_MAINTENANCE)) {
            return CallResult.forbidden("");
        }
        return transition(machines, MachineInfo.Mode.DOWN, "' is not in DOWN mode and cannot be brought up",
                state -> state.withUp(machines), agent -> nodes.machineUp(agent.nodeName()));
    }

    /** ACCEPT_INVERSE_OFFERS and DECLINE_INVERSE_OFFERS: answered 202 even when ignored, as Mesos answers them. */
    public CallResult answerInverseOffers(Framework framework, Call call) {
        boolean accept = call.getType() == Call.Type.ACCEPT_INVERSE_OFFERS;
        Optional<String> ignored = accept
                ? inverseOffers.answer(framework, call.getAcceptInverseOffers().getInverseOfferIdsList(),
                        InverseOfferStatus.Status.ACCEPT, call.getAcceptInverseOffers().hasFilters()
                                ? call.getAcceptInverseOffers().getFilters() : null)
                : inverseOffers.answer(framework, call.getDeclineInverseOffers().getInverseOfferIdsList(),
                        InverseOfferStatus.Status.DECLINE, call.getDeclineInverseOffers().hasFilters()
                                ? call.getDeclineInverseOffers().getFilters() : null);
        ignored.ifPresent(why -> LOG.warnf("%s call of framework %s used invalid inverse offers: %s",
                call.getType(), framework.id(), why));
        return CallResult.accepted();
    }

    private CallResult transition(List<MachineID> machines, MachineInfo.Mode required, String wrongMode,
                                  UnaryOperator<MaintenanceState> change,
                                  Consumer<Agent> onEachAgent) {
        Optional<String> invalid = ScheduleValidation.machines(machines);
        if (invalid.isPresent()) {
            return CallResult.invalid(invalid.get());
        }
        if (!nodeMaintenance) {
            return CallResult.forbidden("Agent maintenance is disabled on this master"
                    + " (mesos-bridge.node-maintenance=false): it may not cordon or drain Kubernetes Nodes");
        }
        synchronized (schedule) {
            MaintenanceState state = schedule.state();
            for (MachineID id : machines) {
                if (!state.scheduled(id)) {
                    return CallResult.invalid("Machine '" + Machines.json(id) + "' is not part of a maintenance"
                            + " schedule");
                }
                if (state.mode(id) != required) {
                    return CallResult.invalid("Machine '" + Machines.json(id) + wrongMode);
                }
            }
            Optional<CallResult> failed = persist(change);
            if (failed.isPresent()) {
                return failed.get();
            }
        }
        for (Agent agent : agents.agents()) {
            if (machines.stream().anyMatch(id -> Machines.hosts(id, agent.hostname(), agent.ip()))) {
                try {
                    onEachAgent.accept(agent);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "maintenance of node %s failed", agent.nodeName());
                    return CallResult.unavailable("Failed to update agent '" + agent.id() + "': " + e.getMessage());
                }
            }
        }
        inverseOffers.cycle();
        return CallResult.ok();
    }

    private Optional<CallResult> persist(UnaryOperator<MaintenanceState> change) {
        try {
            schedule.change(change);
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("storing the maintenance schedule failed", e);
            return Optional.of(CallResult.unavailable("Failed to store the maintenance schedule: " + e.getMessage()));
        }
    }
}

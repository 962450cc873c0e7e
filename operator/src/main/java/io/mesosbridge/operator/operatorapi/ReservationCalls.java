package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.master.CallResult;
import io.mesosbridge.operator.reservations.ReservationValidation;
import io.mesosbridge.operator.reservations.Reservations;
import io.mesosbridge.operator.reservations.Reservations.Kind;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The operator API's RESERVE_RESOURCES, UNRESERVE_RESOURCES, CREATE_VOLUMES and DESTROY_VOLUMES, answered as a Mesos master answers them: 400 for an
 * unknown agent or an invalid operation, 403 when not authorized, 409 when the agent does not have the resources
 * unused, else 202 once the reservation is recorded.
 */
@ApplicationScoped
public class ReservationCalls {

    private final AgentDirectory agents;
    private final Reservations reservations;

    public ReservationCalls(AgentDirectory agents, Reservations reservations) {
        this.agents = agents;
        this.reservations = reservations;
    }

    /** RESERVE_RESOURCES, answered as a Mesos master's operator API answers it. */
    public CallResult reserve(Call.ReserveResources call, Subject subject) {
        return operate(call.getAgentId().getValue(), Kind.RESERVE, call.getResourcesList(), subject);
    }

    /** UNRESERVE_RESOURCES, answered as a Mesos master's operator API answers it. */
    public CallResult unreserve(Call.UnreserveResources call, Subject subject) {
        return operate(call.getAgentId().getValue(), Kind.UNRESERVE, call.getResourcesList(), subject);
    }

    /** CREATE_VOLUMES, answered as a Mesos master's operator API answers it. */
    public CallResult createVolumes(Call.CreateVolumes call, Subject subject) {
        return operate(call.getAgentId().getValue(), Kind.CREATE, call.getVolumesList(), subject);
    }

    /** DESTROY_VOLUMES, answered as a Mesos master's operator API answers it. */
    public CallResult destroyVolumes(Call.DestroyVolumes call, Subject subject) {
        return operate(call.getAgentId().getValue(), Kind.DESTROY, call.getVolumesList(), subject);
    }

    private CallResult operate(String agentId, Kind kind, List<Resource> sent, Subject subject) {
        Optional<Agent> agent = agents.byId(agentId);
        if (agent.isEmpty()) {
            return CallResult.invalid("No agent found with specified ID");
        }
        String onAgent = "Invalid " + kind + " operation on agent " + agentId + " at " + agent.get().pid()
                + " (" + agent.get().hostname() + "): ";
        List<Resource> resources = sent.stream().map(ReservationFormats::upgrade).toList();
        String nodeName = agent.get().nodeName();
        Optional<String> invalid = switch (kind) {
            case RESERVE -> ReservationValidation.reserve(resources, subject.principal(), Optional.empty());
            case UNRESERVE -> ReservationValidation.unreserve(resources);
            case CREATE -> ReservationValidation.create(resources, reservations.recordedOn(nodeName),
                    subject.principal());
            case DESTROY -> ReservationValidation.destroy(resources, reservations.recordedOn(nodeName),
                    reservations.inUseOn(nodeName));
        };
        if (invalid.isPresent()) {
            return CallResult.invalid(onAgent + invalid.get());
        }
        if (!reservations.authorized(subject, kind, resources)) {
            return CallResult.forbidden("");
        }
        Resources target = Resources.of(resources);
        Resources consumed = kind.consumed(target);
        if (!agent.get().free().contains(consumed)) {
            return CallResult.conflict(onAgent + agent.get().free() + " does not contain " + consumed);
        }
        invalid = reservations.record(nodeName, kind, target);
        return invalid.isPresent() ? CallResult.conflict(onAgent + invalid.get()) : CallResult.accepted();
    }
}

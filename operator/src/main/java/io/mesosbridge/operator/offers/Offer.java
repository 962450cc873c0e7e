package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;

import java.util.List;
import java.util.Optional;

/**
 * An outstanding offer: resources of one agent, held for one framework and role until used, declined or rescinded.
 * {@code agentIp} is the agent's address, which the offer's {@code url} carries.
 */
public record Offer(String id, String frameworkId, String agentId, String nodeName, String hostname, String agentIp,
                    Resources resources, List<Attribute> attributes, String role, boolean multiRole) {

    /** Where a Mesos agent listens: every offer names it in {@code url}, as {@code Master::offer} does. */
    public static final int AGENT_PORT = 5051;
    public static final String AGENT_PROCESS = "slave(1)";

    public Protos.Offer toProto() {
        return toProto(true, Optional.empty());
    }

    /**
     * The offer as its framework gets it: with the unavailability of its agent's machine when one is scheduled and,
     * for a framework without the RESERVATION_REFINEMENT capability, reservations in the pre-1.4
     * {@code role}/{@code reservation} form, as a Mesos master downgrades them, without the resources whose refined
     * reservations have no such form.
     */
    public Protos.Offer toProto(boolean reservationRefinement, Optional<Protos.Unavailability> unavailability) {
        Protos.Offer.Builder offer = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setHostname(hostname)
                .setUrl(Protos.URL.newBuilder().setScheme("http")
                        .setAddress(Protos.Address.newBuilder().setHostname(hostname).setIp(agentIp)
                                .setPort(AGENT_PORT))
                        .setPath("/" + AGENT_PROCESS))
                .addAllAttributes(attributes);
        Resources offered = resources;
        if (multiRole) {
            offer.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role));
            offered = resources.allocate(role);
        }
        if (reservationRefinement) {
            offer.addAllResources(offered);
        } else {
            offered.forEach(resource -> ReservationFormats.downgrade(resource).ifPresent(offer::addResources));
        }
        unavailability.ifPresent(offer::setUnavailability);
        return offer.build();
    }
}

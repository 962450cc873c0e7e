package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;

import java.util.List;

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
        if (multiRole) {
            offer.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role))
                    .addAllResources(resources.allocate(role));
        } else {
            offer.addAllResources(resources);
        }
        return offer.build();
    }

    /**
     * The offer for a framework without the RESERVATION_REFINEMENT capability: reservations in the pre-1.4
     * {@code role}/{@code reservation} form, as a Mesos master downgrades them, and without the resources whose
     * refined reservations have no such form.
     */
    public Protos.Offer toProto(boolean reservationRefinement) {
        Protos.Offer offer = toProto();
        if (reservationRefinement) {
            return offer;
        }
        Protos.Offer.Builder downgraded = offer.toBuilder().clearResources();
        offer.getResourcesList().forEach(resource -> ReservationFormats.downgrade(resource)
                .ifPresent(downgraded::addResources));
        return downgraded.build();
    }
}

package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;

import java.util.List;

/** An outstanding offer: resources of one agent, held for one framework and role until used, declined or rescinded. */
public record Offer(String id, String frameworkId, String agentId, String nodeName, String hostname,
                    Resources resources, List<Attribute> attributes, String role, boolean multiRole) {

    public Protos.Offer toProto() {
        Protos.Offer.Builder offer = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setHostname(hostname)
                .addAllAttributes(attributes);
        if (multiRole) {
            offer.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role))
                    .addAllResources(resources.allocate(role));
        } else {
            offer.addAllResources(resources);
        }
        return offer.build();
    }
}

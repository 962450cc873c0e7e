package io.mesosbridge.operator.agents;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.operator.offers.Offer;

import java.util.List;

/**
 * A Node seen as a Mesos agent: its address, its total resources, what is free of them (allocatable minus every
 * non-terminal Pod's requests minus launches whose Pods do not exist yet), and its attributes. {@code active} is false
 * for a node that is NotReady or cordoned; such an agent gets no offers.
 */
public record Agent(String id, String nodeName, String hostname, String ip, Resources total, Resources free,
                    List<Attribute> attributes, boolean active) {

    public AgentInfo info() {
        return AgentInfo.newBuilder()
                .setId(AgentID.newBuilder().setValue(id))
                .setHostname(hostname)
                .setPort(Offer.AGENT_PORT)
                .addAllResources(total)
                .addAllAttributes(attributes)
                .build();
    }

    /** The agent's libprocess pid, as the master's endpoints print it ({@code slave(1)@10.0.0.7:5051}). */
    public String pid() {
        return Offer.AGENT_PROCESS + "@" + ip + ":" + Offer.AGENT_PORT;
    }
}

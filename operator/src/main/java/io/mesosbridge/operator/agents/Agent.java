package io.mesosbridge.operator.agents;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.Attribute;

import java.util.List;

/**
 * A Node seen as a Mesos agent: its total resources, what is free of them (allocatable minus every non-terminal
 * Pod's requests minus launches whose Pods do not exist yet), and its attributes. {@code active} is false for a
 * node that is NotReady or cordoned; such an agent gets no offers.
 */
public record Agent(String id, String nodeName, String hostname, Resources total, Resources free,
                    List<Attribute> attributes, boolean active) {

    public AgentInfo info() {
        return AgentInfo.newBuilder()
                .setId(io.mesosbridge.mesos.v1.Protos.AgentID.newBuilder().setValue(id))
                .setHostname(hostname)
                .setPort(5051)
                .addAllResources(total)
                .addAllAttributes(attributes)
                .build();
    }
}

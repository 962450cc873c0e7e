package io.mesosbridge.agent;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentMainTest {

    @Test
    void theOperatorsAddressIsRequired() {
        AgentFlags flags = AgentFlags.load(new String[] {"--node_name=node-1"}, Map.of());
        assertThat(AgentMain.missingFlag(flags)).hasValue(
                "Missing required flag --master (host:port of the operator's agent link; or MESOS_MASTER)");
    }

    @Test
    void theNodeNameIsRequired() {
        AgentFlags flags = AgentFlags.load(new String[] {"--master=operator:5052"}, Map.of());
        assertThat(AgentMain.missingFlag(flags)).hasValue(
                "Missing required flag --node_name (the Kubernetes Node of this agent; or NODE_NAME)");
        assertThat(AgentMain.missingFlag(AgentFlags.load(new String[0],
                Map.of("MESOS_MASTER", "operator:5052", "NODE_NAME", "node-1")))).isEmpty();
    }

    @Test
    void registerNamesTheNodeAndTheAdvertisedEndpoint() {
        AgentFlags flags = AgentFlags.load(new String[] {"--master=operator:5052", "--node_name=node-1",
                "--ip=10.0.0.5", "--advertise_ip=192.168.1.5"}, Map.of());
        assertThat(AgentMain.register(flags, 5051).getNodeName()).isEqualTo("node-1");
        assertThat(AgentMain.register(flags, 5051).getEndpoint()).isEqualTo("192.168.1.5:5051");

        AgentFlags bound = AgentFlags.load(new String[] {"--master=operator:5052", "--node_name=node-1",
                "--ip=10.0.0.5"}, Map.of());
        assertThat(AgentMain.register(bound, 40000).getEndpoint()).isEqualTo("10.0.0.5:40000");
    }
}

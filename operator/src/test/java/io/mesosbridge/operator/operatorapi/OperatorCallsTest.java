package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorCallsTest {

    @Test
    void aCallMustCarryTheMessageItsTypeNames() {
        assertThat(OperatorCalls.validate(Call.getDefaultInstance())).contains("Expecting 'type' to be present");
        assertThat(OperatorCalls.validate(Call.newBuilder().setType(Call.Type.DRAIN_AGENT).build()))
                .contains("Expecting 'drain_agent' to be present");
        assertThat(OperatorCalls.validate(Call.newBuilder().setType(Call.Type.DEACTIVATE_AGENT).build()))
                .contains("Expecting 'deactivate_agent' to be present");
        assertThat(OperatorCalls.validate(Call.newBuilder().setType(Call.Type.REACTIVATE_AGENT).build()))
                .contains("Expecting 'reactivate_agent' to be present");
        assertThat(OperatorCalls.validate(Call.newBuilder().setType(Call.Type.TEARDOWN).build()))
                .contains("Expecting 'teardown' to be present");
        assertThat(OperatorCalls.validate(Call.newBuilder().setType(Call.Type.DEACTIVATE_AGENT)
                .setDeactivateAgent(Call.DeactivateAgent.newBuilder().setAgentId(AgentID.newBuilder().setValue("a")))
                .build())).isEmpty();
        assertThat(OperatorCalls.validate(Call.newBuilder().setType(Call.Type.GET_HEALTH).build())).isEmpty();
    }
}

package io.mesosbridge.operator.metrics;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.mesosbridge.operator.counters.MasterCounters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What happens to a Node, counted as what happens to a Mesos agent. */
class AgentTransitionsTest {

    private final MasterCounters counters = new MasterCounters();
    private final AgentTransitions transitions = new AgentTransitions(null, counters);

    @Test
    void aNodeRegistersGoesUnreachableComesBackAndIsRemoved() {
        transitions.nodeChanged(null, node("True"));
        transitions.nodeChanged(node("True"), node("True"));
        transitions.nodeChanged(node("True"), node("False"));
        transitions.nodeChanged(node("False"), node("True"));
        transitions.nodeChanged(node("True"), null);

        assertThat(counters.snapshot())
                .containsEntry("master/slave_registrations", 1.0)
                .containsEntry("master/slave_unreachable_scheduled", 1.0)
                .containsEntry("master/slave_unreachable_completed", 1.0)
                .containsEntry("master/slave_reregistrations", 1.0)
                .containsEntry("master/slave_removals", 2.0)
                .containsEntry("master/slave_removals/reason_unhealthy", 1.0)
                .containsEntry("master/slave_removals/reason_unregistered", 1.0);
    }

    private static Node node(String ready) {
        return new NodeBuilder().withNewMetadata().withName("n1").withUid("u1").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus()
                .build();
    }
}

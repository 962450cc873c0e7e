package io.mesosbridge.operator.maintenance;

import io.mesosbridge.operator.maintenance.InverseOfferPlanner.DrainingAgent;
import io.mesosbridge.operator.maintenance.InverseOfferPlanner.Plan;
import io.mesosbridge.operator.maintenance.InverseOfferPlanner.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.mesosbridge.operator.maintenance.ScheduleValidationTest.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

class InverseOfferPlannerTest {

    private static final DrainingAgent A = new DrainingAgent("agent-a", "node-a", "node-a", "10.0.0.1", HOUR);

    @Test
    void everyHolderOfADrainingAgentGetsOneInverseOffer() {
        Plan plan = InverseOfferPlanner.plan(List.of(A), Map.of("agent-a", Set.of("f2", "f1"), "agent-b",
                Set.of("f3")), Set.of(), Map.of(), 0);
        assertThat(plan.make()).containsExactly(new Target("f1", "agent-a"), new Target("f2", "agent-a"));
        assertThat(plan.rescind()).isEmpty();
    }

    @Test
    void anOutstandingOrRefusedTargetGetsNoOtherUntilItsFilterEnds() {
        Target f1 = new Target("f1", "agent-a");
        Target f2 = new Target("f2", "agent-a");
        Map<String, Set<String>> holders = Map.of("agent-a", Set.of("f1", "f2"));
        assertThat(InverseOfferPlanner.plan(List.of(A), holders, Set.of(f1), Map.of(f2, 5_000L), 1_000).make())
                .isEmpty();
        assertThat(InverseOfferPlanner.plan(List.of(A), holders, Set.of(f1), Map.of(f2, 5_000L), 5_000).make())
                .containsExactly(f2);
    }

    @Test
    void inverseOffersOfAnAgentNoLongerDrainingAreRescinded() {
        Target gone = new Target("f1", "agent-b");
        Target stays = new Target("f1", "agent-a");
        Plan plan = InverseOfferPlanner.plan(List.of(A), Map.of("agent-a", Set.of("f1")), Set.of(gone, stays),
                Map.of(), 0);
        assertThat(plan.rescind()).containsExactly(gone);
        assertThat(plan.make()).isEmpty();
    }
}

package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.allocation.OfferPlanner.Demand;
import io.mesosbridge.operator.allocation.OfferPlanner.PlannedOffer;
import io.mesosbridge.operator.roles.Quota;
import io.mesosbridge.operator.roles.RoleSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's role decisions: weighted DRF between roles, quota guarantees and limits, reservations, multi-role. */
class RoleAllocationTest {

    private static final long NOW = 1_000_000;

    @Test
    void rolesWeighted2To1ShareTheAgents2To1() {
        List<Agent> agents = IntStream.range(0, 6).mapToObj(i -> agent("a" + i, 1, 1024)).toList();
        RoleSettings weights = new RoleSettings(Map.of("gold", 2.0, "silver", 1.0), Map.of());

        List<PlannedOffer> offers = OfferPlanner.plan(agents, List.of(demand("fw-gold", "gold"),
                demand("fw-silver", "silver")), List.of(), weights, true, NOW).offers();

        assertThat(cpusOf(offers, "gold")).isEqualTo(4.0);
        assertThat(cpusOf(offers, "silver")).isEqualTo(2.0);
        assertThat(offers).allSatisfy(offer -> assertThat(offer.frameworkId()).isEqualTo("fw-" + offer.role()));
    }

    @Test
    void withEqualWeightsTheRoleWithLessAllocatedGoesFirst() {
        Demand busy = new Demand("fw-a", List.of("a"), false, false, Map.of(),
                Map.of("a", Resources.of(Resources.scalar("cpus", 2))));

        List<PlannedOffer> offers = OfferPlanner.plan(List.of(agent("a1", 4, 4096)), List.of(busy,
                demand("fw-b", "b")), List.of(), RoleSettings.DEFAULT, true, NOW).offers();

        assertThat(offers).extracting(PlannedOffer::role).containsExactly("b");
    }

    @Test
    void aQuotaLimitCutsTheOfferDownToTheRolesHeadroomAndStopsOffersAtTheLimit() {
        RoleSettings limited = new RoleSettings(Map.of(), Map.of("capped",
                new Quota(Map.of(), Map.of("cpus", 2.0, "mem", 1024.0))));
        List<Agent> agents = List.of(agent("a1", 4, 8192), agent("a2", 4, 8192));

        List<PlannedOffer> offers = OfferPlanner.plan(agents, List.of(demand("fw", "capped")), List.of(), limited,
                true, NOW).offers();

        assertThat(offers).singleElement().satisfies(offer -> {
            assertThat(offer.resources().scalar("cpus")).isEqualTo(2.0);
            assertThat(offer.resources().scalar("mem")).isEqualTo(1024.0);
        });

        Demand atLimit = new Demand("fw", List.of("capped"), false, false, Map.of(), Map.of("capped",
                Resources.of(Resources.scalar("cpus", 2), Resources.scalar("mem", 1024))));
        assertThat(OfferPlanner.plan(agents, List.of(atLimit), List.of(), limited, true, NOW).offers()).isEmpty();
    }

    @Test
    void resourcesReservedToARoleCountTowardItsLimitAndAreStillOfferedToIt() {
        Resources total = Resources.of(reserved("cpus", 2, "r"), Resources.scalar("cpus", 4),
                Resources.scalar("mem", 4096));
        Agent agent = new Agent("a1", "a1", "a1", "10.0.0.1", total, total, List.of(), true);
        RoleSettings limited = new RoleSettings(Map.of(), Map.of("r", new Quota(Map.of(), Map.of("cpus", 3.0))));

        List<PlannedOffer> offers = OfferPlanner.plan(List.of(agent), List.of(demand("fw-r", "r")), List.of(),
                limited, true, NOW).offers();

        assertThat(offers).singleElement().satisfies(offer -> {
            assertThat(offer.resources().reservedTo("r").scalar("cpus")).isEqualTo(2.0);
            assertThat(offer.resources().unreserved().scalar("cpus")).as("limit 3 minus the 2 reserved").isEqualTo(1.0);
        });
    }

    @Test
    void aRoleUnderItsGuaranteeIsOfferedFirst() {
        RoleSettings guaranteed = new RoleSettings(Map.of(), Map.of("g",
                new Quota(Map.of("cpus", 4.0), Map.of())));

        List<PlannedOffer> offers = OfferPlanner.plan(List.of(agent("a1", 4, 4096), agent("a2", 4, 4096)),
                List.of(demand("fw-a", "a"), demand("fw-g", "g")), List.of(), guaranteed, true, NOW).offers();

        assertThat(offers).extracting(offer -> offer.agent().id() + "=" + offer.role())
                .as("without quota, role a would take a1 (ties go to the lowest name)")
                .containsExactly("a1=g", "a2=a");
    }

    @Test
    void whatAnotherRolesUnsatisfiedGuaranteeNeedsIsHeldBackFromRolesWithoutQuota() {
        RoleSettings guaranteed = new RoleSettings(Map.of(), Map.of("g",
                new Quota(Map.of("cpus", 4.0), Map.of())));
        Demand refusing = new Demand("fw-g", List.of("g"), false, false, Map.of("a1", NOW + 1000, "a2", NOW + 1000),
                Map.of());

        List<PlannedOffer> offers = OfferPlanner.plan(List.of(agent("a1", 4, 4096), agent("a2", 4, 4096)),
                List.of(demand("fw-a", "a"), refusing), List.of(), guaranteed, true, NOW).offers();

        assertThat(cpusOf(offers, "a")).as("8 cpus in the cluster, 4 kept for g's guarantee").isEqualTo(4.0);
        assertThat(offers).extracting(PlannedOffer::role).containsOnly("a");
    }

    @Test
    void reservedResourcesGoOnlyToTheirRole() {
        Resources total = Resources.of(reserved("cpus", 2, "r"), Resources.scalar("cpus", 2),
                Resources.scalar("mem", 2048));
        Agent agent = new Agent("a1", "a1", "a1", "10.0.0.1", total, total, List.of(), true);

        List<PlannedOffer> offers = OfferPlanner.plan(List.of(agent), List.of(demand("fw-o", "o"),
                demand("fw-r", "r")), List.of(), RoleSettings.DEFAULT, true, NOW).offers();

        assertThat(offers).extracting(PlannedOffer::role).containsExactly("o", "r");
        assertThat(offers.get(0).resources().reserved().isEmpty()).isTrue();
        assertThat(offers.get(1).resources()).isEqualTo(Resources.of(reserved("cpus", 2, "r")));
    }

    @Test
    void aMultiRoleFrameworkIsOfferedInEachOfItsUnsuppressedRoles() {
        Demand multi = new Demand("fw-m", List.of("x", "y"), true, false, Map.of(), Map.of());

        List<PlannedOffer> offers = OfferPlanner.plan(List.of(agent("a1", 2, 2048), agent("a2", 2, 2048)),
                List.of(multi), List.of(), RoleSettings.DEFAULT, true, NOW).offers();

        assertThat(offers).extracting(offer -> offer.agent().id() + "=" + offer.role())
                .containsExactly("a1=x", "a2=y");
        assertThat(offers).allSatisfy(offer -> assertThat(offer.multiRole()).isTrue());
    }

    @Test
    void withoutGpuFilteringAgentsWithGpusGoToAnyFramework() {
        Resources total = Resources.of(Resources.scalar("cpus", 4), Resources.scalar("gpus", 1));
        Agent gpu = new Agent("g1", "g1", "g1", "10.0.0.9", total, total, List.of(), true);

        assertThat(OfferPlanner.plan(List.of(gpu), List.of(demand("fw", "*")), List.of(), RoleSettings.DEFAULT,
                false, NOW).offers()).hasSize(1);
    }

    private static double cpusOf(List<PlannedOffer> offers, String role) {
        return offers.stream().filter(offer -> offer.role().equals(role))
                .mapToDouble(offer -> offer.resources().scalar("cpus")).sum();
    }

    private static Resource reserved(String name, double value, String role) {
        return Resources.scalar(name, value).toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
                .setType(Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
    }

    private static Agent agent(String id, double cpus, double mem) {
        Resources resources = Resources.of(Resources.scalar("cpus", cpus), Resources.scalar("mem", mem));
        return new Agent(id, id, id, "10.0.0.1", resources, resources, List.of(), true);
    }

    private static Demand demand(String frameworkId, String role) {
        return new Demand(frameworkId, List.of(role), false, false, Map.of(), Map.of());
    }
}

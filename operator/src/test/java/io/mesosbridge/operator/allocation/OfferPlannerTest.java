package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.allocation.OfferPlanner.Demand;
import io.mesosbridge.operator.allocation.OfferPlanner.Plan;
import io.mesosbridge.operator.allocation.OfferPlanner.PlannedOffer;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.roles.RoleSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the allocator offers and takes back, decided from agents, frameworks, their filters and the time alone. */
class OfferPlannerTest {

    private static final long NOW = 1_000_000;

    @Test
    void eachFreeAgentGoesWholeToTheFrameworkWithTheLowestDominantShare() {
        Agent a1 = agent("a1", 4, 8192);
        Agent a2 = agent("a2", 4, 8192);
        Demand busy = demand("fw-busy", Resources.of(Resources.scalar("cpus", 3)));
        Demand idle = demand("fw-idle", Resources.empty());

        Plan plan = plan(List.of(a1, a2), List.of(busy, idle), List.of(), NOW);

        assertThat(plan.offers()).extracting(PlannedOffer::frameworkId).containsExactly("fw-idle", "fw-busy");
        assertThat(plan.offers().get(0).resources()).isEqualTo(a1.free());
        assertThat(plan.rescinds()).isEmpty();
        assertThat(plan.withdrawn()).isEmpty();
    }

    @Test
    void aFrameworkHoldsAtMostOneOfferPerAgentAndAnOfferedAgentOffersOnlyWhatIsLeft() {
        Agent a1 = agent("a1", 4, 8192);
        Offer outstanding = offer("o1", "fw-1", "a1", 1, 1024);

        Plan plan = plan(List.of(a1), List.of(demand("fw-1", Resources.empty()),
                demand("fw-2", Resources.empty())), List.of(outstanding), NOW);

        assertThat(plan.offers()).singleElement().satisfies(offer -> {
            assertThat(offer.frameworkId()).isEqualTo("fw-2");
            assertThat(offer.resources().scalar("cpus")).isEqualTo(3.0);
            assertThat(offer.resources().scalar("mem")).isEqualTo(7168.0);
        });
    }

    @Test
    void anAgentTheFrameworkDeclinedIsNotOfferedToItUntilItsFilterEnds() {
        Agent a1 = agent("a1", 4, 8192);
        Demand declined = new Demand("fw-1", List.of("*"), false, false, Map.of("a1", NOW + 5000), Map.of());

        assertThat(plan(List.of(a1), List.of(declined), List.of(), NOW).offers()).isEmpty();
        assertThat(plan(List.of(a1), List.of(declined), List.of(), NOW + 5000).offers()).hasSize(1);
    }

    @Test
    void agentsWithGpusAreOfferedOnlyToFrameworksThatCanUseThem() {
        Agent gpu = new Agent("g1", "g1", "g1", "10.0.0.9", Resources.of(Resources.scalar("cpus", 4),
                Resources.scalar("mem", 8192), Resources.scalar("gpus", 1)), Resources.of(Resources.scalar("cpus", 4),
                Resources.scalar("mem", 8192), Resources.scalar("gpus", 1)), List.of(), true);
        Demand plain = demand("fw-plain", Resources.empty());
        Demand aware = new Demand("fw-gpu", List.of("*"), false, true, Map.of(),
                Map.of("*", Resources.of(Resources.scalar("cpus", 2))));

        assertThat(plan(List.of(gpu), List.of(plain), List.of(), NOW).offers()).isEmpty();
        assertThat(plan(List.of(gpu), List.of(plain, aware), List.of(), NOW).offers())
                .extracting(PlannedOffer::frameworkId).containsExactly("fw-gpu");
    }

    @Test
    void aFrameworkWhoseRolesAreAllSuppressedGetsNothingAndAMultiRoleOneGetsItsRole() {
        Agent a1 = agent("a1", 4, 8192);
        Demand suppressed = new Demand("fw-1", List.of(), false, false, Map.of(), Map.of());
        Demand multi = new Demand("fw-2", List.of("analytics"), true, false, Map.of(), Map.of());

        assertThat(plan(List.of(a1), List.of(suppressed), List.of(), NOW).offers()).isEmpty();
        assertThat(plan(List.of(a1), List.of(suppressed, multi), List.of(), NOW).offers())
                .singleElement().satisfies(offer -> {
                    assertThat(offer.role()).isEqualTo("analytics");
                    assertThat(offer.multiRole()).isTrue();
                });
    }

    @Test
    void inactiveAgentsAndLeftoversTooSmallToRunAnythingAreNotOffered() {
        Agent cordoned = new Agent("a1", "a1", "a1", "10.0.0.1", Resources.of(Resources.scalar("cpus", 4)),
                Resources.of(Resources.scalar("cpus", 4)), List.of(), false);
        Agent crumbs = agent("a2", 0.005, 16);

        assertThat(plan(List.of(cordoned, crumbs), List.of(demand("fw", Resources.empty())), List.of(),
                NOW).offers()).isEmpty();
    }

    @Test
    void offersOnAnAgentThatIsGoneInactiveOrShrunkAreRescinded() {
        Agent shrunk = new Agent("a2", "a2", "a2", "10.0.0.2", Resources.of(Resources.scalar("cpus", 4)),
                Resources.of(Resources.scalar("cpus", 1)), List.of(), true);
        Agent cordoned = new Agent("a3", "a3", "a3", "10.0.0.3", Resources.of(Resources.scalar("cpus", 4)),
                Resources.of(Resources.scalar("cpus", 4)), List.of(), false);
        List<Offer> outstanding = List.of(offer("gone", "fw", "a1", 1, 0), offer("shrunk", "fw", "a2", 2, 0),
                offer("cordoned", "fw", "a3", 1, 0));

        Plan plan = plan(List.of(shrunk, cordoned), List.of(demand("fw", Resources.empty())),
                outstanding, NOW);

        assertThat(plan.rescinds()).extracting(rescind -> rescind.offer().id() + ": " + rescind.reason())
                .containsExactlyInAnyOrder("gone: the agent is gone", "cordoned: the agent no longer takes work",
                        "shrunk: the agent has only " + shrunk.free() + " free");
        assertThat(plan.offers()).as("the shrunk agent is offered again what it has").extracting(PlannedOffer::agent)
                .containsExactly(shrunk);
    }

    @Test
    void offersOfFrameworksThatAreNotConnectedAreWithdrawnWithoutARescind() {
        Agent a1 = agent("a1", 4, 8192);
        Offer orphan = offer("o1", "fw-gone", "a1", 1, 1024);

        Plan plan = plan(List.of(a1), List.of(demand("fw-1", Resources.empty())), List.of(orphan), NOW);

        assertThat(plan.withdrawn()).containsExactly(orphan);
        assertThat(plan.rescinds()).isEmpty();
        assertThat(plan.offers()).singleElement().satisfies(offer ->
                assertThat(offer.resources()).as("what the orphan held is free again").isEqualTo(a1.free()));
    }

    @Test
    void reservedResourcesGoOnlyToTheirRoleEvenWhenAnotherRoleComesFirst() {
        Resource reserved = Resources.scalar("cpus", 2).toBuilder().addReservations(Resource.ReservationInfo
                .newBuilder().setType(Resource.ReservationInfo.Type.DYNAMIC).setRole("web").setPrincipal("ops"))
                .build();
        Resources free = Resources.of(Resources.scalar("cpus", 1), Resources.scalar("mem", 1024), reserved);
        Agent a1 = new Agent("a1", "a1", "a1", "10.0.0.1", free, free, List.of(), true);
        Demand web = new Demand("fw-1", List.of("web"), false, false, Map.of(), Map.of());
        Demand ads = new Demand("fw-2", List.of("ads"), false, false, Map.of(), Map.of());

        Plan plan = plan(List.of(a1), List.of(web, ads), List.of(), NOW);

        assertThat(plan.offers()).as("ads sorts first, yet gets only the unreserved resources").hasSize(2);
        assertThat(plan.offers().get(0).frameworkId()).isEqualTo("fw-2");
        assertThat(plan.offers().get(0).resources().reserved().isEmpty()).isTrue();
        assertThat(plan.offers().get(0).resources().scalar("cpus")).isEqualTo(1.0);
        assertThat(plan.offers().get(1).frameworkId()).isEqualTo("fw-1");
        assertThat(plan.offers().get(1).resources()).isEqualTo(Resources.of(reserved));
    }

    @Test
    void inASteadyCycleOnlyTheFreedAgentsAreOfferedEachToTheFrameworkWithTheLowestShareThatHoldsNoOfferThere() {
        List<Agent> agents = new ArrayList<>();
        List<Offer> outstanding = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Agent agent = agent(String.format("a%02d", i), 4, 8192);
            agents.add(agent);
            if (i != 7 && i != 23) {
                outstanding.add(new Offer("o" + i, "fw-" + (i % 2), agent.id(), agent.nodeName(), agent.hostname(),
                        agent.ip(), agent.free(), List.of(), "*", false));
            }
        }
        Demand light = demand("fw-0", Resources.of(Resources.scalar("cpus", 1)));
        Demand heavy = demand("fw-1", Resources.of(Resources.scalar("cpus", 30)));

        Plan plan = plan(agents, List.of(heavy, light), outstanding, NOW);

        assertThat(plan.rescinds()).isEmpty();
        assertThat(plan.offers()).extracting(offer -> offer.agent().id() + " " + offer.frameworkId())
                .containsExactly("a07 fw-0", "a23 fw-0");
        assertThat(plan.offers().get(1).resources()).isEqualTo(agents.get(23).free());
    }

    private static Agent agent(String id, double cpus, double mem) {
        Resources resources = Resources.of(Resources.scalar("cpus", cpus), Resources.scalar("mem", mem));
        return new Agent(id, id, id, "10.0.0.1", resources, resources, List.of(), true);
    }

    private static Demand demand(String frameworkId, Resources allocated) {
        return new Demand(frameworkId, List.of("*"), false, false, Map.of(), Map.of("*", allocated));
    }

    private static Plan plan(List<Agent> agents, List<Demand> demands, List<Offer> outstanding, long now) {
        return OfferPlanner.plan(agents, demands, outstanding, RoleSettings.DEFAULT, true, now);
    }

    private static Offer offer(String id, String frameworkId, String agentId, double cpus, double mem) {
        Resources resources = mem > 0
                ? Resources.of(Resources.scalar("cpus", cpus), Resources.scalar("mem", mem))
                : Resources.of(Resources.scalar("cpus", cpus));
        return new Offer(id, frameworkId, agentId, agentId, agentId, "10.0.0.1", resources, List.of(), "*", false);
    }
}

package io.mesosbridge.operator.bench;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.allocation.OfferPlanner;
import io.mesosbridge.operator.allocation.OfferPlanner.Demand;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.roles.RoleSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One allocation cycle of the pure {@link OfferPlanner} at Mesos's scale (and at bin/bench-scale's 1,000 x 10):
 * {@code agents} x {@code frameworks} in ten roles, each framework holding some tasks and refusing a few agents.
 * {@code first}: every agent free, nothing offered yet. {@code steady}: every agent already offered whole except
 * {@link #FREED} agents whose tasks just ended.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OfferPlannerBenchmark {

    private static final long NOW = 1_000_000_000L;
    private static final int ROLES = 10;
    private static final int FREED = 10;
    private static final int REFUSED_PER_FRAMEWORK = 20;

    @Param({"1000x10", "5000x100", "10000x1000"})
    public String agentsByFrameworks;

    @Param({"first", "steady"})
    public String cycle;

    private List<Agent> agents;
    private List<Demand> demands;
    private List<Offer> outstanding;

    @Setup
    public void setUp() {
        String[] shape = agentsByFrameworks.split("x");
        int agentCount = Integer.parseInt(shape[0]);
        int frameworkCount = Integer.parseInt(shape[1]);
        Random random = new Random(15);
        agents = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            Resources total = Resources.of(Resources.scalar("cpus", 8), Resources.scalar("mem", 32768),
                    Resources.scalar("disk", 100_000), Resources.ranges("ports", 31000, 32000));
            String name = String.format("node-%05d", i);
            agents.add(new Agent(name + "-S0", name, name, "10.0." + (i / 250) + "." + (i % 250), total, total,
                    List.of(), true));
        }
        demands = new ArrayList<>();
        for (int f = 0; f < frameworkCount; f++) {
            Map<String, Long> refused = new HashMap<>();
            for (int r = 0; r < REFUSED_PER_FRAMEWORK; r++) {
                refused.put(agents.get(random.nextInt(agentCount)).id(), NOW + 5_000);
            }
            Resources held = Resources.of(Resources.scalar("cpus", 1 + random.nextInt(40)),
                    Resources.scalar("mem", 1024 * (1 + random.nextInt(100))));
            String role = "role-" + (f % ROLES);
            demands.add(new Demand(String.format("fw-%04d", f), List.of(role), true, false, refused,
                    Map.of(role, held)));
        }
        outstanding = new ArrayList<>();
        if ("steady".equals(cycle)) {
            for (int i = FREED; i < agentCount; i++) {
                Agent agent = agents.get(i);
                Demand holder = demands.get(i % frameworkCount);
                outstanding.add(new Offer("offer-" + i, holder.frameworkId(), agent.id(), agent.nodeName(),
                        agent.hostname(), agent.ip(), agent.free(), List.of(), holder.roles().get(0), true));
            }
        }
    }

    @Benchmark
    public OfferPlanner.Plan plan() {
        return OfferPlanner.plan(agents, demands, outstanding, RoleSettings.DEFAULT, false, NOW);
    }
}

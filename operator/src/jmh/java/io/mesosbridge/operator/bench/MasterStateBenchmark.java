package io.mesosbridge.operator.bench;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.metrics.MesosMetrics;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.state.MasterTotals;
import io.mesosbridge.operator.stateapi.JsonWriter;
import io.mesosbridge.operator.stateapi.RenderedTasks;
import io.mesosbridge.operator.stateapi.StateJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pure renderers of the read paths at scale: {@code /master/state} (StateJson's tree alone, and with the JSON
 * text) and the
 * gauges of {@code /metrics/snapshot} (from the running totals), for a master of {@code agents} agents and
 * {@code tasks} running tasks of 10 frameworks, each task with the two updates a running command task has.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MasterStateBenchmark {

    private static final int FRAMEWORKS = 10;

    @Param({"1000"})
    public int agents;

    @Param({"10000"})
    public int tasks;

    private MasterSnapshot snapshot;
    private MasterTotals totals;
    private final RenderedTasks renderedTasks = new RenderedTasks();

    @Setup
    public void setUp() {
        MasterInfo info = MasterInfo.newBuilder().setId("m").setIp(16777343).setPort(5050)
                .setPid("master@127.0.0.1:5050").setHostname("bridge-host").build();
        Resources agentTotal = Resources.of(Resources.scalar("cpus", 32), Resources.scalar("mem", 65536),
                Resources.scalar("disk", 100000), Resources.ranges("ports", 31000, 32000));
        List<AgentView> agentViews = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            agentViews.add(new AgentView("uid-" + a + "-S0", "node-" + a, 5051, "slave(1)@10.0.0.1:5051", List.of(),
                    agentTotal, Resources.of(Resources.scalar("cpus", 1), Resources.scalar("mem", 320)),
                    Resources.empty(), true, false, 100.0, null));
        }
        List<TaskView> live = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            live.add(task("f" + (t % FRAMEWORKS) + "-" + t, "fw-" + (t % FRAMEWORKS), "uid-" + (t % agents) + "-S0"));
        }
        List<FrameworkView> frameworks = new ArrayList<>();
        Map<String, Map<TaskState, Integer>> byFramework = new HashMap<>();
        for (int f = 0; f < FRAMEWORKS; f++) {
            frameworks.add(new FrameworkView(FrameworkInfo.newBuilder().setUser("root").setName("scale-" + f)
                    .setId(Protos.FrameworkID.newBuilder().setValue("fw-" + f)).build(), List.of("*"), false, true,
                    true, false, 50.5, 0, List.of(), Resources.of(Resources.scalar("cpus", tasks * 0.1 / FRAMEWORKS)),
                    List.of(), 0, Map.of("calls/accept", 100L), null));
            Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
            counts.put(TaskState.TASK_RUNNING, tasks / FRAMEWORKS);
            byFramework.put("fw-" + f, counts);
        }
        snapshot = new MasterSnapshot(info, 1000.0, 1001.0, true, info, null, 900.0, Map.of("port", "5050"),
                agentViews, 0, frameworks, List.of(), live, List.of(), List.of(), List.of());
        Resources used = Resources.of(Resources.scalar("cpus", tasks * 0.1), Resources.scalar("mem", tasks * 32.0));
        totals = new MasterTotals(true, 1000.0, agents, agents, 0, Resources.empty().add(agentTotal), used,
                Resources.empty(), 0, frameworks, Map.of(TaskState.TASK_RUNNING, tasks), byFramework,
                Map.of("*", used));
    }

    private static TaskView task(String id, String frameworkId, String agentId) {
        Protos.Task.Builder task = Protos.Task.newBuilder().setName("task " + id)
                .setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId)).setState(TaskState.TASK_RUNNING)
                .addAllResources(Resources.of(Resources.scalar("cpus", 0.1), Resources.scalar("mem", 32))
                        .allocate("*"));
        for (TaskState state : List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING)) {
            Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder().setTaskId(task.getTaskId())
                    .setState(state).setTimestamp(1_795_659_783.213);
            status.getContainerStatusBuilder().addNetworkInfos(Protos.NetworkInfo.newBuilder()
                    .addIpAddresses(Protos.NetworkInfo.IPAddress.newBuilder()
                            .setProtocol(Protos.NetworkInfo.Protocol.IPv4).setIpAddress("10.244.0.7")));
            task.addStatuses(status);
        }
        return new TaskView(task.build(), "*");
    }

    @Benchmark
    public Object masterStateTree() {
        return StateJson.state(snapshot, StateJson::task);
    }

    @Benchmark
    public String masterState() {
        return JsonWriter.write(StateJson.state(snapshot, StateJson::task));
    }

    /** As served: the tasks' JSON kept from the previous request (the same views, nothing changed). */
    @Benchmark
    public String masterStateWithRenderedTasks() {
        return JsonWriter.write(StateJson.state(snapshot, renderedTasks));
    }

    @Benchmark
    public String metricsGauges() {
        return JsonWriter.write(MesosMetrics.of(totals, 1_060_000));
    }
}

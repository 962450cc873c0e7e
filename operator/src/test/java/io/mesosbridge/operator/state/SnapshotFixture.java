package io.mesosbridge.operator.state;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A small master: two agents (one cordoned), one unreachable, two frameworks, tasks in several states, one offer. */
public final class SnapshotFixture {

    public static final String A1 = "uid-1-S0";
    public static final String A2 = "uid-2-S0";
    public static final String F1 = "m-0000";
    public static final String F2 = "m-0001";

    private SnapshotFixture() {
    }

    public static MasterSnapshot snapshot() {
        MasterInfo info = MasterInfo.newBuilder().setId("m").setIp(16777343).setPort(5050)
                .setPid("master@127.0.0.1:5050").setHostname("bridge-host").build();
        List<TaskView> live = List.of(
                task("t-running", F1, A1, TaskState.TASK_RUNNING, "dev", 20.0, 1, 128, true),
                task("t-staging", F1, A1, TaskState.TASK_STAGING, "dev", 0, 0.5, 64, false),
                task("t-failed-unacked", F2, A1, TaskState.TASK_FAILED, "prod", 30.0, 2, 256, false),
                task("t-unreachable", F2, A2, TaskState.TASK_UNREACHABLE, "prod", 25.0, 0.25, 32, false));
        List<TaskView> completed = List.of(
                task("t-done", F1, A1, TaskState.TASK_FINISHED, "dev", 10.0, 1, 32, false),
                task("t-killed", F2, A2, TaskState.TASK_KILLED, "prod", 15.0, 1, 32, false));
        Protos.Offer offer = Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue("m-O1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(F1))
                .setAgentId(Protos.AgentID.newBuilder().setValue(A1)).setHostname("node-1")
                .addResources(scalar("cpus", 2.5)).addResources(scalar("mem", 4096))
                .addResources(Resources.ranges("ports", 31000, 31001))
                .addResources(Resources.ranges("ports", 31005, 31005)).build();
        Resources offered = Resources.of(offer.getResourcesList());
        AgentView a1 = new AgentView(A1, "node-1", 5051, "slave(1)@10.0.0.1:5051", List.of(
                Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                        .setText(Value.Text.newBuilder().setValue("r1")).build()),
                Resources.of(scalar("cpus", 4), scalar("mem", 8192), scalar("disk", 10240),
                        Resources.ranges("ports", 31000, 32000)),
                heldBy(live, task -> task.agentId().equals(A1)), offered, true, false, 100.0, null);
        AgentView a2 = new AgentView(A2, "node-2", 5051, "slave(1)@10.0.0.2:5051", List.of(),
                Resources.of(scalar("cpus", 2), scalar("mem", 1024)),
                heldBy(live, task -> task.agentId().equals(A2)), Resources.empty(), false, true, 100.0,
                Protos.DrainInfo.newBuilder().setState(Protos.DrainState.DRAINING)
                        .setConfig(Protos.DrainConfig.newBuilder().setMarkGone(false)).build());
        FrameworkView f1 = new FrameworkView(FrameworkInfo.newBuilder().setUser("u").setName("one")
                .setId(Protos.FrameworkID.newBuilder().setValue(F1)).setRole("dev").setFailoverTimeout(60)
                .setHostname("fw-host").build(), List.of("dev"), false, true, true, false, 50.5, 0, List.of(offer),
                heldBy(live, task -> task.frameworkId().equals(F1)), List.of(), 1, Map.of("calls/accept", 3L),
                "scheduler-1@10.0.0.9:41234");
        FrameworkView f2 = new FrameworkView(FrameworkInfo.newBuilder().setUser("u").setName("two")
                .setId(Protos.FrameworkID.newBuilder().setValue(F2)).addRoles("prod").addRoles("dev")
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE)).build(),
                List.of("prod", "dev"), true, false, false, false, 60.0, 0, List.of(),
                heldBy(live, task -> task.frameworkId().equals(F2)), List.of("prod"), 0, Map.of(), null);
        MasterSnapshot.ExecutorView executor = MasterState.executorView(Protos.ExecutorInfo.newBuilder()
                .setType(Protos.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("group-1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(F1))
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
                .addResources(scalar("disk", 10)).build(), A1, "dev");
        return new MasterSnapshot(info, 1000.0, 1001.0, true, info, null, 900.0,
                Map.of("port", "5050", "allocation_interval", "1secs"), List.of(a1, a2), 1, List.of(f1, f2),
                List.of(), live, completed, List.of(executor), List.of(offer));
    }

    /** The fixture's totals as the running totals would hold them: counted here from the snapshot's views. */
    public static MasterTotals totals() {
        MasterSnapshot s = snapshot();
        Resources total = Resources.empty();
        Resources used = Resources.empty();
        Resources offered = Resources.empty();
        for (AgentView agent : s.agents()) {
            total = total.add(agent.total());
            used = used.add(agent.allocated());
            offered = offered.add(agent.offered());
        }
        Map<TaskState, Integer> live = new EnumMap<>(TaskState.class);
        Map<String, Map<TaskState, Integer>> byFramework = new HashMap<>();
        for (TaskView task : s.tasks()) {
            live.merge(task.task().getState(), 1, Integer::sum);
            byFramework.computeIfAbsent(task.frameworkId(), id -> new EnumMap<>(TaskState.class))
                    .merge(task.task().getState(), 1, Integer::sum);
        }
        return new MasterTotals(s.elected(), s.startTimeSecs(), s.agents().size(),
                (int) s.agents().stream().filter(AgentView::active).count(), s.unreachableAgents(), total, used,
                offered, s.offers().size(), s.frameworks(), live, byFramework, s.heldByRole());
    }

    /** What the live tasks that match hold: those that are not terminal. */
    static Resources heldBy(List<TaskView> tasks, Predicate<TaskView> matching) {
        Resources held = Resources.empty();
        for (TaskView task : tasks) {
            if (matching.test(task) && !TaskStates.isTerminal(task.task().getState())) {
                held = held.add(Resources.of(task.task().getResourcesList()));
            }
        }
        return held;
    }

    static TaskView task(String id, String frameworkId, String agentId, TaskState state, String role,
                         double firstStatusTime, double cpus, double mem, boolean withIp) {
        Protos.Task.Builder task = Protos.Task.newBuilder().setName("task " + id)
                .setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId)).setState(state)
                .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem));
        if (firstStatusTime > 0) {
            TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(state)
                    .setTimestamp(firstStatusTime);
            if (withIp) {
                status.getContainerStatusBuilder().addNetworkInfos(Protos.NetworkInfo.newBuilder()
                        .addIpAddresses(Protos.NetworkInfo.IPAddress.newBuilder()
                                .setProtocol(Protos.NetworkInfo.Protocol.IPv4).setIpAddress("10.244.0.7")));
                task.setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey("k").setValue("v")));
            }
            task.addStatuses(status);
        }
        return new TaskView(task.build(), role);
    }

    static Protos.Resource scalar(String name, double value) {
        return Resources.scalar(name, value);
    }
}

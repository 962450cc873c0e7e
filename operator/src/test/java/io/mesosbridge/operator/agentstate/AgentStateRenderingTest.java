package io.mesosbridge.operator.agentstate;

import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.agent.Protos.Response;
import io.mesosbridge.operator.agentstate.AgentStateRendering.TaskPod;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.state.SnapshotFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgentStateRenderingTest {

    private static final String WORK_DIR = "/var/lib/mesos";

    @Test
    void commandTasksRunUnderTheirCommandExecutorsWithOneSandboxEachOnceThePodExists() {
        MasterSnapshot snapshot = SnapshotFixture.snapshot();
        AgentState state = AgentStateRendering.render(agent(snapshot, SnapshotFixture.A1), snapshot, List.of(
                lone("t-running", SnapshotFixture.F1, "pod-uid-1"),
                lone("t-staging", SnapshotFixture.F1, null)), WORK_DIR);

        assertThat(state.getAgentInfo().getId().getValue()).isEqualTo(SnapshotFixture.A1);
        assertThat(state.getAgentInfo().getHostname()).isEqualTo("node-1");
        assertThat(state.getAgentInfo().getPort()).isEqualTo(5051);
        assertThat(state.getAgentInfo().getResourcesList()).extracting(Protos.Resource::getName)
                .containsExactlyInAnyOrder("cpus", "mem", "disk", "ports");
        assertThat(state.getAgentInfo().getAttributes(0).getName()).isEqualTo("rack");
        assertThat(state.getMaster()).isEqualTo("bridge-host:5050");

        Response.GetTasks tasks = state.getState().getGetTasks();
        assertThat(ids(tasks.getLaunchedTasksList())).containsExactly("t-running", "t-staging");
        assertThat(ids(tasks.getTerminatedTasksList())).containsExactly("t-failed-unacked");
        assertThat(ids(tasks.getCompletedTasksList())).containsExactly("t-done");
        assertThat(tasks.getQueuedTasksList()).isEmpty();

        Response.GetExecutors executors = state.getState().getGetExecutors();
        assertThat(executors.getExecutorsList()).extracting(e -> e.getExecutorInfo().getExecutorId().getValue())
                .containsExactly("t-running", "t-staging", "t-failed-unacked");
        ExecutorInfo running = executors.getExecutors(0).getExecutorInfo();
        assertThat(running.getName()).isEqualTo("Command Executor (Task: t-running) (Command: sh -c 'echo hi')");
        assertThat(running.getSource()).isEqualTo("t-running");
        assertThat(running.getFrameworkId().getValue()).isEqualTo(SnapshotFixture.F1);
        assertThat(executors.getCompletedExecutorsList())
                .extracting(e -> e.getExecutorInfo().getExecutorId().getValue()).containsExactly("t-done");

        assertThat(state.getState().getGetFrameworks().getFrameworksList())
                .extracting(f -> f.getFrameworkInfo().getName()).containsExactly("one", "two");
        assertThat(state.getState().getGetFrameworks().getCompletedFrameworksList()).isEmpty();

        assertThat(state.getSandboxesList()).hasSize(1);
        Sandbox sandbox = state.getSandboxes(0);
        assertThat(sandbox.getDirectory()).isEqualTo("/var/lib/mesos/slaves/" + SnapshotFixture.A1
                + "/frameworks/" + SnapshotFixture.F1 + "/executors/t-running/runs/pod-uid-1");
        assertThat(sandbox.getExecutorId().getValue()).isEqualTo("t-running");
        assertThat(sandbox.hasTaskId()).isFalse();
        assertThat(sandbox.getPodNamespace()).isEqualTo("mesos");
        assertThat(sandbox.getPodName()).isEqualTo("pod-t-running");
        assertThat(sandbox.getPodUid()).isEqualTo("pod-uid-1");
        assertThat(sandbox.getContainerName()).isEqualTo("task");
        assertThat(sandbox.getVolumeName()).isEqualTo("sandbox");
    }

    @Test
    void aTaskGroupHasItsExecutorsSandboxAndOneUnderTasksPerTask() {
        MasterSnapshot fixture = SnapshotFixture.snapshot();
        List<TaskView> tasks = new ArrayList<>(List.of(groupTask("g1"), groupTask("g2")));
        MasterSnapshot snapshot = withTasks(fixture, tasks, List.of());
        TaskPod g1 = new TaskPod(SnapshotFixture.F1, "g1", "mesos", "group-pod", "uid-g", "g1", "sandbox", true, null);
        TaskPod g2 = new TaskPod(SnapshotFixture.F1, "g2", "mesos", "group-pod", "uid-g", "g2", "sandbox", true, null);

        AgentState state = AgentStateRendering.render(agent(snapshot, SnapshotFixture.A1), snapshot, List.of(g1, g2),
                "/srv/mesos");

        assertThat(state.getState().getGetExecutors().getExecutorsList()).hasSize(1);
        ExecutorInfo executor = state.getState().getGetExecutors().getExecutors(0).getExecutorInfo();
        assertThat(executor.getExecutorId().getValue()).isEqualTo("group-1");
        assertThat(executor.getType()).isEqualTo(ExecutorInfo.Type.DEFAULT);
        assertThat(executor.getResourcesList()).isNotEmpty();
        String run = "/srv/mesos/slaves/" + SnapshotFixture.A1 + "/frameworks/" + SnapshotFixture.F1
                + "/executors/group-1/runs/uid-g";
        assertThat(state.getSandboxesList()).extracting(Sandbox::getDirectory)
                .containsExactly(run, run + "/tasks/g1", run + "/tasks/g2");
        assertThat(state.getSandboxes(0).hasTaskId()).isFalse();
        assertThat(state.getSandboxes(2).getTaskId().getValue()).isEqualTo("g2");
        assertThat(state.getSandboxes(2).getContainerName()).isEqualTo("g2");
        assertThat(state.getSandboxes(2).getExecutorId().getValue()).isEqualTo("group-1");
    }

    @Test
    void aFrameworkWithOnlyCompletedTasksOnTheAgentIsACompletedFramework() {
        MasterSnapshot fixture = SnapshotFixture.snapshot();
        MasterSnapshot snapshot = withTasks(fixture, List.of(), fixture.completedTasks());

        AgentState state = AgentStateRendering.render(agent(snapshot, SnapshotFixture.A2), snapshot, List.of(),
                WORK_DIR);

        assertThat(ids(state.getState().getGetTasks().getCompletedTasksList())).containsExactly("t-killed");
        assertThat(state.getState().getGetFrameworks().getFrameworksList()).isEmpty();
        assertThat(state.getState().getGetFrameworks().getCompletedFrameworksList())
                .extracting(f -> f.getFrameworkInfo().getId().getValue()).containsExactly(SnapshotFixture.F2);
        assertThat(state.getState().getGetExecutors().getExecutorsList()).isEmpty();
        assertThat(state.getState().getGetExecutors().getCompletedExecutors(0).getExecutorInfo().getName())
                .isEqualTo("Command Executor (Task: t-killed)");
        assertThat(state.getSandboxesList()).isEmpty();
    }

    @Test
    void aCommandWithoutAShellIsPrintedAsItsArguments() {
        assertThat(AgentStateRendering.commandLine(CommandInfo.newBuilder().setShell(false).setValue("/bin/echo")
                .addArguments("echo").addArguments("hi").build())).isEqualTo("[echo, hi]");
    }

    private static TaskPod lone(String taskId, String frameworkId, String uid) {
        return new TaskPod(frameworkId, taskId, "mesos", "pod-" + taskId, uid, "task", "sandbox", false,
                CommandInfo.newBuilder().setValue("echo hi").build());
    }

    private static TaskView groupTask(String id) {
        return new TaskView(Protos.Task.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(SnapshotFixture.F1))
                .setAgentId(Protos.AgentID.newBuilder().setValue(SnapshotFixture.A1))
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("group-1"))
                .setState(TaskState.TASK_RUNNING).build(), "dev");
    }

    private static MasterSnapshot withTasks(MasterSnapshot s, List<TaskView> live, List<TaskView> completed) {
        return new MasterSnapshot(s.info(), s.startTimeSecs(), s.electedTimeSecs(), s.elected(), s.leader(),
                s.cluster(), s.buildTimeSecs(), s.flags(), s.agents(), s.unreachableAgents(), s.frameworks(),
                s.completedFrameworks(), live, completed, s.executors(), s.offers());
    }

    private static AgentView agent(MasterSnapshot snapshot, String id) {
        return snapshot.agents().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(List<Protos.Task> tasks) {
        return tasks.stream().map(t -> t.getTaskId().getValue()).toList();
    }
}

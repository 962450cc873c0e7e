package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.operator.roles.RoleSettings;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.state.SnapshotFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MasterResponsesTest {

    private static final Resources TOTAL = Resources.of(Resources.scalar("cpus", 4), Resources.scalar("mem", 8192));

    @Test
    void healthPrintsAsTheMesosMasterPrintsIt() {
        assertThat(MesosJson.print(MasterResponses.health(true)))
                .isEqualTo("{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");
        assertThat(MasterResponses.version().getGetVersion().getVersionInfo().getVersion()).isEqualTo("1.11.0");
    }

    @Test
    void anActiveAgentHasItsAddressResourcesAndCapabilities() {
        double registered = Instant.parse("2026-01-02T03:04:05Z").getEpochSecond();
        AgentView agent = new AgentView("uid-S0", "n1", 5051, "slave(1)@10.0.0.7:5051", List.of(), TOTAL,
                Resources.of(Resources.scalar("cpus", 1)), Resources.of(Resources.scalar("cpus", 2)), true, false,
                registered, null);

        Response.GetAgents.Agent answer = MasterResponses.agent(agent);

        assertThat(answer.getActive()).isTrue();
        assertThat(answer.getDeactivated()).isFalse();
        assertThat(answer.getVersion()).isEqualTo("1.11.0");
        assertThat(answer.getPid()).isEqualTo("slave(1)@10.0.0.7:5051");
        assertThat(answer.getAgentInfo().getId().getValue()).isEqualTo("uid-S0");
        assertThat(answer.getAgentInfo().getHostname()).isEqualTo("n1");
        assertThat(answer.getTotalResourcesList()).hasSize(2);
        assertThat(Resources.of(answer.getAllocatedResourcesList()).scalar("cpus")).isEqualTo(1.0);
        assertThat(Resources.of(answer.getOfferedResourcesList()).scalar("cpus")).isEqualTo(2.0);
        assertThat(answer.getRegisteredTime().getNanoseconds())
                .isEqualTo(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond() * 1_000_000_000L);
        assertThat(answer.getCapabilitiesList()).extracting(c -> c.getType().name())
                .containsExactlyElementsOf(MasterSnapshot.AGENT_CAPABILITIES);
        assertThat(answer.hasDrainInfo()).isFalse();
        assertThat(answer.isInitialized()).isTrue();
    }

    @Test
    void aDeactivatedAgentSaysSoAndShowsItsDrain() {
        AgentView draining = new AgentView("uid-S0", "n1", 5051, "slave(1)@10.0.0.7:5051", List.of(), TOTAL,
                Resources.empty(), Resources.empty(), false, true, 0, Protos.DrainInfo.newBuilder()
                .setState(Protos.DrainState.DRAINING).setConfig(Protos.DrainConfig.getDefaultInstance()).build());

        Response.GetAgents.Agent answer = MasterResponses.agent(draining);

        assertThat(answer.getActive()).isFalse();
        assertThat(answer.getDeactivated()).isTrue();
        assertThat(MesosJson.print(answer)).contains("\"active\":false").contains("\"deactivated\":true");
        assertThat(answer.getDrainInfo().getState()).isEqualTo(Protos.DrainState.DRAINING);
    }

    @Test
    void taskAddedShowsTheTaskAsLaunchedWhateverHappenedSince() {
        Protos.Task running = Protos.Task.newBuilder().setName("web").setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).setState(TaskState.TASK_RUNNING)
                .addStatuses(TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                        .setState(TaskState.TASK_RUNNING))
                .setStatusUpdateState(TaskState.TASK_RUNNING)
                .setStatusUpdateUuid(com.google.protobuf.ByteString.copyFromUtf8("0123456789abcdef")).build();

        Protos.Task added = MasterResponses.taskAdded(running).getTaskAdded().getTask();

        assertThat(added.getState()).isEqualTo(TaskState.TASK_STAGING);
        assertThat(added.getStatusesList()).isEmpty();
        assertThat(added.hasStatusUpdateState()).isFalse();
        assertThat(added.hasStatusUpdateUuid()).isFalse();
        assertThat(added.getName()).isEqualTo("web");
    }

    @Test
    void frameworksReportConnectionOffersAndAllocation() {
        Protos.FrameworkInfo info = Protos.FrameworkInfo.newBuilder().setUser("u").setName("n")
                .setId(Protos.FrameworkID.newBuilder().setValue("fw-1")).build();
        Protos.Offer offer = Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue("o1"))
                .setFrameworkId(info.getId()).setAgentId(Protos.AgentID.newBuilder().setValue("a1"))
                .setHostname("n1").addResources(Resources.scalar("mem", 64)).build();
        FrameworkView framework = new FrameworkView(info, List.of("*"), false, false, false, false, 10.0, 0,
                List.of(offer), Resources.of(Resources.scalar("cpus", 1)), List.of(), 0, Map.of(), null);

        Response.GetFrameworks.Framework answer = MasterResponses.framework(framework);

        assertThat(answer.getConnected()).as("not subscribed").isFalse();
        assertThat(answer.getActive()).isFalse();
        assertThat(answer.getOffersList()).containsExactly(offer);
        assertThat(Resources.of(answer.getOfferedResourcesList()).scalar("mem")).isEqualTo(64.0);
        assertThat(Resources.of(answer.getAllocatedResourcesList()).scalar("cpus")).isEqualTo(1.0);
        assertThat(answer.getFrameworkInfo().getName()).isEqualTo("n");
        assertThat(answer.getRegisteredTime().getNanoseconds()).isEqualTo(10_000_000_000L);
        assertThat(answer.isInitialized()).isTrue();
    }

    @Test
    void rolesListFrameworksAndTheResourcesTheirTasksHold() {
        MasterSnapshot fixture = SnapshotFixture.snapshot();
        FrameworkView star = framework("fw-1", List.of("*"));
        FrameworkView multi = framework("fw-2", List.of("dev", "prod"));
        List<TaskView> tasks = List.of(task("t1", "fw-2", "prod", TaskState.TASK_RUNNING, 2),
                task("t2", "fw-2", "batch", TaskState.TASK_STAGING, 0),
                task("t3", "fw-2", "gone", TaskState.TASK_FINISHED, 1));
        MasterSnapshot snapshot = new MasterSnapshot(fixture.info(), 1, 1, true, fixture.info(), null, 1, Map.of(),
                List.of(), 0, List.of(star, multi), List.of(), tasks, List.of(), List.of(), List.of());

        RoleSettings settings = new RoleSettings(Map.of("prod", 2.0, "idle", 3.0), Map.of());
        Response.GetRoles roles = MasterResponses.getRoles(snapshot, role -> true, settings);

        assertThat(roles.getRolesList()).extracting(Protos.Role::getName)
                .as("a role with a weight is listed without frameworks")
                .containsExactly("*", "batch", "dev", "idle", "prod");
        Protos.Role prod = roles.getRoles(4);
        assertThat(prod.getWeight()).isEqualTo(2.0);
        assertThat(roles.getRoles(2).getWeight()).isEqualTo(1.0);
        assertThat(prod.getFrameworksList()).extracting(Protos.FrameworkID::getValue).containsExactly("fw-2");
        assertThat(Resources.of(prod.getResourcesList()).scalar("cpus")).isEqualTo(2.0);
        assertThat(roles.getRoles(0).getFrameworksList()).extracting(Protos.FrameworkID::getValue)
                .containsExactly("fw-1");
    }

    @Test
    void getStateCarriesTheSnapshotsTasksFrameworksAndAgents() {
        MasterSnapshot snapshot = SnapshotFixture.snapshot();

        Response.GetState state = MasterResponses.getState(snapshot);

        assertThat(state.getGetAgents().getAgentsCount()).isEqualTo(snapshot.agents().size());
        assertThat(state.getGetFrameworks().getFrameworksCount()).isEqualTo(2);
        assertThat(state.getGetTasks().getTasksList()).extracting(t -> t.getTaskId().getValue())
                .containsExactly("t-running", "t-staging", "t-failed-unacked");
        assertThat(state.getGetTasks().getUnreachableTasksList()).extracting(t -> t.getTaskId().getValue())
                .containsExactly("t-unreachable");
        assertThat(state.getGetTasks().getCompletedTasksCount()).isEqualTo(2);
        assertThat(state.getGetExecutors()).isEqualTo(MasterResponses.executors(snapshot).getGetExecutors());
    }

    @Test
    void getExecutorsListsEachExecutorWithItsAgentAndTheViewAclsHideIt() {
        MasterSnapshot snapshot = SnapshotFixture.snapshot();

        Response answer = MasterResponses.executors(snapshot);

        assertThat(answer.getType()).isEqualTo(Response.Type.GET_EXECUTORS);
        Response.GetExecutors.Executor executor = answer.getGetExecutors().getExecutors(0);
        assertThat(answer.getGetExecutors().getExecutorsCount()).isEqualTo(1);
        assertThat(executor.getAgentId().getValue()).isEqualTo(SnapshotFixture.A1);
        assertThat(executor.getExecutorInfo().getExecutorId().getValue()).isEqualTo("group-1");
        assertThat(executor.getExecutorInfo().getResourcesList())
                .allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("dev"));
        assertThat(answer.isInitialized()).isTrue();
        assertThat(MasterResponses.executors(snapshot.visibleTo(seeing(true, false))).getGetExecutors()
                .getExecutorsCount()).as("view_executors denied").isZero();
        assertThat(MasterResponses.executors(snapshot.visibleTo(seeing(false, true))).getGetExecutors()
                .getExecutorsCount()).as("view_frameworks denied").isZero();
        assertThat(MasterResponses.executors(snapshot.visibleTo(seeing(true, true))).getGetExecutors()
                .getExecutorsCount()).isEqualTo(1);
    }

    private static MasterSnapshot.Visibility seeing(boolean frameworks, boolean executors) {
        return new MasterSnapshot.Visibility() {
            @Override
            public boolean framework(Protos.FrameworkInfo framework) {
                return frameworks;
            }

            @Override
            public boolean task(Protos.Task task, Protos.FrameworkInfo framework) {
                return true;
            }

            @Override
            public boolean executor(Protos.ExecutorInfo executor, Protos.FrameworkInfo framework) {
                return executors;
            }
        };
    }

    @Test
    void eventsAndFlagsHaveTheirMesosShapes() {
        Event added = MasterResponses.agentRemoved("a1");
        assertThat(MesosJson.print(added))
                .isEqualTo("{\"type\":\"AGENT_REMOVED\",\"agent_removed\":{\"agent_id\":{\"value\":\"a1\"}}}");
        Event updated = MasterResponses.taskUpdated("fw", TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue("t")).setState(TaskState.TASK_KILLED).build(),
                TaskState.TASK_KILLED);
        assertThat(updated.getTaskUpdated().getFrameworkId().getValue()).isEqualTo("fw");
        assertThat(updated.isInitialized()).isTrue();
        assertThat(MasterResponses.flags(Map.of("port", "5050", "hostname", "m")).getGetFlags().getFlagsList())
                .extracting(Protos.Flag::getName).containsExactly("hostname", "port");
        MasterSnapshot fixture = SnapshotFixture.snapshot();
        MasterSnapshot notElected = new MasterSnapshot(fixture.info(), 2.0, 0, false, null, null, 1, Map.of(),
                List.of(), 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        Response master = MasterResponses.master(notElected);
        assertThat(master.getGetMaster().getStartTime()).isEqualTo(2.0);
        assertThat(master.getGetMaster().hasElectedTime()).isFalse();
    }

    private static FrameworkView framework(String id, List<String> roles) {
        return new FrameworkView(Protos.FrameworkInfo.newBuilder().setUser("u").setName(id)
                .setId(Protos.FrameworkID.newBuilder().setValue(id)).build(), roles, roles.size() > 1, true, true,
                false, 0, 0, List.of(), Resources.empty(), List.of(), 0, Map.of(), null);
    }

    private static TaskView task(String id, String frameworkId, String role, TaskState state, double cpus) {
        Protos.Task.Builder task = Protos.Task.newBuilder().setName(id)
                .setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).setState(state);
        if (cpus > 0) {
            task.addResources(Resources.scalar("cpus", cpus));
        }
        return new TaskView(task.build(), role);
    }
}

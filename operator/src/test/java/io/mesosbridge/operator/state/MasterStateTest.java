package io.mesosbridge.operator.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.DrainConfig;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.master.Drains;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.tasks.CompletedTasks;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.mesosbridge.operator.store.MesosTaskFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

/** How the one reader turns the master's records (agents, MesosTasks, completed tasks) into the snapshot's views. */
class MasterStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Resources TOTAL = Resources.of(Resources.scalar("cpus", 4), Resources.scalar("mem", 8192));
    private static final double CREATED = Instant.parse("2026-01-02T03:04:05Z").getEpochSecond();

    @Test
    void aReadyUncordonedNodeIsAnActiveAgentRegisteredWhenItsNodeAppeared() {
        Agent agent = new Agent("uid-S0", "n1", "n1", "10.0.0.7", TOTAL, TOTAL, List.of(), true);

        AgentView view = MasterState.agentView(agent, node(false, null), List.of(),
                Resources.of(Resources.scalar("cpus", 1)), Resources.of(Resources.scalar("cpus", 2)), 0, 5051);

        assertThat(view.active()).isTrue();
        assertThat(view.deactivated()).isFalse();
        assertThat(view.pid()).isEqualTo("slave(1)@10.0.0.7:5051");
        assertThat(view.registeredTimeSecs()).isEqualTo(CREATED);
        assertThat(view.allocated().scalar("cpus")).isEqualTo(1.0);
        assertThat(view.offered().scalar("cpus")).isEqualTo(2.0);
        assertThat(view.drainInfo()).isNull();
        assertThat(MasterState.agentView(agent, node(false, null), List.of(), Resources.empty(), Resources.empty(),
                CREATED + 60, 5051).registeredTimeSecs()).as("registered again with a master started later")
                .isEqualTo(CREATED + 60);
    }

    @Test
    void aCordonedOrDrainingNodeIsADeactivatedAgent() {
        Agent cordoned = new Agent("uid-S0", "n1", "n1", "10.0.0.7", TOTAL, TOTAL, List.of(), false);
        AgentView answer = MasterState.agentView(cordoned, node(true, null), List.of(), Resources.empty(),
                Resources.empty(), 0, 5062);
        assertThat(answer.pid()).isEqualTo("slave(1)@10.0.0.7:5062");
        assertThat(answer.port()).isEqualTo(5062);
        assertThat(answer.active()).isFalse();
        assertThat(answer.deactivated()).isTrue();

        Agent active = new Agent("uid-S0", "n1", "n1", "10.0.0.7", TOTAL, TOTAL, List.of(), true);
        String draining = Drains.annotationValue(Drains.draining(DrainConfig.getDefaultInstance()));
        AgentView drained = MasterState.agentView(active, node(false, draining),
                List.of(task("TASK_RUNNING", false)), Resources.empty(), Resources.empty(), 0, 5051);
        assertThat(drained.active()).isFalse();
        assertThat(drained.deactivated()).isTrue();
        assertThat(drained.drainInfo().getState()).isEqualTo(Protos.DrainState.DRAINING);
    }

    @Test
    void aMesosTaskBecomesATaskWithItsTaskInfoAndEveryStatusUpdate() throws Exception {
        TaskInfo info = TaskInfo.newBuilder().setName("web").setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1"))
                .addResources(Resources.scalar("cpus", 0.5))
                .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey("k").setValue("v")))
                .setHealthCheck(Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.TCP)
                        .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(8080)))
                .setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder()
                        .setNanoseconds(5_000_000_000L)))
                .build();
        MesosTask task = task("TASK_RUNNING", false);
        task.getSpec().setRole("web-role");
        MesosTaskStatus status = task.getStatus();
        status.getHistory().add(record("TASK_STARTING", uuid(1), "2026-01-02T03:04:05Z", null));
        status.getHistory().add(record("TASK_RUNNING", uuid(2), "2026-01-02T03:04:06Z", null));
        TaskStatus exact = TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("t"))
                .setState(TaskState.TASK_RUNNING).setAgentId(Protos.AgentID.newBuilder().setValue("a"))
                .setUuid(com.google.protobuf.ByteString.copyFrom(Base64.getDecoder().decode(uuid(2))))
                .setContainerStatus(Protos.ContainerStatus.newBuilder().addNetworkInfos(Protos.NetworkInfo.newBuilder()
                        .addIpAddresses(Protos.NetworkInfo.IPAddress.newBuilder().setIpAddress("10.1.2.3"))))
                .build();
        status.getPendingUpdates().add(record("TASK_RUNNING", uuid(2), "2026-01-02T03:04:06Z", exact));

        Protos.Task converted = MasterState.task(task, info, "web-role", "10.9.9.9");

        assertThat(converted.getName()).isEqualTo("web");
        assertThat(converted.getFrameworkId().getValue()).isEqualTo("fw");
        assertThat(converted.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(converted.getLabels().getLabels(0).getKey()).isEqualTo("k");
        assertThat(converted.getResources(0).getAllocationInfo().getRole()).isEqualTo("web-role");
        assertThat(converted.getHealthCheck().getTcp().getPort()).isEqualTo(8080);
        assertThat(converted.getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(5_000_000_000L);
        assertThat(converted.getStatusesList()).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
        assertThat(converted.getStatuses(0).getTimestamp())
                .isEqualTo((double) Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
        assertThat(converted.getStatuses(0).getContainerStatus().getNetworkInfos(0).getIpAddresses(0)
                .getIpAddress()).as("a rebuilt status has the Pod's address").isEqualTo("10.9.9.9");
        assertThat(converted.getStatuses(1).getContainerStatus().getNetworkInfos(0).getIpAddresses(0).getIpAddress())
                .as("the pending update's full TaskStatus is used").isEqualTo("10.1.2.3");
        assertThat(converted.getStatusUpdateState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(converted.getStatusUpdateUuid()).isEqualTo(exact.getUuid());
        assertThat(converted.isInitialized()).isTrue();
    }

    @Test
    void aCompletedTaskKeepsItsLastStatus() {
        TaskInfo info = TaskInfo.newBuilder().setName("batch").setTaskId(Protos.TaskID.newBuilder().setValue("t2"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).build();
        TaskStatus last = TaskStatus.newBuilder().setTaskId(info.getTaskId()).setState(TaskState.TASK_FINISHED)
                .setData(com.google.protobuf.ByteString.copyFromUtf8("dropped")).build();

        MasterSnapshot.TaskView converted = MasterState.completedTaskView(
                new CompletedTasks.CompletedTask("fw", "t2", "a1", "n1", null, info, last));

        assertThat(converted.task().getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(converted.task().getStatusesList()).singleElement()
                .satisfies(status -> assertThat(status.hasData()).isFalse());
        assertThat(converted.task().getAgentId().getValue()).isEqualTo("a1");
        assertThat(converted.role()).isEqualTo("*");
    }

    @Test
    void flagDurationsArePrintedAsMesosPrintsThem() {
        assertThat(MasterState.duration(1000)).isEqualTo("1secs");
        assertThat(MasterState.duration(250)).isEqualTo("250ms");
    }

    private static Node node(boolean unschedulable, String drainAnnotation) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName("n1")
                .withCreationTimestamp("2026-01-02T03:04:05Z").endMetadata()
                .withNewSpec().withUnschedulable(unschedulable).endSpec()
                .withNewStatus().addToAddresses(new NodeAddressBuilder().withType("InternalIP")
                        .withAddress("10.0.0.7").build()).endStatus();
        if (drainAnnotation != null) {
            node.editMetadata().addToAnnotations(io.mesosbridge.conventions.KubernetesKeys.DRAIN_ANNOTATION,
                    drainAnnotation).endMetadata();
        }
        return node.build();
    }

    private static StatusUpdateRecord record(String state, String uuid, String timestamp, TaskStatus full)
            throws Exception {
        StatusUpdateRecord record = new StatusUpdateRecord();
        record.setState(state);
        record.setUuid(uuid);
        record.setTimestamp(timestamp);
        if (full != null) {
            record.setTaskStatus(JSON.readTree(MesosJson.print(full)));
        }
        return record;
    }

    private static String uuid(int n) {
        byte[] bytes = new byte[16];
        bytes[15] = (byte) n;
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package io.mesosbridge.operator.operatorapi;

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
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.tasks.TaskRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MasterResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Resources TOTAL = Resources.of(Resources.scalar("cpus", 4), Resources.scalar("mem", 8192));

    @Test
    void healthPrintsAsTheMesosMasterPrintsIt() {
        assertThat(MesosJson.print(MasterResponses.health(true)))
                .isEqualTo("{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");
        assertThat(MasterResponses.version().getGetVersion().getVersionInfo().getVersion()).isEqualTo("1.11.0");
    }

    @Test
    void aReadyUncordonedNodeIsAnActiveAgentWithItsAddressAndResources() {
        Node node = node(false);
        Agent agent = new Agent("uid-S0", "n1", "n1", TOTAL, TOTAL, List.of(), true);

        Response.GetAgents.Agent answer = MasterResponses.agent(agent, node, Optional.empty(),
                Resources.of(Resources.scalar("cpus", 1)), Resources.of(Resources.scalar("cpus", 2)));

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
        assertThat(answer.hasDrainInfo()).isFalse();
        assertThat(answer.isInitialized()).isTrue();
    }

    @Test
    void aCordonedOrDrainingNodeIsADeactivatedAgent() {
        Agent cordoned = new Agent("uid-S0", "n1", "n1", TOTAL, TOTAL, List.of(), false);
        Response.GetAgents.Agent answer = MasterResponses.agent(cordoned, node(true), Optional.empty(),
                Resources.empty(), Resources.empty());
        assertThat(answer.getActive()).isFalse();
        assertThat(answer.getDeactivated()).isTrue();
        assertThat(MesosJson.print(answer)).contains("\"active\":false").contains("\"deactivated\":true");

        Agent active = new Agent("uid-S0", "n1", "n1", TOTAL, TOTAL, List.of(), true);
        Response.GetAgents.Agent draining = MasterResponses.agent(active, node(false),
                Optional.of(Drains.draining(DrainConfig.getDefaultInstance())), Resources.empty(), Resources.empty());
        assertThat(draining.getActive()).isFalse();
        assertThat(draining.getDeactivated()).isTrue();
        assertThat(draining.getDrainInfo().getState()).isEqualTo(Protos.DrainState.DRAINING);
    }

    @Test
    void aMesosTaskBecomesATaskWithItsTaskInfoAndEveryStatusUpdate() throws Exception {
        TaskInfo info = TaskInfo.newBuilder().setName("web").setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1"))
                .addResources(Resources.scalar("cpus", 0.5))
                .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey("k").setValue("v")))
                .build();
        MesosTask task = DrainsTest.task("TASK_RUNNING", false);
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

        Protos.Task converted = MasterResponses.task(task, info);

        assertThat(converted.getName()).isEqualTo("web");
        assertThat(converted.getFrameworkId().getValue()).isEqualTo("fw");
        assertThat(converted.getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(converted.getLabels().getLabels(0).getKey()).isEqualTo("k");
        assertThat(converted.getResources(0).getAllocationInfo().getRole()).isEqualTo("web-role");
        assertThat(converted.getStatusesList()).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
        assertThat(converted.getStatuses(0).getTimestamp())
                .isEqualTo((double) Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
        assertThat(converted.getStatuses(1).getContainerStatus().getNetworkInfos(0).getIpAddresses(0).getIpAddress())
                .as("the pending update's full TaskStatus is used").isEqualTo("10.1.2.3");
        assertThat(converted.getStatusUpdateState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(converted.getStatusUpdateUuid()).isEqualTo(exact.getUuid());
        assertThat(converted.isInitialized()).isTrue();
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
    void aCompletedTaskKeepsItsLastStatus() {
        TaskInfo info = TaskInfo.newBuilder().setName("batch").setTaskId(Protos.TaskID.newBuilder().setValue("t2"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).build();
        TaskStatus last = TaskStatus.newBuilder().setTaskId(info.getTaskId()).setState(TaskState.TASK_FINISHED)
                .setData(com.google.protobuf.ByteString.copyFromUtf8("dropped")).build();

        Protos.Task converted = MasterResponses.completedTask(
                new TaskRegistry.CompletedTask("fw", "t2", "a1", "n1", info, last));

        assertThat(converted.getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(converted.getStatusesList()).singleElement()
                .satisfies(status -> assertThat(status.hasData()).isFalse());
        assertThat(converted.getAgentId().getValue()).isEqualTo("a1");
    }

    @Test
    void frameworksReportConnectionOffersAndAllocation() {
        Framework framework = new Framework("fw-1", Protos.FrameworkInfo.newBuilder().setUser("u").setName("n")
                .setId(Protos.FrameworkID.newBuilder().setValue("fw-1")).build());
        Protos.Offer offer = Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue("o1"))
                .setFrameworkId(framework.info().getId()).setAgentId(Protos.AgentID.newBuilder().setValue("a1"))
                .setHostname("n1").addResources(Resources.scalar("mem", 64)).build();

        Response.GetFrameworks.Framework answer = MasterResponses.framework(framework, false, List.of(offer),
                Resources.of(Resources.scalar("cpus", 1)));

        assertThat(answer.getConnected()).as("not subscribed").isFalse();
        assertThat(answer.getActive()).isFalse();
        assertThat(answer.getOffersList()).containsExactly(offer);
        assertThat(Resources.of(answer.getOfferedResourcesList()).scalar("mem")).isEqualTo(64.0);
        assertThat(Resources.of(answer.getAllocatedResourcesList()).scalar("cpus")).isEqualTo(1.0);
        assertThat(answer.getFrameworkInfo().getName()).isEqualTo("n");
        assertThat(answer.isInitialized()).isTrue();
    }

    @Test
    void rolesListFrameworksAndTheResourcesTheirTasksHold() {
        Framework star = new Framework("fw-1", Protos.FrameworkInfo.newBuilder().setUser("u").setName("a").build());
        Framework multi = new Framework("fw-2", Protos.FrameworkInfo.newBuilder().setUser("u").setName("b")
                .addRoles("dev").addRoles("prod").addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
                        .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE)).build());

        Response.GetRoles roles = MasterResponses.roles(List.of(star, multi),
                Map.of("prod", Resources.of(Resources.scalar("cpus", 2)), "batch", Resources.empty()));

        assertThat(roles.getRolesList()).extracting(Protos.Role::getName)
                .containsExactly("*", "batch", "dev", "prod");
        Protos.Role prod = roles.getRoles(3);
        assertThat(prod.getWeight()).isEqualTo(1.0);
        assertThat(prod.getFrameworksList()).extracting(Protos.FrameworkID::getValue).containsExactly("fw-2");
        assertThat(Resources.of(prod.getResourcesList()).scalar("cpus")).isEqualTo(2.0);
        assertThat(roles.getRoles(0).getFrameworksList()).extracting(Protos.FrameworkID::getValue)
                .containsExactly("fw-1");
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
        assertThat(MasterResponses.duration(1000)).isEqualTo("1secs");
        assertThat(MasterResponses.duration(250)).isEqualTo("250ms");
        Response master = MasterResponses.master(Protos.MasterInfo.newBuilder().setId("m").setIp(1).setPort(5050)
                .build(), 2000, 0);
        assertThat(master.getGetMaster().getStartTime()).isEqualTo(2.0);
        assertThat(master.getGetMaster().hasElectedTime()).isFalse();
    }

    private static Node node(boolean unschedulable) {
        return new NodeBuilder().withNewMetadata().withName("n1").withCreationTimestamp("2026-01-02T03:04:05Z")
                .endMetadata()
                .withNewSpec().withUnschedulable(unschedulable).endSpec()
                .withNewStatus().addNewAddress().withType("Hostname").withAddress("n1").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.7").endAddress().endStatus()
                .build();
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

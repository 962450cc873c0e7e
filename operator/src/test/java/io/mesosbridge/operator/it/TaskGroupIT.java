package io.mesosbridge.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LAUNCH_GROUP on the real node, as with Mesos's default executor: one Pod with a container per task, each task
 * with its own updates (carrying the executor's id), a failed task taking the rest of its group with it, a KILL
 * of one task killing the group, and the executor in the master's state while its group runs.
 */
@WithRealCluster
class TaskGroupIT {

    private static final String NAMESPACE = "it-task-group";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Set<TaskState> A_FINISHING_TASKS_STATES = Set.of(TaskState.TASK_STAGING,
            TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    private static BridgeProcess bridge;
    private static TestScheduler scheduler;
    private static String realNode;
    private static final List<String> usedOffers = new ArrayList<>();

    @BeforeAll
    static void startBridge(RealCluster cluster) throws Exception {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(realNode));
        scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
        scheduler.subscribe(TestScheduler.frameworkInfo("task-group").build());
    }

    @AfterAll
    static void stopBridge() throws Exception {
        scheduler.close();
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void aGroupOfThreeRunsAsOnePodAndEachTaskReportsItsOwnStatesToFinished(RealCluster cluster) throws Exception {
        Protos.Offer offer = freshOffer();
        assertThat(scheduler.launchGroup(offer, executor("three", offer),
                TestScheduler.commandTask("short-1", offer, "sleep 2; exit 0", 0.1, 32).build(),
                TestScheduler.commandTask("short-2", offer, "sleep 2; exit 0", 0.1, 32).build(),
                TestScheduler.commandTask("long", offer, "sleep 6; exit 0", 0.1, 32).build()).statusCode())
                .isEqualTo(202);

        scheduler.awaitState("long", TaskState.TASK_RUNNING, TIMEOUT);
        String podName = TaskNames.executorPodName(scheduler.frameworkId(), "three");
        Pod pod = cluster.client().pods().inNamespace(NAMESPACE).withName(podName).get();
        assertThat(pod).as("the group's one Pod").isNotNull();
        assertThat(pod.getSpec().getNodeName()).isEqualTo(realNode);
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName)
                .containsExactly("short-1", "short-2", "long");
        assertThat(cluster.client().pods().inNamespace(NAMESPACE)
                .withLabel(KubernetesKeys.EXECUTOR_LABEL, podName).list().getItems()).hasSize(1);
        List<MesosTask> tasks = cluster.client().resources(MesosTask.class).inNamespace(NAMESPACE)
                .withLabel(KubernetesKeys.EXECUTOR_LABEL, podName).list().getItems();
        assertThat(tasks).extracting(t -> t.getSpec().getTaskId())
                .containsExactlyInAnyOrder("short-1", "short-2", "long");
        assertThat(tasks).allMatch(t -> podName.equals(t.getSpec().getPodName()));
        Map<String, String> executorIds = new HashMap<>();
        MasterHttp.get(bridge.url(), "/master/tasks").path("tasks").forEach(task ->
                executorIds.put(task.path("id").asText(), task.path("executor_id").asText()));
        assertThat(executorIds).containsEntry("short-1", "three").containsEntry("short-2", "three")
                .containsEntry("long", "three");
        JsonNode listed = executorInState("three");
        assertThat(listed).as("the running group's executor under its framework in /master/state").isNotNull();
        assertThat(listed.path("slave_id").asText()).isEqualTo(offer.getAgentId().getValue());
        assertThat(listed.path("framework_id").asText()).isEqualTo(scheduler.frameworkId());
        assertThat(listed.path("type").asText()).isEqualTo("DEFAULT");
        assertThat(listed.path("resources").path("mem").asDouble()).isEqualTo(32.0);
        JsonNode fromApi = executorInGetExecutors("three");
        assertThat(fromApi).as("the running group's executor in GET_EXECUTORS").isNotNull();
        assertThat(fromApi.path("agent_id").path("value").asText()).isEqualTo(offer.getAgentId().getValue());
        assertThat(fromApi.path("executor_info").path("type").asText()).isEqualTo("DEFAULT");

        for (String taskId : List.of("short-1", "short-2", "long")) {
            TaskStatus finished = scheduler.awaitState(taskId, TaskState.TASK_FINISHED, TIMEOUT);
            assertThat(finished.getMessage()).isEqualTo("Command exited with status 0");
            List<TaskStatus> updates = scheduler.updatesOf(taskId);
            assertThat(updates).extracting(TaskStatus::getState).as("the updates of %s", taskId)
                    .containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED)
                    .allMatch(A_FINISHING_TASKS_STATES::contains);
            assertThat(updates).allSatisfy(update -> {
                assertThat(update.getExecutorId().getValue()).isEqualTo("three");
                assertThat(update.getTaskId().getValue()).isEqualTo(taskId);
            });
        }
        // the last acknowledgement moves its task to the completed ones a moment later
        List<String> completed = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (completed.size() < 3 && System.nanoTime() < deadline) {
            completed.clear();
            JsonNode state = MasterHttp.get(bridge.url(), "/master/state");
            state.path("frameworks").forEach(framework -> framework.path("completed_tasks").forEach(task -> {
                if ("three".equals(task.path("executor_id").asText())) {
                    completed.add(task.path("id").asText());
                }
            }));
            Thread.sleep(200);
        }
        assertThat(completed).containsExactlyInAnyOrder("short-1", "short-2", "long");
        // as in a Mesos master, an executor whose tasks are all gone is no longer listed, and none is kept
        while ((executorInState("three") != null || executorInGetExecutors("three") != null)
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(executorInState("three")).isNull();
        assertThat(executorInGetExecutors("three")).isNull();
        MasterHttp.get(bridge.url(), "/master/state").path("frameworks").forEach(framework ->
                assertThat(framework.has("completed_executors")).isFalse());
    }

    @Test
    void twoTasksOfAGroupAskingForTheSamePortAreBothRefusedWithTaskError(RealCluster cluster) throws Exception {
        Protos.Offer offer = freshOffer();
        Protos.Resource offeredPorts = offer.getResourcesList().stream()
                .filter(r -> r.getName().equals("ports")).findFirst().orElseThrow();
        long port = offeredPorts.getRanges().getRange(0).getBegin();
        Protos.Resource samePort = Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                        .setBegin(port).setEnd(port))).build();
        scheduler.launchGroup(offer, executor("same-port", offer),
                TestScheduler.commandTask("p-1", offer, "sleep 600", 0.1, 32).addResources(samePort).build(),
                TestScheduler.commandTask("p-2", offer, "sleep 600", 0.1, 32).addResources(samePort).build());

        for (String taskId : List.of("p-1", "p-2")) {
            TaskStatus error = scheduler.awaitState(taskId, TaskState.TASK_ERROR, TIMEOUT);
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
            assertThat(error.getMessage())
                    .startsWith("There are overlapping resources in the task group's task resources [ ")
                    .contains("ports:[" + port + "-" + port + "]")
                    .contains(" and/or executor resources ");
        }
        assertThat(cluster.client().pods().inNamespace(NAMESPACE)
                .withName(TaskNames.executorPodName(scheduler.frameworkId(), "same-port")).get()).isNull();
    }

    /** The executor with this id under the test's framework in /master/state; null when it is not listed. */
    private static JsonNode executorInState(String executorId) throws Exception {
        for (JsonNode framework : MasterHttp.get(bridge.url(), "/master/state").path("frameworks")) {
            if (framework.path("id").asText().equals(scheduler.frameworkId())) {
                for (JsonNode executor : framework.path("executors")) {
                    if (executor.path("executor_id").asText().equals(executorId)) {
                        return executor;
                    }
                }
            }
        }
        return null;
    }

    /** The executor with this id in the operator API's GET_EXECUTORS; null when it is not listed. */
    private static JsonNode executorInGetExecutors(String executorId) throws Exception {
        JsonNode answer = MasterHttp.operatorCall(bridge.url(), "{\"type\":\"GET_EXECUTORS\"}");
        assertThat(answer.path("type").asText()).isEqualTo("GET_EXECUTORS");
        for (JsonNode executor : answer.path("get_executors").path("executors")) {
            if (executor.path("executor_info").path("executor_id").path("value").asText().equals(executorId)) {
                return executor;
            }
        }
        return null;
    }

    @Test
    void aTaskThatFailsKillsTheRestOfItsGroup() throws Exception {
        Protos.Offer offer = freshOffer();
        scheduler.launchGroup(offer, executor("failing", offer),
                TestScheduler.commandTask("fails", offer, "sleep 2; exit 1", 0.1, 32).build(),
                TestScheduler.commandTask("sleeper-1", offer, "sleep 600", 0.1, 32).build(),
                TestScheduler.commandTask("sleeper-2", offer, "sleep 600", 0.1, 32).build());

        TaskStatus failed = scheduler.awaitState("fails", TaskState.TASK_FAILED, TIMEOUT);
        assertThat(failed.getMessage()).isEqualTo("Command exited with status 1");
        assertThat(failed.getExecutorId().getValue()).isEqualTo("failing");
        for (String taskId : List.of("sleeper-1", "sleeper-2")) {
            TaskStatus killed = scheduler.awaitState(taskId, TaskState.TASK_KILLED, TIMEOUT);
            assertThat(killed.getExecutorId().getValue()).isEqualTo("failing");
            assertThat(scheduler.updatesOf(taskId)).extracting(TaskStatus::getState)
                    .contains(TaskState.TASK_RUNNING).doesNotContain(TaskState.TASK_FAILED);
        }
    }

    @Test
    void aKillOfOneTaskKillsTheWholeGroup() throws Exception {
        Protos.Offer offer = freshOffer();
        scheduler.launchGroup(offer, executor("killed", offer),
                TestScheduler.commandTask("k-1", offer, "sleep 600", 0.1, 32).build(),
                TestScheduler.commandTask("k-2", offer, "sleep 600", 0.1, 32).build(),
                TestScheduler.commandTask("k-3", offer, "sleep 600", 0.1, 32).build());
        for (String taskId : List.of("k-1", "k-2", "k-3")) {
            scheduler.awaitState(taskId, TaskState.TASK_RUNNING, TIMEOUT);
        }

        assertThat(scheduler.kill("k-2").statusCode()).isEqualTo(202);

        for (String taskId : List.of("k-1", "k-2", "k-3")) {
            assertThat(scheduler.awaitState(taskId, TaskState.TASK_KILLED, TIMEOUT).getExecutorId().getValue())
                    .isEqualTo("killed");
        }
    }

    @Test
    void anInvalidGroupIsRefusedAsAWholeInMesossWords() throws Exception {
        Protos.Offer offer = freshOffer();
        Protos.ExecutorInfo withCommand = executor("invalid", offer).toBuilder()
                .setCommand(Protos.CommandInfo.newBuilder().setValue("./executor")).build();
        scheduler.launchGroup(offer, withCommand,
                TestScheduler.commandTask("i-1", offer, "true", 0.1, 32).build(),
                TestScheduler.commandTask("i-2", offer, "true", 0.1, 32).build());

        for (String taskId : List.of("i-1", "i-2")) {
            TaskStatus error = scheduler.awaitState(taskId, TaskState.TASK_ERROR, TIMEOUT);
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
            assertThat(error.getMessage())
                    .isEqualTo("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
        }
    }

    /** An offer of the real node not used yet (each test launches on its own). */
    private static synchronized Protos.Offer freshOffer() {
        Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode)
                && !usedOffers.contains(o.getId().getValue()), TIMEOUT);
        usedOffers.add(offer.getId().getValue());
        return offer;
    }

    private static Protos.ExecutorInfo executor(String executorId, Protos.Offer offer) {
        return Protos.ExecutorInfo.newBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId))
                .setFrameworkId(offer.getFrameworkId())
                .addResources(TestScheduler.scalar("cpus", 0.1))
                .addResources(TestScheduler.scalar("mem", 32))
                .addResources(TestScheduler.scalar("disk", 10))
                .build();
    }
}

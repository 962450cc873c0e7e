package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator killed (SIGKILL) while its tasks run and finish: after a restart the framework re-subscribes with its
 * id, no task was launched twice, and every status update reaches it, in order.
 */
@WithRealCluster
class OperatorRestartIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String NAMESPACE = "it-operator-restart";

    @Test
    void nothingIsLostOrDoubledWhenTheOperatorDiesMidRun(RealCluster cluster) throws Exception {
        String realNode = cluster.realNodeName().orElseThrow();
        BridgeProcess bridge = BridgeProcess.start(cluster, NAMESPACE,
                Map.of("mesos-bridge.update-retry-initial-millis", "2000"));
        List<String> taskIds = List.of("r1", "r2", "r3");
        Map<String, String> podUids = new HashMap<>();
        Protos.FrameworkInfo registered;
        try {
            TestScheduler before = new TestScheduler(bridge.url(), MediaTypes.JSON);
            before.subscribe(TestScheduler.frameworkInfo("survivor").build());
            Protos.Offer offer = before.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            List<Protos.TaskInfo> tasks = new ArrayList<>();
            for (String id : taskIds) {
                tasks.add(TestScheduler.commandTask(id, offer, "sleep 12", 0.05, 16).build());
            }
            before.launch(offer, tasks.toArray(Protos.TaskInfo[]::new));
            for (String id : taskIds) {
                before.awaitState(id, TaskState.TASK_RUNNING, TIMEOUT);
                podUids.put(id, pod(cluster, before.frameworkId(), id).getMetadata().getUid());
            }
            registered = TestScheduler.frameworkInfo("survivor")
                    .setId(Protos.FrameworkID.newBuilder().setValue(before.frameworkId())).build();

            bridge.kill();
            before.disconnect();
            Thread.sleep(15_000); // the tasks finish while no master is up

            bridge.launch();
            try (TestScheduler after = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
                after.subscribe(registered);
                assertThat(after.frameworkId()).isEqualTo(registered.getId().getValue());
                for (String id : taskIds) {
                    TaskStatus finished = after.awaitState(id, TaskState.TASK_FINISHED, TIMEOUT, false);
                    assertThat(pod(cluster, registered.getId().getValue(), id).getMetadata().getUid())
                            .as("task %s still has the one Pod it was launched with", id)
                            .isEqualTo(podUids.get(id));
                    after.acknowledge(finished);
                    List<TaskState> seen = new ArrayList<>();
                    before.updatesOf(id).forEach(s -> seen.add(s.getState()));
                    after.updatesOf(id).forEach(s -> seen.add(s.getState()));
                    assertThat(seen).containsSubsequence(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                            TaskState.TASK_FINISHED);
                }
                assertThat(cluster.client().pods().inNamespace(NAMESPACE).list().getItems())
                        .as("one Pod per task, never more").hasSizeLessThanOrEqualTo(taskIds.size());
            }
        } finally {
            bridge.stopAndRemoveNamespace();
        }
    }

    private static Pod pod(RealCluster cluster, String frameworkId, String taskId) {
        return cluster.client().pods().inNamespace(NAMESPACE).withName(TaskNames.objectName(frameworkId, taskId)).get();
    }
}

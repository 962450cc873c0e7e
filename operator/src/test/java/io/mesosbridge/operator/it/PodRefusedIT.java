package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task whose Pod the API server refuses to create (here: a ResourceQuota in the bridge's namespace that the Pod
 * would exceed) could not be launched: it ends TASK_FAILED with REASON_CONTAINER_LAUNCH_FAILED and the API server's
 * reason as its message, as a Mesos agent reports a container that failed to launch. It was never running, so it is
 * not TASK_LOST or TASK_GONE_BY_OPERATOR ("deleted outside of Mesos").
 */
@WithRealCluster
class PodRefusedIT {

    private static final String NAMESPACE = "it-pod-refused";
    private static final String NODE = "pod-refused-node";
    private static final String QUOTA = "refuse-task-pods";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(NODE));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    @AfterEach
    void removeQuota(RealCluster cluster) {
        cluster.client().resourceQuotas().inNamespace(NAMESPACE).withName(QUOTA).delete();
    }

    @Test
    void aTaskWhosePodExceedsAPodCountQuotaFailsWithContainerLaunchFailed(RealCluster cluster) throws Exception {
        createQuota(cluster, Map.of("pods", "0"));

        TaskStatus failed = launchAndAwaitTerminal("no-pods-allowed", 0.1);

        assertLaunchFailed(failed);
    }

    @Test
    void aTaskWhosePodExceedsACpuQuotaFailsWithContainerLaunchFailed(RealCluster cluster) throws Exception {
        createQuota(cluster, Map.of("requests.cpu", "10m"));

        TaskStatus failed = launchAndAwaitTerminal("too-much-cpu", 0.1);

        assertLaunchFailed(failed);
    }

    private static void assertLaunchFailed(TaskStatus terminal) {
        assertThat(terminal.getState()).as("terminal state (message: %s)", terminal.getMessage())
                .isEqualTo(TaskState.TASK_FAILED);
        assertThat(terminal.getReason()).as("reason").isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(terminal.getMessage()).as("message").containsAnyOf("exceeded quota", "forbidden");
    }

    private static void createQuota(RealCluster cluster, Map<String, String> hard) {
        Map<String, Quantity> quantities = new java.util.LinkedHashMap<>();
        hard.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
        ResourceQuota quota = new ResourceQuotaBuilder().withNewMetadata().withName(QUOTA).withNamespace(NAMESPACE)
                .endMetadata().withNewSpec().withHard(quantities).endSpec().build();
        ResourceQuota created = cluster.client().resourceQuotas().inNamespace(NAMESPACE).resource(quota).create();
        // the quota admits nothing until the controller has computed its usage
        cluster.client().resourceQuotas().inNamespace(NAMESPACE).withName(created.getMetadata().getName())
                .waitUntilCondition(q -> q != null && q.getStatus() != null && q.getStatus().getHard() != null
                        && !q.getStatus().getHard().isEmpty(), 1, java.util.concurrent.TimeUnit.MINUTES);
    }

    /** Launches one task on the node; returns its first terminal update (acknowledging the updates on the way). */
    private static TaskStatus launchAndAwaitTerminal(String taskId, double cpus) throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("pod-refused-" + taskId).build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
            assertThat(scheduler.launch(offer, TestScheduler.commandTask(taskId, offer, "sleep 3600", cpus, 32)
                    .build()).statusCode()).isEqualTo(202);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            java.util.Set<com.google.protobuf.ByteString> acknowledged = new java.util.HashSet<>();
            while (System.nanoTime() < deadline) {
                Optional<TaskStatus> terminal = scheduler.updatesOf(taskId).stream()
                        .filter(status -> TaskStates.isTerminal(status.getState())).findFirst();
                for (TaskStatus status : scheduler.updatesOf(taskId)) {
                    if (status.hasUuid() && acknowledged.add(status.getUuid())) {
                        scheduler.acknowledge(status);
                    }
                }
                if (terminal.isPresent()) {
                    return terminal.get();
                }
                Thread.sleep(200);
            }
            throw new AssertionError("task " + taskId + " got no terminal update within " + TIMEOUT + "; updates: "
                    + scheduler.updatesOf(taskId).stream().map(s -> s.getState() + " " + s.getMessage()).toList());
        }
    }
}

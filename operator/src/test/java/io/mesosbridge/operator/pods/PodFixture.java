package io.mesosbridge.operator.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/** Task Pods in the states the kubelet reports, for unit tests. */
public final class PodFixture {

    private PodFixture() {
    }

    public static Pod pod(String phase, ContainerStatus container) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName("mt-0123456789abcdef0123").endMetadata()
                .withNewSpec().addNewContainer().withName("task").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP(phase.equals("Pending") ? null : "10.244.1.7")
                .endStatus();
        if (container != null) {
            pod.editStatus().addToContainerStatuses(container).endStatus();
        }
        return pod.build();
    }

    public static Pod withHealthCheck(Pod pod) {
        return new PodBuilder(pod).editSpec().editFirstContainer()
                .withReadinessProbe(new ProbeBuilder().withNewTcpSocket().withNewPort(8080).endTcpSocket().build())
                .endContainer().endSpec().build();
    }

    public static Pod deleting(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-11-26T01:00:00Z").endMetadata().build();
    }

    public static ContainerStatus running(boolean ready) {
        return new ContainerStatusBuilder().withName("task").withReady(ready).withStarted(true)
                .withNewState().withNewRunning().withStartedAt("2026-11-26T00:59:00Z").endRunning().endState()
                .build();
    }

    public static ContainerStatus waiting(String reason, String message) {
        return new ContainerStatusBuilder().withName("task").withReady(false).withStarted(false)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }

    public static ContainerStatus terminated(int exitCode, String reason) {
        return new ContainerStatusBuilder().withName("task").withReady(false).withStarted(false)
                .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason).endTerminated()
                .endState()
                .build();
    }
}

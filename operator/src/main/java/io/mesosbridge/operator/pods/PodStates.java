package io.mesosbridge.operator.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus.Reason;
import io.mesosbridge.mesos.v1.Protos.TaskStatus.Source;
import java.util.List;
import java.util.Set;

/**
 * Reads a task's Mesos state off its Pod, with Mesos's command executor as the model: exit status 0 is
 * TASK_FINISHED, anything else TASK_FAILED with the executor's "Command exited with status N", and a task the
 * framework killed ends TASK_KILLED whatever its exit status. Pure: no API calls, no clock.
 */
public final class PodStates {

    /** Waiting reasons after which the kubelet will not start this container on its own. */
    private static final Set<String> LAUNCH_FAILURES = Set.of(
            "ErrImageNeverPull", "InvalidImageName", "ErrImagePull", "ImagePullBackOff",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
    /** Terminated reasons meaning the runtime could not start the command at all. */
    private static final Set<String> START_FAILURES = Set.of("StartError", "ContainerCannotRun");
    private PodStates() {
    }

    /**
     * The Mesos view of a task.
     *
     * <ul>
     * <li>No Pod yet: TASK_STAGING, or TASK_KILLED (REASON_TASK_KILLED_DURING_LAUNCH) when killed before launch. A
     * Pod the kubelet has not reported on yet (no container status) is still TASK_STAGING; one whose container is
     * waiting is TASK_STARTING.
     * <li>Killed by the framework and the container gone or terminated: TASK_KILLED, whatever the exit status
     * (as the command executor does; a task that exited on its own just before the kill also counts as killed,
     * since a Pod does not tell which came first); still running: TASK_KILLING.
     * <li>{@code activeDeadlineSeconds} (max_completion_time) passed: TASK_FAILED, REASON_MAX_COMPLETION_TIME_REACHED.
     * <li>Evicted by the kubelet (node pressure): TASK_FAILED, REASON_CONTAINER_PREEMPTED. Not TASK_KILLED, which
     * Mesos reserves for kills the framework asked for; a resource-pressure kill is a failure of the task's
     * placement, like Mesos's container limitations.
     * <li>Pod deleted by someone else before the container terminated: TASK_GONE_BY_OPERATOR, the state Mesos uses
     * when an operator takes a task's agent away; frameworks that are not PARTITION_AWARE see TASK_LOST, as
     * the Mesos master shows it.
     * </ul>
     *
     * <p>A task of a task group is read off its own container ({@code containerName}) of the group's Pod; what
     * concerns the whole Pod (its deletion, eviction) concerns each of its tasks.
     *
     * @param pod           the Pod, or its last known state when {@code podWasDeleted}; null when never seen
     * @param podWasDeleted the Pod no longer exists
     * @param killRequested the framework (or the bridge on its behalf) asked to kill the task
     * @param containerName the task's container: {@link TaskPods#CONTAINER_NAME} for a lone task
     */
    public static ObservedTaskState observe(Pod pod, boolean podWasDeleted, boolean killRequested,
                                            String containerName) {
        if (pod == null) {
            if (killRequested) {
                return podWasDeleted
                        ? ObservedTaskState.of(TaskState.TASK_KILLED, Source.SOURCE_EXECUTOR, "Task killed")
                        : ObservedTaskState.of(TaskState.TASK_KILLED, Source.SOURCE_MASTER,
                                "Task killed before it was launched")
                                .withReason(Reason.REASON_TASK_KILLED_DURING_LAUNCH);
            }
            return podWasDeleted
                    ? goneByOperator()
                    : ObservedTaskState.of(TaskState.TASK_STAGING, Source.SOURCE_MASTER, null);
        }
        PodStatus status = pod.getStatus() != null ? pod.getStatus() : new PodStatus();
        String podIp = status.getPodIP() == null || status.getPodIP().isBlank() ? null : status.getPodIP();
        return observeExisting(pod, status, podWasDeleted, killRequested, containerName).withPodIp(podIp);
    }

    /**
     * The default executor's policy for a task group: a task that ends TASK_FAILED or TASK_KILLED (its command
     * failed, its health check killed it, or the framework killed it) takes the other tasks of its group with it.
     */
    public static boolean endsGroup(TaskState state) {
        return state == TaskState.TASK_FAILED || state == TaskState.TASK_KILLED;
    }

    /** Whether the container has terminated in this Pod (it then tells its own end, and is not to be killed). */
    public static boolean hasTerminated(Pod pod, String containerName) {
        return terminated(pod, containerName) != null;
    }

    /** Whether the container terminated after it had started (it ran, however briefly). */
    public static boolean ranAndTerminated(Pod pod, String containerName) {
        ContainerStateTerminated terminated = terminated(pod, containerName);
        return terminated != null && terminated.getStartedAt() != null;
    }

    private static ContainerStateTerminated terminated(Pod pod, String containerName) {
        ContainerStatus container = pod == null || pod.getStatus() == null ? null
                : taskContainerStatus(pod.getStatus(), containerName);
        return container == null || container.getState() == null ? null : container.getState().getTerminated();
    }

    private static ObservedTaskState observeExisting(
            Pod pod, PodStatus status, boolean podWasDeleted, boolean killRequested, String containerName) {
        ContainerStatus container = taskContainerStatus(status, containerName);
        ContainerState state = container != null && container.getState() != null
                ? container.getState()
                : new ContainerState();
        ContainerStateTerminated terminated = state.getTerminated();
        boolean podDone = "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());

        if ("DeadlineExceeded".equals(status.getReason())) {
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_EXECUTOR,
                            or(status.getMessage(), "Task exceeded its maximum completion time"))
                    .withReason(Reason.REASON_MAX_COMPLETION_TIME_REACHED)
                    .withExitCode(terminated != null ? terminated.getExitCode() : null);
        }
        if (killRequested && (podWasDeleted || terminated != null || podDone)) {
            return ObservedTaskState.of(TaskState.TASK_KILLED, Source.SOURCE_EXECUTOR,
                            terminated != null ? exitMessage(terminated.getExitCode()) : "Task killed")
                    .withExitCode(terminated != null ? terminated.getExitCode() : null);
        }
        if ("Evicted".equals(status.getReason())) {
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT,
                            or(status.getMessage(), "The node evicted the task"))
                    .withReason(Reason.REASON_CONTAINER_PREEMPTED)
                    .withExitCode(terminated != null ? terminated.getExitCode() : null);
        }
        if (terminated != null) {
            return terminated(terminated);
        }
        if ("Succeeded".equals(status.getPhase())) {
            return ObservedTaskState.of(TaskState.TASK_FINISHED, Source.SOURCE_EXECUTOR, exitMessage(0))
                    .withExitCode(0);
        }
        ContainerStateTerminated fetch = failedFetch(status);
        if (fetch != null && !killRequested) {
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT, "Failed to launch container:"
                            + " Failed to fetch all URIs for container '" + pod.getMetadata().getName()
                            + "' with exit status: " + fetch.getExitCode())
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        }
        if ("Failed".equals(status.getPhase())) {
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT,
                    or(status.getMessage(), or(status.getReason(), "The Pod failed")));
        }
        if (podWasDeleted) {
            return goneByOperator();
        }
        ContainerStateWaiting waiting = state.getWaiting();
        if (waiting != null && LAUNCH_FAILURES.contains(waiting.getReason())) {
            String message = waiting.getMessage() == null || waiting.getMessage().isBlank()
                    ? waiting.getReason()
                    : waiting.getReason() + ": " + waiting.getMessage();
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT, message)
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        }
        if (killRequested) {
            return ObservedTaskState.of(TaskState.TASK_KILLING, Source.SOURCE_EXECUTOR, null);
        }
        if (state.getRunning() != null) {
            return ObservedTaskState.of(TaskState.TASK_RUNNING, Source.SOURCE_EXECUTOR, null)
                    .withHealthy(healthy(pod, container));
        }
        if (status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()) {
            // the kubelet has not taken the Pod up yet: as a task not yet on its agent
            return ObservedTaskState.of(TaskState.TASK_STAGING, Source.SOURCE_MASTER, null);
        }
        return ObservedTaskState.of(TaskState.TASK_STARTING, Source.SOURCE_EXECUTOR, null);
    }

    private static ObservedTaskState terminated(ContainerStateTerminated terminated) {
        Integer exitCode = terminated.getExitCode();
        if ("OOMKilled".equals(terminated.getReason())) {
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT,
                            "Memory limit exceeded: the container was OOM-killed")
                    .withReason(Reason.REASON_CONTAINER_LIMITATION_MEMORY)
                    .withExitCode(exitCode);
        }
        if (START_FAILURES.contains(terminated.getReason())) {
            return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT,
                            terminated.getReason() + ": " + or(terminated.getMessage(), "the command could not start"))
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED)
                    .withExitCode(exitCode);
        }
        TaskState state = exitCode != null && exitCode == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
        return ObservedTaskState.of(state, Source.SOURCE_EXECUTOR, exitMessage(exitCode)).withExitCode(exitCode);
    }

    /**
     * The API server refused to create the task's Pod (a quota, an admission webhook, validation): the container
     * never launched, as when a Mesos agent fails to launch one.
     */
    public static ObservedTaskState podRefused(String serverMessage) {
        return ObservedTaskState.of(TaskState.TASK_FAILED, Source.SOURCE_AGENT,
                        "Failed to launch container: " + serverMessage)
                .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED);
    }

    /** The command executor's wording ("Command " + WSTRINGIFY(status)). */
    private static String exitMessage(Integer exitCode) {
        return exitCode == null ? "Failed to get exit status for Command" : "Command exited with status " + exitCode;
    }

    private static ObservedTaskState goneByOperator() {
        return ObservedTaskState.of(TaskState.TASK_GONE_BY_OPERATOR, Source.SOURCE_MASTER,
                "The task's Pod was deleted outside of Mesos");
    }

    /**
     * The health check verdict: the container's readiness, which {@link TaskPods} derives from the health check.
     * None when the task has no health check, or while the startup probe (the grace period) has not passed.
     */
    private static Boolean healthy(Pod pod, ContainerStatus container) {
        boolean hasHealthCheck = pod.getSpec() != null && pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container.getName()))
                .map(Container::getReadinessProbe)
                .anyMatch(probe -> probe != null);
        if (!hasHealthCheck || Boolean.FALSE.equals(container.getStarted())) {
            return null;
        }
        return Boolean.TRUE.equals(container.getReady());
    }

    /** The task's container; a lone task's Pod has only one, whatever its name. */
    /** The fetcher's init container, when it ended without fetching every URI (a Pod never restarts it). */
    private static ContainerStateTerminated failedFetch(PodStatus status) {
        for (ContainerStatus init : status.getInitContainerStatuses()) {
            if (Fetch.CONTAINER_NAME.equals(init.getName()) && init.getState() != null
                    && init.getState().getTerminated() != null
                    && !Integer.valueOf(0).equals(init.getState().getTerminated().getExitCode())) {
                return init.getState().getTerminated();
            }
        }
        return null;
    }

    private static ContainerStatus taskContainerStatus(PodStatus status, String containerName) {
        List<ContainerStatus> statuses = status.getContainerStatuses();
        if (statuses == null || statuses.isEmpty()) {
            return null;
        }
        return statuses.stream()
                .filter(s -> containerName.equals(s.getName()))
                .findFirst()
                .orElse(TaskPods.CONTAINER_NAME.equals(containerName) ? statuses.get(0) : null);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}

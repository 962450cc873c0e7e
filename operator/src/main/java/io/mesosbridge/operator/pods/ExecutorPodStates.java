package io.mesosbridge.operator.pods;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;

import java.util.List;
import java.util.Optional;

/**
 * A custom executor's Pod read as a Mesos agent sees its executor's container: running, or terminated with a wait
 * status. Its tasks' states are the executor's to tell; only its end tells them (src/slave/slave.cpp,
 * {@code executorTerminated}). Pure.
 */
public final class ExecutorPodStates {

    /** The wait status of a process killed by SIGKILL, for a container whose end nobody recorded. */
    static final int KILLED_STATUS = 9;

    private ExecutorPodStates() {
    }

    /** Whether the executor's container has ended: its Pod finished, or the container terminated. */
    public static boolean hasEnded(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) || terminated(pod).isPresent();
    }

    /**
     * The executor's wait status as {@code waitpid} gives it, which Mesos reports in ExitedExecutorMessage and the
     * FAILURE event: the exit code in the high byte, or the signal that ended it ({@code 128 + n} in a container's
     * exit code). A Pod gone without a recorded end was killed.
     */
    public static int waitStatus(Pod pod) {
        Optional<ContainerStateTerminated> terminated = pod == null ? Optional.empty() : terminated(pod);
        if (terminated.isEmpty() || terminated.get().getExitCode() == null) {
            return KILLED_STATUS;
        }
        int exitCode = terminated.get().getExitCode();
        return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : (exitCode & 0xff) << 8;
    }

    /** What the agent reports for each task the executor left unfinished. */
    public static ObservedTaskState executorTerminated(Pod pod) {
        Integer exitCode = pod == null ? null : terminated(pod).map(ContainerStateTerminated::getExitCode)
                .orElse(null);
        String message = pod == null ? "Executor terminated: its Pod was deleted"
                : exitCode == null ? "Executor terminated" : "Executor terminated with exit code " + exitCode;
        return new ObservedTaskState(TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
                TaskStatus.Source.SOURCE_AGENT, message, exitCode, null, null);
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return Optional.empty();
        }
        return statuses.stream()
                .filter(status -> TaskPods.EXECUTOR_CONTAINER_NAME.equals(status.getName()))
                .filter(status -> status.getState() != null && status.getState().getTerminated() != null)
                .map(status -> status.getState().getTerminated())
                .findFirst();
    }
}

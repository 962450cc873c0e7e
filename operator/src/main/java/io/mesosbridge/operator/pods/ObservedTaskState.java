package io.mesosbridge.operator.pods;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;

/**
 * What a task looks like to Mesos, read off its Pod.
 *
 * @param state    the Mesos task state
 * @param reason   why, when Mesos would say (null otherwise)
 * @param source   who Mesos would say reported it
 * @param message  the human-readable message Mesos would attach (null when none)
 * @param exitCode the container's exit code once it terminated (null before)
 * @param healthy  the health check verdict; null when the task has no health check or no verdict yet
 * @param podIp    the Pod's IP once known (null before)
 */
public record ObservedTaskState(
        TaskState state,
        TaskStatus.Reason reason,
        TaskStatus.Source source,
        String message,
        Integer exitCode,
        Boolean healthy,
        String podIp) {

    public static ObservedTaskState of(TaskState state, TaskStatus.Source source, String message) {
        return new ObservedTaskState(state, null, source, message, null, null, null);
    }

    public ObservedTaskState withReason(TaskStatus.Reason newReason) {
        return new ObservedTaskState(state, newReason, source, message, exitCode, healthy, podIp);
    }

    public ObservedTaskState withExitCode(Integer newExitCode) {
        return new ObservedTaskState(state, reason, source, message, newExitCode, healthy, podIp);
    }

    public ObservedTaskState withHealthy(Boolean newHealthy) {
        return new ObservedTaskState(state, reason, source, message, exitCode, newHealthy, podIp);
    }

    public ObservedTaskState withPodIp(String newPodIp) {
        return new ObservedTaskState(state, reason, source, message, exitCode, healthy, newPodIp);
    }
}

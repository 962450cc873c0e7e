package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.operator.validation.MesosIds;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The checks a Mesos master makes of each task of a LAUNCH before anything is launched (src/master/validation.cpp),
 * with its messages (a bad task ID is told in the words of {@link MesosIds}, unprefixed, as Mesos tells it), plus the
 * one limit a MesosTask has. Pure.
 */
public final class TaskValidation {

    /** The TaskInfo lives in its MesosTask; the API server stores objects of up to 1.5 MiB. */
    static final int MAX_TASK_INFO_BYTES = 1024 * 1024;

    private TaskValidation() {
    }

    /**
     * The first reason the task cannot be launched from the offers of {@code offeredAgentId}, whose unused resources
     * are {@code remaining}; empty when it can.
     */
    public static Optional<String> check(TaskInfo task, String offeredAgentId, Resources remaining) {
        Optional<String> general = generalProblem(task, offeredAgentId);
        if (general.isPresent()) {
            return general;
        }
        if (task.hasExecutor() == task.hasCommand()) {
            return Optional.of("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        }
        if (task.hasExecutor()) {
            return Optional.of("Custom executors (TaskInfo.executor) are not supported by mesos-bridge yet");
        }
        Resources used = TaskResources.of(task);
        Optional<String> limits = limitsError(task, used);
        if (limits.isPresent()) {
            return Optional.of("Task uses invalid resource limits: " + limits.get());
        }
        if (!TaskResources.normalized(remaining.toList()).contains(used)) {
            return Optional.of("Task uses more resources " + used + " than available " + remaining.unallocate());
        }
        return Optional.empty();
    }

    /** What every task is checked for, alone or in a group: its id, its agent, its resources. */
    static Optional<String> generalProblem(TaskInfo task, String offeredAgentId) {
        Optional<String> id = MesosIds.problem(task.getTaskId().getValue());
        if (id.isPresent()) {
            return id;
        }
        if (!task.getAgentId().getValue().equals(offeredAgentId)) {
            return Optional.of("Task uses invalid agent: " + task.getAgentId().getValue());
        }
        return resourcesProblem(task.getResourcesList(), "Task uses invalid resources: ");
    }

    static Optional<String> resourcesProblem(List<Resource> resources, String prefix) {
        for (Resource resource : resources) {
            try {
                Resources.of(resource);
            } catch (IllegalArgumentException e) {
                return Optional.of(prefix + "Resource '" + resource.getName() + "' is invalid: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Whether the TaskInfo fits in its MesosTask; checked once its Pod has been made, so a Pod's limits come first. */
    public static Optional<String> sizeError(TaskInfo task) {
        int bytes = MesosJson.print(task).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TASK_INFO_BYTES) {
            return Optional.of("TaskInfo is " + bytes + " bytes in JSON; at most " + MAX_TASK_INFO_BYTES
                    + " are supported");
        }
        return Optional.empty();
    }

    /** Only cpus and mem take a limit, at least the task's request of them (infinity means none). */
    static Optional<String> limitsError(TaskInfo task, Resources requested) {
        for (var limit : task.getLimitsMap().entrySet()) {
            String name = limit.getKey();
            double value = limit.getValue().getValue();
            if (!name.equals("cpus") && !name.equals("mem")) {
                return Optional.of("only 'cpus' and 'mem' can have a limit, not '" + name + "'");
            }
            if (Double.isNaN(value) || value < requested.scalar(name)) {
                return Optional.of("the '" + name + "' limit " + value + " is below its request "
                        + requested.scalar(name));
            }
        }
        return Optional.empty();
    }
}

package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
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
     * The first reason the task cannot be launched by {@code frameworkId} from the offers of {@code offeredAgentId},
     * whose unused resources are {@code remaining}; empty when it can. {@code running} is the executor the framework
     * already runs under the task's ExecutorID, if any: its resources are not asked for again.
     */
    public static Optional<String> check(TaskInfo task, String offeredAgentId, Resources remaining, String frameworkId,
                                         Optional<RunningExecutor> running) {
        Optional<String> general = generalProblem(task, offeredAgentId);
        if (general.isPresent()) {
            return general;
        }
        if (task.hasExecutor() == task.hasCommand()) {
            return Optional.of("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        }
        Resources used = TaskResources.of(task);
        if (task.hasExecutor()) {
            Optional<String> executor = executorProblem(task.getExecutor(), offeredAgentId, frameworkId, running);
            if (executor.isPresent()) {
                return executor;
            }
        }
        Optional<String> limits = limitsError(task, used);
        if (limits.isPresent()) {
            return Optional.of("Task uses invalid resource limits: "
                    + limits.get());
        }
        if (task.hasExecutor()) {
            Resources total = running.isPresent() ? used
                    : used.add(TaskResources.normalized(task.getExecutor().getResourcesList()));
            if (!TaskResources.normalized(remaining.toList()).contains(total)) {
                return Optional.of("Total resources " + total + " required by task and its executor is more than"
                        + " available " + remaining.unallocate());
            }
        } else if (!TaskResources.normalized(remaining.toList()).contains(used)) {
            return Optional.of("Task uses more resources " + used + " than available " + remaining.unallocate());
        }
        return Optional.empty();
    }

    /** What Mesos checks of a LAUNCH's {@code TaskInfo.executor}, then what mesos-bridge needs of it. */
    private static Optional<String> executorProblem(ExecutorInfo executor, String offeredAgentId, String frameworkId,
                                                    Optional<RunningExecutor> running) {
        Optional<String> general = TaskGroupValidation.executorProblem(executor, frameworkId,
                running.map(RunningExecutor::info));
        if (general.isPresent()) {
            return general;
        }
        if (executor.hasType() && executor.getType() != ExecutorInfo.Type.CUSTOM) {
            return Optional.of("'ExecutorInfo.type' must be 'CUSTOM'");
        }
        if (!executor.hasCommand()) {
            return Optional.of("'ExecutorInfo.command' must be set");
        }
        if (executor.hasContainer() && executor.getContainer().hasLinuxInfo()
                && executor.getContainer().getLinuxInfo().hasShareCgroups()
                && executor.getContainer().getLinuxInfo().getShareCgroups()) {
            return Optional.of("The 'share_cgroups' field cannot be set to 'true' on executor containers");
        }
        return running.filter(existing -> !existing.agentId().equals(offeredAgentId))
                .map(existing -> "Executor '" + executor.getExecutorId().getValue() + "' already runs on agent "
                        + existing.agentId() + "; mesos-bridge runs one executor per ExecutorID of a framework");
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

package io.mesosbridge.operator.tasks;

import com.google.protobuf.TextFormat;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.operator.validation.MesosIds;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The checks a Mesos master makes of a LAUNCH_GROUP before anything is launched (src/master/validation.cpp,
 * {@code task::group::validate} and the executor checks it calls), in its words: the whole group is launched or
 * refused with one message. Pure.
 */
public final class TaskGroupValidation {

    /** Mesos's {@code MIN_CPUS} and {@code MIN_MEM} for an executor. */
    static final double MIN_EXECUTOR_CPUS = 0.01;
    static final double MIN_EXECUTOR_MEM_MB = 32;

    private TaskGroupValidation() {
    }

    /**
     * The first reason the group cannot be launched by {@code frameworkId} from the offers of
     * {@code offeredAgentId}, whose unused resources are {@code remaining}; empty when it can.
     */
    public static Optional<String> check(ExecutorInfo executor, List<TaskInfo> tasks, String frameworkId,
                                         String offeredAgentId, Resources remaining,
                                         Optional<RunningExecutor> running) {
        Set<String> ids = new HashSet<>();
        for (TaskInfo task : tasks) {
            Optional<String> problem = taskProblem(task, offeredAgentId);
            if (problem.isEmpty() && !ids.add(task.getTaskId().getValue())) {
                problem = Optional.of("Task has duplicate ID: " + task.getTaskId().getValue());
            }
            if (problem.isPresent()) {
                return Optional.of("Task '" + task.getTaskId().getValue() + "' is invalid: " + problem.get());
            }
        }
        Optional<String> executorProblem = executorProblem(executor, frameworkId, running.map(RunningExecutor::info));
        if (executorProblem.isPresent()) {
            return executorProblem;
        }
        Optional<String> elsewhere = running.filter(existing -> !existing.agentId().equals(offeredAgentId))
                .map(existing -> "Executor '" + executor.getExecutorId().getValue() + "' already runs on agent "
                        + existing.agentId() + "; mesos-bridge runs one executor per ExecutorID of a framework");
        if (elsewhere.isPresent()) {
            return elsewhere;
        }
        return groupExecutorProblem(executor, tasks, remaining, running.isPresent());
    }

    private static Optional<String> taskProblem(TaskInfo task, String offeredAgentId) {
        Optional<String> general = TaskValidation.generalProblem(task, offeredAgentId);
        if (general.isPresent()) {
            return general;
        }
        if (task.hasContainer() && task.getContainer().getType() == ContainerInfo.Type.DOCKER) {
            return Optional.of("Docker ContainerInfo is not supported on the task");
        }
        if (task.getLimitsCount() > 0) {
            // tasks share their executor's cgroups, the only way mesos-bridge runs a group
            return Optional.of("Resource limits may only be set for tasks within a task group when the"
                    + " 'share_cgroups' field is set to 'false'.");
        }
        return Optional.empty();
    }

    /**
     * What Mesos checks of any executor: its type, id, grace period, framework, resources, and that it is the
     * ExecutorInfo of the executor already running under its id, if one is.
     */
    static Optional<String> executorProblem(ExecutorInfo executor, String frameworkId,
                                            Optional<ExecutorInfo> running) {
        switch (executor.getType()) {
            case DEFAULT -> {
                if (executor.hasCommand()) {
                    return Optional.of("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
                }
                if (executor.hasContainer() && executor.getContainer().getType() != ContainerInfo.Type.MESOS) {
                    return Optional.of("'ExecutorInfo.container.type' must be 'MESOS' for 'DEFAULT' executor");
                }
                if (executor.hasContainer() && executor.getContainer().getMesos().hasImage()) {
                    return Optional.of("'ExecutorInfo.container.mesos.image' must not be set for 'DEFAULT' executor");
                }
            }
            case CUSTOM -> {
                if (!executor.hasCommand()) {
                    return Optional.of("'ExecutorInfo.command' must be set for 'CUSTOM' executor");
                }
            }
            default -> {
                // UNKNOWN: refused below, as the group's checks refuse it
            }
        }
        Optional<String> id = MesosIds.problem(executor.getExecutorId().getValue());
        if (id.isPresent()) {
            return id;
        }
        if (executor.hasShutdownGracePeriod() && executor.getShutdownGracePeriod().getNanoseconds() < 0) {
            return Optional.of("ExecutorInfo's 'shutdown_grace_period' must be non-negative");
        }
        if (!executor.hasFrameworkId()) {
            return Optional.of("'ExecutorInfo.framework_id' must be set");
        }
        if (!executor.getFrameworkId().getValue().equals(frameworkId)) {
            return Optional.of("ExecutorInfo has an invalid FrameworkID (Actual: "
                    + executor.getFrameworkId().getValue() + " vs Expected: " + frameworkId + ")");
        }
        Optional<String> resources = TaskValidation.resourcesProblem(executor.getResourcesList(),
                "Executor uses invalid resources: ");
        if (resources.isPresent()) {
            return resources;
        }
        return running.filter(existing -> !sameExecutorInfo(existing, executor))
                .map(existing -> incompatible(existing, executor));
    }

    /** Equal as Mesos compares them; a stored ExecutorInfo has come back from JSON with its defaults spelled out. */
    private static boolean sameExecutorInfo(ExecutorInfo a, ExecutorInfo b) {
        return MesosJson.print(a).equals(MesosJson.print(b));
    }

    private static String incompatible(ExecutorInfo existing, ExecutorInfo executor) {
        String rule = "------------------------------------------------------------\n";
        return "ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.\n" + rule
                + "Existing ExecutorInfo:\n" + TextFormat.printer().printToString(existing) + "\n" + rule
                + "ExecutorInfo:\n" + TextFormat.printer().printToString(executor) + "\n" + rule;
    }

    /** What Mesos checks of a task group's executor, then the total against the offers. */
    private static Optional<String> groupExecutorProblem(ExecutorInfo executor, List<TaskInfo> tasks,
                                                         Resources remaining, boolean running) {
        String executorId = executor.getExecutorId().getValue();
        if (!executor.hasType()) {
            return Optional.of("'ExecutorInfo.type' must be set");
        }
        if (executor.getType() == ExecutorInfo.Type.UNKNOWN) {
            return Optional.of("Unknown executor type");
        }
        if (executor.hasContainer() && executor.getContainer().getType() == ContainerInfo.Type.DOCKER) {
            return Optional.of("Docker ContainerInfo is not supported on the executor");
        }
        for (TaskInfo task : tasks) {
            if (task.hasExecutor() && !task.getExecutor().equals(executor)) {
                return Optional.of("The `ExecutorInfo` of task '" + task.getTaskId().getValue()
                        + "' is different from executor '" + executorId + "'");
            }
        }
        Resources executorResources = TaskResources.normalized(executor.getResourcesList());
        if (!executorResources.names().contains("cpus")
                || executorResources.scalar("cpus") < MIN_EXECUTOR_CPUS) {
            return Optional.of("Executor '" + executorId + "' uses less CPUs ("
                    + (executorResources.names().contains("cpus") ? number(executorResources.scalar("cpus")) : "None")
                    + ") than the minimum required (" + number(MIN_EXECUTOR_CPUS) + ")");
        }
        if (!executorResources.names().contains("mem")
                || executorResources.scalar("mem") < MIN_EXECUTOR_MEM_MB) {
            return Optional.of("Executor '" + executorId + "' uses less memory ("
                    + (executorResources.names().contains("mem") ? bytes(executorResources.scalar("mem")) : "None")
                    + ") than the minimum required (" + bytes(MIN_EXECUTOR_MEM_MB) + ")");
        }
        if (!executorResources.names().contains("disk")) {
            return Optional.of("Executor '" + executorId + "' uses no disk");
        }
        Optional<String> overlap = overlappingResources(executorResources, tasks);
        if (overlap.isPresent()) {
            return overlap;
        }
        Resources total = running ? Resources.empty() : executorResources;
        for (TaskInfo task : tasks) {
            total = total.add(TaskResources.of(task));
        }
        if (!TaskResources.normalized(remaining.toList()).contains(total)) {
            return Optional.of("Total resources " + total + " required by task group and its executor are more"
                    + " than available " + remaining.unallocate());
        }
        return Optional.empty();
    }

    /**
     * Two tasks of a group (or a task and its executor) asking for the same port or set item: the sum of their
     * quantities exceeds the quantity of their union, as Mesos's {@code detectOverlappingSetAndRangeResources}
     * finds. In one Pod, two containers could not bind the same port anyway.
     */
    private static Optional<String> overlappingResources(Resources executorResources, List<TaskInfo> tasks) {
        List<Resources> taskResources = tasks.stream().map(TaskResources::of).toList();
        Resources union = executorResources;
        Map<String, Long> summed = new TreeMap<>();
        countRangesAndSets(executorResources, summed);
        for (Resources resources : taskResources) {
            union = union.add(resources);
            countRangesAndSets(resources, summed);
        }
        Map<String, Long> ofUnion = new TreeMap<>();
        countRangesAndSets(union, ofUnion);
        if (summed.equals(ofUnion)) {
            return Optional.empty();
        }
        return Optional.of("There are overlapping resources in the task group's task resources "
                + taskResources.stream().map(TaskGroupValidation::printed)
                .collect(Collectors.joining(", ", "[ ", " ]"))
                + " and/or executor resources " + printed(executorResources));
    }

    private static void countRangesAndSets(Resources resources, Map<String, Long> counts) {
        for (Resource resource : resources) {
            long count = switch (resource.getType()) {
                case RANGES -> resource.getRanges().getRangeList().stream()
                        .mapToLong(range -> range.getEnd() - range.getBegin() + 1).sum();
                case SET -> resource.getSet().getItemCount();
                default -> 0;
            };
            if (count > 0) {
                counts.merge(resource.getName(), count, Long::sum);
            }
        }
    }

    /** Resources as Mesos streams them: {@code {}} when there are none. */
    private static String printed(Resources resources) {
        return resources.isEmpty() ? "{}" : resources.toString();
    }

    /** A double as C++ streams print it: no trailing ".0". */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Megabytes as stout's {@code Bytes} prints them: in the largest unit that divides them. */
    private static String bytes(double megabytes) {
        long bytes = (long) (megabytes * 1024 * 1024);
        String[] units = {"GB", "MB", "KB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        return bytes + "B";
    }
}

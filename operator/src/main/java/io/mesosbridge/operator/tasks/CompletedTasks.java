package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks that are over (their terminal update acknowledged, their MesosTask gone), newest first: what
 * reconciliation and the state endpoints still know of them. As in a Mesos master, at most
 * {@code max-completed-tasks-per-framework} per framework; and the history of at most as many frameworks as can be
 * registered and completed ({@code max-frameworks} + {@code max-completed-frameworks}), the one that ended a task
 * least recently forgotten first.
 */
@ApplicationScoped
public class CompletedTasks {

    private final int perFramework;
    private final int frameworks;
    private final Map<String, Deque<CompletedTask>> byFramework = new LinkedHashMap<>();

    @Inject
    public CompletedTasks(BridgeConfig config) {
        this(config.maxCompletedTasksPerFramework(), config.maxFrameworks() + config.maxCompletedFrameworks());
    }

    CompletedTasks(int perFramework, int frameworks) {
        this.perFramework = perFramework;
        this.frameworks = frameworks;
    }

    /** A task whose terminal update was acknowledged: kept for reconciliation and the state endpoints. */
    public record CompletedTask(String frameworkId, String taskId, String agentId, String nodeName, String role,
                                TaskInfo info, TaskStatus lastStatus) {
    }

    public synchronized void add(CompletedTask task) {
        if (perFramework <= 0) {
            return;
        }
        // re-inserted, so that the framework whose task ended last is the last one forgotten
        Deque<CompletedTask> tasks = byFramework.remove(task.frameworkId());
        if (tasks == null) {
            tasks = new ArrayDeque<>();
        }
        byFramework.put(task.frameworkId(), tasks);
        tasks.addFirst(task);
        while (tasks.size() > perFramework) {
            tasks.removeLast();
        }
        var eldest = byFramework.entrySet().iterator();
        while (byFramework.size() > frameworks && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    public synchronized List<CompletedTask> all() {
        List<CompletedTask> all = new ArrayList<>();
        byFramework.values().forEach(all::addAll);
        return all;
    }

    public synchronized Optional<CompletedTask> find(String frameworkId, String taskId) {
        Deque<CompletedTask> tasks = byFramework.get(frameworkId);
        return tasks == null ? Optional.empty()
                : tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }
}

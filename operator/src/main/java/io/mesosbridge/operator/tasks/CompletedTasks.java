package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The tasks that are over (their terminal update acknowledged, their MesosTask gone), newest first and bounded
 * ({@code mesos-bridge.completed-task-history}): what reconciliation and the state endpoints still know of them.
 */
@ApplicationScoped
public class CompletedTasks {

    private final int limit;
    private final Deque<CompletedTask> completed = new ArrayDeque<>();

    public CompletedTasks(BridgeConfig config) {
        this.limit = config.completedTaskHistory();
    }

    /** A task whose terminal update was acknowledged: kept for reconciliation and the state endpoints. */
    public record CompletedTask(String frameworkId, String taskId, String agentId, String nodeName, String role,
                                TaskInfo info, TaskStatus lastStatus) {
    }

    public synchronized void add(CompletedTask task) {
        completed.addFirst(task);
        while (completed.size() > limit) {
            completed.removeLast();
        }
    }

    public synchronized List<CompletedTask> all() {
        return List.copyOf(completed);
    }

    public synchronized Optional<CompletedTask> find(String frameworkId, String taskId) {
        return completed.stream()
                .filter(t -> t.frameworkId().equals(frameworkId) && t.taskId().equals(taskId))
                .findFirst();
    }
}

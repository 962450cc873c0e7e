package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks the master knows: every MesosTask (kept current by an informer) and a bounded history of completed
 * tasks, whose terminal update was acknowledged and whose MesosTask is gone.
 */
@ApplicationScoped
public class TaskRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BY_FRAMEWORK = "byFramework";
    private static final String BY_NODE = "byNode";

    private final KubernetesClient client;
    private final BridgeConfig config;
    private final Map<String, ParsedTaskInfo> parsed = new ConcurrentHashMap<>();
    private final Deque<CompletedTask> completed = new ArrayDeque<>();
    private volatile SharedIndexInformer<MesosTask> informer;

    public TaskRegistry(KubernetesClient client, BridgeConfig config) {
        this.client = client;
        this.config = config;
    }

    public synchronized void start() {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<MesosTask> tasks = client.resources(MesosTask.class).inNamespace(config.namespace())
                .runnableInformer(0);
        tasks.addIndexers(Map.of(
                BY_FRAMEWORK, task -> List.of(task.getSpec().getFrameworkId()),
                BY_NODE, task -> List.of(task.getSpec().getNodeName())));
        tasks.start().toCompletableFuture().join();
        informer = tasks;
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    public Optional<MesosTask> find(String frameworkId, String taskId) {
        return Optional.ofNullable(byName(TaskNames.objectName(frameworkId, taskId)));
    }

    /** Whether the cache has the MesosTask of this object name. */
    public boolean contains(String objectName) {
        return byName(objectName) != null;
    }

    private MesosTask byName(String objectName) {
        return informer.getStore().getByKey(config.namespace() + "/" + objectName);
    }

    public List<MesosTask> ofFramework(String frameworkId) {
        return informer.getIndexer().byIndex(BY_FRAMEWORK, frameworkId);
    }

    public List<MesosTask> onNode(String nodeName) {
        return informer.getIndexer().byIndex(BY_NODE, nodeName);
    }

    public List<MesosTask> all() {
        return informer.getStore().list();
    }

    /** The TaskInfo a MesosTask was launched with (parsed once per object). */
    public TaskInfo taskInfo(MesosTask task) {
        String uid = task.getMetadata().getUid();
        ParsedTaskInfo cached = uid == null ? null : parsed.get(uid);
        if (cached != null) {
            return cached.info();
        }
        TaskInfo info = parseTaskInfo(task);
        if (uid != null) {
            parsed.put(uid, new ParsedTaskInfo(info));
        }
        return info;
    }

    public Resources resources(MesosTask task) {
        return TaskResources.of(taskInfo(task));
    }

    public static TaskInfo parseTaskInfo(MesosTask task) {
        try {
            return MesosJson.parse(JSON.writeValueAsString(task.getSpec().getTaskInfo()), TaskInfo.newBuilder()).build();
        } catch (JsonProcessingException | MesosJsonException e) {
            throw new IllegalStateException("MesosTask " + task.getMetadata().getName() + " holds no valid TaskInfo", e);
        }
    }

    /** The latest state recorded for a live task (TASK_STAGING before any update). */
    public static TaskState stateOf(MesosTask task) {
        String state = task.getStatus() == null ? null : task.getStatus().getState();
        return state == null ? TaskState.TASK_STAGING : TaskState.valueOf(state);
    }

    public synchronized void complete(MesosTask task, TaskStatus lastStatus) {
        if (task.getMetadata().getUid() != null) {
            parsed.remove(task.getMetadata().getUid());
        }
        completed.addFirst(new CompletedTask(task.getSpec().getFrameworkId(), task.getSpec().getTaskId(),
                task.getSpec().getAgentId(), task.getSpec().getNodeName(), parseTaskInfo(task), lastStatus));
        while (completed.size() > config.completedTaskHistory()) {
            completed.removeLast();
        }
    }

    public synchronized List<CompletedTask> completed() {
        return List.copyOf(completed);
    }

    public synchronized Optional<CompletedTask> findCompleted(String frameworkId, String taskId) {
        return completed.stream()
                .filter(t -> t.frameworkId().equals(frameworkId) && t.taskId().equals(taskId))
                .findFirst();
    }

    /** A task whose terminal update was acknowledged: kept for reconciliation and the state endpoints. */
    public record CompletedTask(String frameworkId, String taskId, String agentId, String nodeName, TaskInfo info,
                                TaskStatus lastStatus) {
    }

    private record ParsedTaskInfo(TaskInfo info) {
    }
}

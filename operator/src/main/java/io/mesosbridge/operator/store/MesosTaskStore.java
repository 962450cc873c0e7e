package io.mesosbridge.operator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.cluster.InformerStores;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one owner of MesosTask objects: every read and every write of them goes through here. They are in the
 * namespaces of their roles; the informer watches those {@link TaskNamespaces} says are this bridge's.
 *
 * <p>The model is the newest version of each MesosTask seen, from the one informer or from this master's own writes,
 * whichever has the higher resource version. So whoever writes reads its own write at once, however far the
 * informer lags, and nobody decides on a version older than one already acted on. A task this master deleted stays
 * gone even if the informer still delivers an older version of it. {@link TaskChangeListener}s hear each new
 * version once, in order.
 */
@ApplicationScoped
public class MesosTaskStore {

    private static final Logger LOG = Logger.getLogger(MesosTaskStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STATUS_CONFLICT_ATTEMPTS = 5;
    private static final int DELETED_UIDS_REMEMBERED = 10_000;

    private final KubernetesClient client;
    private final TaskNamespaces namespaces;
    private final Object lock = new Object();
    private final Map<String, MesosTask> byName = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byFramework = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byNode = new ConcurrentHashMap<>();
    private final Map<String, TaskInfo> taskInfos = new ConcurrentHashMap<>();
    private final Map<String, ExecutorInfo> executorInfos = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deletedUids = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DELETED_UIDS_REMEMBERED;
        }
    };
    /** Per task, the updates acknowledged since its last status write (see {@link #acknowledge}). */
    private final Map<String, Set<String>> acknowledgedNotWritten = new HashMap<>();
    private final List<TaskChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<MesosTask> informer;

    @Inject
    public MesosTaskStore(KubernetesClient client, TaskNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    /** Starts the informer and waits for its first listing. */
    public synchronized void start() {
        if (informer != null) {
            return;
        }
        // across namespaces only this bridge's, by its label: other bridges may share the cluster
        SharedIndexInformer<MesosTask> tasks = namespaces.spansNamespaces()
                ? client.resources(MesosTask.class).inAnyNamespace().withLabels(namespaces.bridgeLabel())
                        .runnableInformer(0)
                : client.resources(MesosTask.class).inNamespace(namespaces.bridgeNamespace()).runnableInformer(0);
        tasks.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(MesosTask task) {
                observed(task);
            }

            @Override
            public void onUpdate(MesosTask before, MesosTask after) {
                observed(after);
            }

            @Override
            public void onDelete(MesosTask task, boolean finalStateUnknown) {
                observedDeletion(task);
            }
        });
        tasks.start().toCompletableFuture().join();
        informer = tasks;
        LOG.infof("watching %d MesosTasks %s %s", byName.size(),
                namespaces.spansNamespaces() ? "labelled for the bridge of namespace" : "in namespace",
                namespaces.bridgeNamespace());
    }

    public boolean isStarted() {
        return informer != null;
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    public void addListener(TaskChangeListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- reads

    /**
     * The task {@code taskId} of framework {@code frameworkId}: found by its object name, and only if the ids the
     * object was created with are these, so no pair of ids can reach another framework's task.
     */
    public Optional<MesosTask> find(String frameworkId, String taskId) {
        return byName(TaskNames.objectName(frameworkId, taskId))
                .filter(task -> task.getSpec() != null && frameworkId.equals(task.getSpec().getFrameworkId())
                        && taskId.equals(task.getSpec().getTaskId()));
    }

    /** Whether a Kubernetes object (a Pod, say) is this bridge's, where its tasks are. */
    public boolean holds(ObjectMeta metadata) {
        return namespaces.holds(metadata);
    }

    public Optional<MesosTask> byName(String objectName) {
        return Optional.ofNullable(byName.get(objectName));
    }

    public List<MesosTask> ofFramework(String frameworkId) {
        return resolve(byFramework.get(frameworkId));
    }

    public List<MesosTask> onNode(String nodeName) {
        return resolve(byNode.get(nodeName));
    }

    public List<MesosTask> all() {
        return List.copyOf(byName.values());
    }

    /** The TaskInfo a MesosTask was launched with (parsed once per object). */
    public TaskInfo taskInfo(MesosTask task) {
        String uid = task.getMetadata().getUid();
        if (uid == null) {
            return parseTaskInfo(task);
        }
        return taskInfos.computeIfAbsent(uid, ignored -> parseTaskInfo(task));
    }

    public Resources resources(MesosTask task) {
        return TaskResources.of(taskInfo(task));
    }

    /** The default executor of the task's group (parsed once per object); empty for a lone task. */
    public Optional<ExecutorInfo> executorInfo(MesosTask task) {
        if (task.getSpec().getExecutorInfo() == null) {
            return Optional.empty();
        }
        String uid = task.getMetadata().getUid();
        return Optional.of(uid == null ? parseExecutorInfo(task)
                : executorInfos.computeIfAbsent(uid, ignored -> parseExecutorInfo(task)));
    }

    /**
     * What a task group's executor holds on its agent, counted once per group: with the group's first task that
     * is still in the store (the executor lives until the last of its tasks is gone), empty for the others.
     */
    public Resources executorResources(MesosTask task) {
        Optional<ExecutorInfo> executor = executorInfo(task);
        if (executor.isPresent() && isCustomExecutorTask(task)) {
            // a custom executor's tasks may come in several launches: counted with the first of them by name
            String executorId = executorIdOf(task);
            boolean first = ofExecutor(task.getSpec().getFrameworkId(), executorId).stream()
                    .map(other -> other.getMetadata().getName())
                    .min(String::compareTo)
                    .map(name -> name.equals(task.getMetadata().getName()))
                    .orElse(false);
            return first ? TaskResources.normalized(executor.get().getResourcesList()) : Resources.empty();
        }
        List<String> group = task.getSpec().getGroupTaskIds();
        if (executor.isEmpty() || group == null) {
            return Resources.empty();
        }
        for (String taskId : group) {
            Optional<MesosTask> member = find(task.getSpec().getFrameworkId(), taskId);
            if (member.isPresent()) {
                return member.get().getMetadata().getName().equals(task.getMetadata().getName())
                        ? TaskResources.normalized(executor.get().getResourcesList()) : Resources.empty();
            }
        }
        return Resources.empty();
    }

    /**
     * Whether the task runs in a custom executor (a LAUNCH's TaskInfo.executor, or a LAUNCH_GROUP's executor of type
     * CUSTOM): its states then come only from that executor.
     */
    public static boolean isCustomExecutorTask(MesosTask task) {
        var executor = task.getSpec().getExecutorInfo();
        return executor != null && !"DEFAULT".equals(executor.path("type").asText(null));
    }

    /** The tasks of one executor of a framework. */
    public List<MesosTask> ofExecutor(String frameworkId, String executorId) {
        return ofFramework(frameworkId).stream().filter(task -> executorId.equals(executorIdOf(task))).toList();
    }

    /** The id of the task group's executor, null for a lone task. */
    public static String executorIdOf(MesosTask task) {
        var executor = task.getSpec().getExecutorInfo();
        return executor == null ? null : executor.path("executor_id").path("value").asText(null);
    }

    /** The Pod the task runs in: its group's, or for a lone task the one named as the MesosTask. */
    public static String podNameOf(MesosTask task) {
        return task.getSpec().getPodName() != null ? task.getSpec().getPodName() : task.getMetadata().getName();
    }

    /** The task's container in its Pod, null for a lone task (whose Pod has only one). */
    public static String containerNameOf(MesosTask task) {
        return task.getSpec().getContainerName();
    }

    /** The latest state recorded for a task (TASK_STAGING before any update). */
    public static TaskState stateOf(MesosTask task) {
        String state = task.getStatus() == null ? null : task.getStatus().getState();
        return state == null ? TaskState.TASK_STAGING : TaskState.valueOf(state);
    }

    private static ExecutorInfo parseExecutorInfo(MesosTask task) {
        try {
            return MesosJson.parse(JSON.writeValueAsString(task.getSpec().getExecutorInfo()), ExecutorInfo.newBuilder())
                    .build();
        } catch (JsonProcessingException | MesosJsonException | RuntimeException e) {
            throw new IllegalStateException("MesosTask " + task.getMetadata().getName()
                    + " holds no valid ExecutorInfo", e);
        }
    }

    private static TaskInfo parseTaskInfo(MesosTask task) {
        try {
            return MesosJson.parse(JSON.writeValueAsString(task.getSpec().getTaskInfo()), TaskInfo.newBuilder())
                    .build();
        } catch (JsonProcessingException | MesosJsonException | RuntimeException e) {
            throw new IllegalStateException("MesosTask " + task.getMetadata().getName() + " holds no valid TaskInfo",
                    e);
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Creates the MesosTask in the namespace its metadata names; a 409 (it exists) and any other refusal come back
     * as KubernetesClientException.
     */
    public MesosTask create(MesosTask task) {
        MesosTask created = client.resources(MesosTask.class).inNamespace(task.getMetadata().getNamespace())
                .resource(task).create();
        observed(created);
        return created;
    }

    /** A change to a task's status; returns false when there is nothing to write. */
    @FunctionalInterface
    public interface StatusChange {
        boolean apply(MesosTaskStatus status);
    }

    /**
     * Changes the status of the task in one write: the change is made to the newest version this store holds and
     * written with that version's resource version, so no read precedes the write; when someone wrote the task
     * meanwhile (409), the current version is read and the change made again on it. A change that has nothing to
     * write writes nothing and returns the version it was made on.
     */
    public MesosTask editStatus(MesosTask task, StatusChange change) {
        String name = task.getMetadata().getName();
        MesosTask base = newest(task, byName.get(name));
        for (int attempt = 1; ; attempt++) {
            Set<String> acknowledged = unwrittenAcknowledgements(name);
            MesosTask edited = withStatusCopy(base);
            edited.getStatus().getPendingUpdates().removeIf(update -> acknowledged.contains(update.getUuid()));
            if (!change.apply(edited.getStatus())) {
                return base;
            }
            try {
                MesosTask written = client.resources(MesosTask.class).inNamespace(task.getMetadata().getNamespace())
                        .resource(edited).updateStatus();
                synchronized (lock) {
                    acknowledgedNotWritten.computeIfPresent(name, (ignored, uuids) -> {
                        uuids.removeAll(acknowledged);
                        return uuids.isEmpty() ? null : uuids;
                    });
                }
                observed(written);
                return written;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= STATUS_CONFLICT_ATTEMPTS) {
                    throw e;
                }
                MesosTask current = client.resources(MesosTask.class).inNamespace(task.getMetadata().getNamespace())
                        .withName(name).get();
                if (current == null) {
                    throw e;
                }
                observed(current);
                base = current;
            }
        }
    }

    /**
     * Takes the acknowledged head update off the task's pending updates in the model only: it is written with the
     * task's next status write, or never when the task is deleted first. A restart before that resends the update
     * (at least once); none is lost, since only acknowledged updates wait here.
     */
    public MesosTask acknowledge(MesosTask task, String uuid) {
        synchronized (lock) {
            String name = task.getMetadata().getName();
            MesosTask current = byName.get(name);
            if (current == null || current.getStatus() == null || current.getStatus().getPendingUpdates().isEmpty()
                    || !uuid.equals(current.getStatus().getPendingUpdates().get(0).getUuid())) {
                return current;
            }
            acknowledgedNotWritten.computeIfAbsent(name, ignored -> new HashSet<>()).add(uuid);
            MesosTask acknowledged = withStatusCopy(current);
            acknowledged.getStatus().getPendingUpdates().remove(0);
            byName.put(name, acknowledged);
            notifyListeners(current, acknowledged);
            return acknowledged;
        }
    }

    private Set<String> unwrittenAcknowledgements(String name) {
        synchronized (lock) {
            Set<String> uuids = acknowledgedNotWritten.get(name);
            return uuids == null ? Set.of() : Set.copyOf(uuids);
        }
    }

    /** The task with a status of its own (lists copied, updates shared: they are never changed once made). */
    private static MesosTask withStatusCopy(MesosTask task) {
        MesosTask copy = new MesosTask();
        copy.setMetadata(new ObjectMetaBuilder(task.getMetadata()).build());
        copy.setSpec(task.getSpec());
        MesosTaskStatus status = new MesosTaskStatus();
        MesosTaskStatus original = task.getStatus();
        if (original != null) {
            status.setState(original.getState());
            status.setPodName(original.getPodName());
            status.setReason(original.getReason());
            status.setMessage(original.getMessage());
            status.setHistory(new ArrayList<>(original.getHistory()));
            status.setPendingUpdates(new ArrayList<>(original.getPendingUpdates()));
        }
        copy.setStatus(status);
        return copy;
    }

    private static MesosTask newest(MesosTask given, MesosTask held) {
        return held == null || !sameObject(held, given) || isNewer(given, held) ? given : held;
    }

    /**
     * Marks the task for killing; the reconciler then deletes its Pod with the grace period ({@code null} keeps the
     * task's kill policy). A merge patch of the spec alone, so it never conflicts with status writes.
     */
    public MesosTask requestKill(MesosTask task, Long gracePeriodSeconds) {
        String patch = "{\"spec\":{\"killRequested\":true"
                + (gracePeriodSeconds == null ? "" : ",\"killGracePeriodSeconds\":" + gracePeriodSeconds) + "}}";
        MesosTask patched = client.resources(MesosTask.class).inNamespace(task.getMetadata().getNamespace())
                .withName(task.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        observed(patched);
        return patched;
    }

    /** Deletes the task (its Pod follows by garbage collection); from now on it is gone for every reader. */
    public void delete(MesosTask task) {
        client.resources(MesosTask.class).inNamespace(task.getMetadata().getNamespace())
                .withName(task.getMetadata().getName()).delete();
        synchronized (lock) {
            if (task.getMetadata().getUid() != null) {
                deletedUids.put(task.getMetadata().getUid(), Boolean.TRUE);
            }
            MesosTask current = byName.get(task.getMetadata().getName());
            if (current != null && sameObject(current, task)) {
                remove(current);
            }
        }
    }

    // ---------------------------------------------------------------- the model

    void observed(MesosTask candidate) {
        if (candidate == null || candidate.getMetadata() == null) {
            return;
        }
        synchronized (lock) {
            if (candidate.getMetadata().getUid() != null && deletedUids.containsKey(candidate.getMetadata().getUid())) {
                return;
            }
            MesosTask current = byName.get(candidate.getMetadata().getName());
            if (current != null && !isNewer(candidate, current)) {
                return;
            }
            if (current != null) {
                unindex(current);
            }
            InformerStores.dropManagedFields(candidate);
            MesosTask held = withoutAcknowledged(candidate);
            byName.put(held.getMetadata().getName(), held);
            index(held);
            notifyListeners(current, held);
        }
    }

    void observedDeletion(MesosTask task) {
        synchronized (lock) {
            if (task.getMetadata().getUid() != null) {
                deletedUids.remove(task.getMetadata().getUid());
            }
            MesosTask current = byName.get(task.getMetadata().getName());
            if (current != null && sameObject(current, task)) {
                remove(current);
            }
        }
    }

    /** A version read from the API server as this master knows it: without the updates already acknowledged. */
    private MesosTask withoutAcknowledged(MesosTask candidate) {
        Set<String> acknowledged = acknowledgedNotWritten.get(candidate.getMetadata().getName());
        if (acknowledged == null || candidate.getStatus() == null
                || candidate.getStatus().getPendingUpdates().stream().noneMatch(u -> acknowledged.contains(u.getUuid()))) {
            return candidate;
        }
        MesosTask held = withStatusCopy(candidate);
        held.getStatus().getPendingUpdates().removeIf(update -> acknowledged.contains(update.getUuid()));
        return held;
    }

    private void remove(MesosTask current) {
        byName.remove(current.getMetadata().getName());
        acknowledgedNotWritten.remove(current.getMetadata().getName());
        unindex(current);
        if (current.getMetadata().getUid() != null) {
            taskInfos.remove(current.getMetadata().getUid());
            executorInfos.remove(current.getMetadata().getUid());
        }
        notifyListeners(current, null);
    }

    private void notifyListeners(MesosTask before, MesosTask after) {
        for (TaskChangeListener listener : listeners) {
            try {
                listener.taskChanged(before, after);
            } catch (RuntimeException e) {
                LOG.warn("MesosTask listener failed", e);
            }
        }
    }

    /** Resource versions are etcd revisions, which only grow; an unreadable one counts as newer. */
    static boolean isNewer(MesosTask candidate, MesosTask current) {
        try {
            return Long.parseLong(candidate.getMetadata().getResourceVersion())
                    > Long.parseLong(current.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException notComparable) {
            return !sameVersion(candidate, current);
        }
    }

    private static boolean sameVersion(MesosTask a, MesosTask b) {
        return sameObject(a, b) && java.util.Objects.equals(a.getMetadata().getResourceVersion(),
                b.getMetadata().getResourceVersion());
    }

    private static boolean sameObject(MesosTask a, MesosTask b) {
        return java.util.Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
    }

    private void index(MesosTask task) {
        String name = task.getMetadata().getName();
        if (task.getSpec() == null) {
            return;
        }
        if (task.getSpec().getFrameworkId() != null) {
            byFramework.computeIfAbsent(task.getSpec().getFrameworkId(), id -> ConcurrentHashMap.newKeySet())
                    .add(name);
        }
        if (task.getSpec().getNodeName() != null) {
            byNode.computeIfAbsent(task.getSpec().getNodeName(), node -> ConcurrentHashMap.newKeySet()).add(name);
        }
    }

    private void unindex(MesosTask task) {
        String name = task.getMetadata().getName();
        if (task.getSpec() == null) {
            return;
        }
        if (task.getSpec().getFrameworkId() != null) {
            byFramework.computeIfPresent(task.getSpec().getFrameworkId(), (id, names) -> {
                names.remove(name);
                return names.isEmpty() ? null : names;
            });
        }
        if (task.getSpec().getNodeName() != null) {
            byNode.computeIfPresent(task.getSpec().getNodeName(), (node, names) -> {
                names.remove(name);
                return names.isEmpty() ? null : names;
            });
        }
    }

    private List<MesosTask> resolve(Set<String> names) {
        if (names == null) {
            return List.of();
        }
        List<MesosTask> tasks = new ArrayList<>(names.size());
        for (String name : names) {
            MesosTask task = byName.get(name);
            if (task != null) {
                tasks.add(task);
            }
        }
        return tasks;
    }
}

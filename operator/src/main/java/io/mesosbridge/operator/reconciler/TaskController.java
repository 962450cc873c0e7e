package io.mesosbridge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The reconciler's work queue, fed by the task store's and the cluster's listeners (one informer per kind, shared
 * with the rest of the master): a change to a MesosTask or to its Pod queues the task's name; a task is never
 * reconciled by two threads at once, and changes that arrive meanwhile fold into one more run. A run that fails is
 * retried with backoff, from 1 s doubling up to a minute, until it succeeds or the task is gone.
 */
@ApplicationScoped
public class TaskController {

    private static final Logger LOG = Logger.getLogger(TaskController.class);
    static final int WORKERS = 16;
    static final long MAX_RETRY_MILLIS = 60_000;

    private final MesosTaskReconciler reconciler;
    private final MesosTaskStore store;
    private final ClusterView cluster;
    private final TaskNamespaces namespaces;
    private final BridgeThreads threads;
    private final Set<String> queued = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private final Set<String> changedWhileRunning = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private volatile ExecutorService workers;
    private volatile ScheduledExecutorService retries;

    public TaskController(MesosTaskReconciler reconciler, MesosTaskStore store, ClusterView cluster,
                          TaskNamespaces namespaces, BridgeThreads threads) {
        this.reconciler = reconciler;
        this.store = store;
        this.cluster = cluster;
        this.namespaces = namespaces;
        this.threads = threads;
    }

    /** Starts reconciling: every task there is now, then every one that changes. */
    public void start() {
        workers = threads.pool("task-reconciler", WORKERS);
        retries = threads.scheduled("task-reconciler-retries");
        store.addListener((before, after) -> {
            if (after != null) {
                enqueue(after.getMetadata().getName());
            }
        });
        cluster.addListener(new ClusterView.Listener() {
            @Override
            public void podChanged(Pod before, Pod after) {
                Pod pod = after != null ? after : before;
                if (isTaskPod(pod)) {
                    ownersOf(pod).forEach(TaskController.this::enqueue);
                }
            }
        });
        for (MesosTask task : store.all()) {
            enqueue(task.getMetadata().getName());
        }
    }

    private boolean isTaskPod(Pod pod) {
        return namespaces.holds(pod.getMetadata()) && pod.getMetadata().getLabels() != null
                && KubernetesKeys.MANAGED_BY_BRIDGE.equals(pod.getMetadata().getLabels()
                        .get(KubernetesKeys.MANAGED_BY_LABEL));
    }

    /** The MesosTasks a Pod runs: its one owner, every task of a task group, or every task of a custom executor. */
    private List<String> ownersOf(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(TaskPods.EXECUTOR_INFO_ANNOTATION)) {
            return store.ofExecutor(annotations.get(KubernetesKeys.FRAMEWORK_ID_ANNOTATION),
                    annotations.get(KubernetesKeys.EXECUTOR_ID_ANNOTATION)).stream()
                    .map(task -> task.getMetadata().getName()).toList();
        }
        List<String> owners = pod.getMetadata().getOwnerReferences() == null ? List.of()
                : pod.getMetadata().getOwnerReferences().stream()
                        .filter(owner -> TaskPods.OWNER_KIND.equals(owner.getKind()))
                        .map(owner -> owner.getName())
                        .toList();
        return owners.isEmpty() ? List.of(pod.getMetadata().getName()) : owners;
    }

    void enqueue(String taskName) {
        ExecutorService pool = workers;
        if (pool == null) {
            return;
        }
        synchronized (this) {
            if (running.contains(taskName)) {
                changedWhileRunning.add(taskName);
                return;
            }
            if (!queued.add(taskName)) {
                return;
            }
        }
        pool.execute(() -> run(taskName));
    }

    private void run(String taskName) {
        synchronized (this) {
            queued.remove(taskName);
            running.add(taskName);
        }
        try {
            reconciler.reconcile(taskName);
            synchronized (this) {
                failures.remove(taskName);
            }
        } catch (RuntimeException e) {
            int attempt;
            synchronized (this) {
                attempt = failures.merge(taskName, 1, Integer::sum);
            }
            long delay = Math.min(MAX_RETRY_MILLIS, 1000L << Math.min(attempt - 1, 16));
            LOG.warnf(e, "reconciling task %s failed (attempt %d); retrying in %d ms", taskName, attempt, delay);
            retries.schedule(() -> enqueue(taskName), delay, TimeUnit.MILLISECONDS);
        } finally {
            boolean again;
            synchronized (this) {
                running.remove(taskName);
                again = changedWhileRunning.remove(taskName);
            }
            if (again) {
                enqueue(taskName);
            }
        }
    }
}

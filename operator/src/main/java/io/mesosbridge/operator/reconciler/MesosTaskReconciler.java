package io.mesosbridge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.executors.Executors;
import io.mesosbridge.operator.pods.ExecutorPodStates;
import io.mesosbridge.operator.pods.ExecutorPodTarget;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.PodStates;
import io.mesosbridge.operator.pods.TaskGroupPodTarget;
import io.mesosbridge.operator.pods.TaskPodTarget;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.pods.TaskUsers;
import io.mesosbridge.operator.pods.UnsupportedTaskException;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each MesosTask's one Pod: creates it on the task's node, deletes it when the task is killed, and turns
 * what the Pod reports into Mesos states, recorded and sent through {@link StatusUpdates}. The tasks of a task group
 * share one Pod, each read off its own container, and end together as with Mesos's default executor. Read,
 * compute, patch; {@link TaskController} runs it once per task at a time.
 */
@ApplicationScoped
public class MesosTaskReconciler {

    private static final Logger LOG = Logger.getLogger(MesosTaskReconciler.class);

    private final KubernetesClient client;
    private final PodSettings podSettings;
    private final MesosTaskStore store;
    private final ClusterView cluster;
    private final StatusUpdates updates;
    private final FrameworkRegistry frameworks;
    private final TaskEvents events;
    private final Executors executors;
    private final int agentPort;
    private final VolumeSources volumeSources;
    private final TaskNamespaces namespaces;
    /**
     * The Pods this master made whose names no state recorded yet: one of them missing is gone, not to be made
     * again. A restart forgets them; a lone task's Pod then made again finds it there (409, its name is the task's).
     */
    private final Set<String> createdPods = ConcurrentHashMap.newKeySet();

    public MesosTaskReconciler(KubernetesClient client, PodSettings podSettings, MesosTaskStore store,
                               ClusterView cluster, StatusUpdates updates, FrameworkRegistry frameworks,
                               TaskEvents events, Executors executors, BridgeConfig config,
                               VolumeSources volumeSources, TaskNamespaces namespaces) {
        this.client = client;
        this.podSettings = podSettings;
        this.store = store;
        this.cluster = cluster;
        this.updates = updates;
        this.frameworks = frameworks;
        this.events = events;
        this.executors = executors;
        this.agentPort = config.agentPort();
        this.volumeSources = volumeSources;
        this.namespaces = namespaces;
    }

    public void reconcile(String taskName) {
        Optional<MesosTask> found = store.byName(taskName);
        if (found.isEmpty() || TaskStates.isTerminal(MesosTaskStore.stateOf(found.get()))) {
            createdPods.remove(taskName);
            return;
        }
        MesosTask task = found.get();
        TaskState recorded = MesosTaskStore.stateOf(task);
        boolean killRequested = Boolean.TRUE.equals(task.getSpec().getKillRequested());
        boolean inGroup = task.getSpec().getExecutorInfo() != null;
        String namespace = task.getMetadata().getNamespace();
        String podName = MesosTaskStore.podNameOf(task);
        String containerName = inGroup ? MesosTaskStore.containerNameOf(task) : TaskPods.CONTAINER_NAME;
        boolean podRecorded = task.getStatus() != null && task.getStatus().getPodName() != null;
        boolean podCreated = podRecorded || createdPods.contains(podName);
        Optional<Pod> pod = Optional.ofNullable(cluster.pod(namespace, podName))
                .or(() -> podCreated ? fetchPod(namespace, podName) : Optional.empty());
        if (MesosTaskStore.isCustomExecutorTask(task)) {
            reconcileInExecutor(task, pod, podRecorded, killRequested);
            return;
        }

        if (pod.isEmpty() && !podCreated && !killRequested) {
            if (inGroup) {
                createGroupPod(task);
            } else {
                createPod(task);
            }
            return;
        }
        if (inGroup && pod.isPresent() && !podRecorded) {
            // a task group's Pod, made in the run of another task of the group
            task = updates.recordPod(task, podName);
        }
        if (killRequested) {
            if (inGroup) {
                killRestOfGroup(task, pod.orElse(null));
            }
            if (pod.isPresent() && pod.get().getMetadata().getDeletionTimestamp() == null) {
                deletePod(task, inGroup, pod.get());
            }
        }
        ObservedTaskState observed = PodStates.observe(pod.orElse(null), podCreated && pod.isEmpty(), killRequested,
                containerName);
        if (observed.state() == recorded || observed.state() == TaskState.TASK_STAGING
                || !shouldTell(task, observed.state())) {
            return;
        }
        if (inGroup && PodStates.endsGroup(observed.state())) {
            // before this task's end is recorded, so that a retry after a failure here still does it
            killRestOfGroup(task, pod.orElse(null));
        }
        // the Pod's name is recorded with the first state it tells: until then the Pod itself proves it was made
        String unrecordedPod = pod.isPresent() && !podRecorded && !inGroup ? podName : null;
        updates.record(task, unrecordedPod, passedThrough(recorded, observed, pod, containerName))
                .ifPresent(told -> {
                    events.transitions(told.task(), told.states());
                    if (unrecordedPod != null) {
                        createdPods.remove(podName);
                    }
                });
    }

    /**
     * The states a Mesos executor would have told on the way to the one observed, in order, ending with it: a
     * command executor tells TASK_STARTING, then TASK_RUNNING once the command started, however short-lived; a Pod
     * that came and went between two informer events shows only its end, so what it passed through comes first.
     */
    private static List<ObservedTaskState> passedThrough(TaskState recorded, ObservedTaskState observed,
                                                         Optional<Pod> pod, String containerName) {
        boolean ran = observed.state() == TaskState.TASK_RUNNING
                || (TaskStates.isTerminal(observed.state()) && observed.exitCode() != null
                        && PodStates.ranAndTerminated(pod.orElse(null), containerName));
        List<ObservedTaskState> states = new ArrayList<>();
        if (ran && recorded == TaskState.TASK_STAGING) {
            states.add(new ObservedTaskState(TaskState.TASK_STARTING, null, TaskStatus.Source.SOURCE_EXECUTOR, null,
                    null, null, observed.podIp()));
        }
        if (ran && observed.state() != TaskState.TASK_RUNNING
                && recorded != TaskState.TASK_RUNNING && recorded != TaskState.TASK_KILLING) {
            states.add(new ObservedTaskState(TaskState.TASK_RUNNING, null, TaskStatus.Source.SOURCE_EXECUTOR, null,
                    null, null, observed.podIp()));
        }
        states.add(observed);
        return states;
    }

    /**
     * A task of a custom executor: its executor's Pod is made if there is none, the task goes to the executor once
     * that has subscribed, a kill is the executor's to carry out; the task's states are the executor's updates. Only
     * the executor's end is read off the Pod: its unfinished tasks fail, as an agent fails them.
     */
    private void reconcileInExecutor(MesosTask task, Optional<Pod> pod, boolean podCreated, boolean killRequested) {
        if (pod.isEmpty() && !podCreated) {
            if (killRequested) {
                record(task, PodStates.observe(null, false, true, TaskPods.EXECUTOR_CONTAINER_NAME));
            } else {
                createExecutorPod(task);
            }
            return;
        }
        MesosTask current = task;
        if (pod.isPresent() && !podCreated) {
            current = updates.recordPod(task, MesosTaskStore.podNameOf(task));
        }
        if (pod.isEmpty() || ExecutorPodStates.hasEnded(pod.get())) {
            record(current, ExecutorPodStates.executorTerminated(pod.orElse(null)));
            return;
        }
        if (killRequested) {
            if (!executors.kill(current) && MesosTaskStore.stateOf(current) == TaskState.TASK_STAGING) {
                // as an agent kills a task still queued for an executor that has not registered
                record(current, new ObservedTaskState(TaskState.TASK_KILLED,
                        TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH, TaskStatus.Source.SOURCE_AGENT,
                        "Killed before delivery to the executor", null, null, null));
            }
        } else {
            executors.launch(current);
        }
    }

    /**
     * Creates the Pod of the task's custom executor (its tasks arrive one launch after another, and the first one's
     * run makes it; a 409 means another task's run made it). One the API server or the settings refuse fails the
     * task with REASON_CONTAINER_LAUNCH_FAILED.
     */
    private void createExecutorPod(MesosTask task) {
        MesosTask recorded = updates.recordPod(task, MesosTaskStore.podNameOf(task));
        List<io.mesosbridge.mesos.v1.Protos.TaskInfo> tasks = task.getSpec().getGroupTaskIds() == null
                ? List.of(store.taskInfo(task))
                : task.getSpec().getGroupTaskIds().stream()
                        .map(taskId -> store.find(task.getSpec().getFrameworkId(), taskId))
                        .flatMap(Optional::stream).map(store::taskInfo).toList();
        Pod pod;
        try {
            pod = TaskPods.executorPodFor(store.executorInfo(task).orElseThrow(), tasks,
                    new ExecutorPodTarget(task.getSpec().getFrameworkId(), task.getSpec().getNodeName(),
                            task.getSpec().getAgentId(), task.getMetadata().getNamespace(),
                            MesosTaskStore.podNameOf(task), userOf(task), agentPort,
                            executors.agentEndpoint(task.getSpec().getNodeName()).orElse(null)),
                    podSettings);
        } catch (UnsupportedTaskException e) {
            LOG.infof("the executor Pod of task %s cannot be made: %s", task.getSpec().getTaskId(), e.getMessage());
            record(recorded, PodStates.podRefused(e.getMessage()));
            return;
        }
        submit(recorded, pod);
    }

    private void record(MesosTask task, ObservedTaskState observed) {
        updates.record(task, observed).ifPresent(persisted -> events.transitions(persisted, List.of(observed)));
    }

    /**
     * The default executor's policy: when one task of a group fails or is killed, the others are killed. Each of
     * them is marked for killing (and then deletes the Pod in its own run); a task whose container has already
     * terminated tells its own end instead.
     */
    private void killRestOfGroup(MesosTask task, Pod pod) {
        for (String taskId : task.getSpec().getGroupTaskIds()) {
            if (taskId.equals(task.getSpec().getTaskId())) {
                continue;
            }
            Optional<MesosTask> other = store.find(task.getSpec().getFrameworkId(), taskId);
            if (other.isEmpty() || TaskStates.isTerminal(MesosTaskStore.stateOf(other.get()))
                    || Boolean.TRUE.equals(other.get().getSpec().getKillRequested())
                    || PodStates.hasTerminated(pod, MesosTaskStore.containerNameOf(other.get()))) {
                continue;
            }
            LOG.infof("killing task %s of the group of task %s", taskId, task.getSpec().getTaskId());
            store.requestKill(other.get(), null);
        }
    }

    /**
     * Deletes the task's Pod: with the KILL's grace period if it named one, else a lone task's kill policy; a
     * group's Pod already has the longest grace period of its tasks.
     */
    private void deletePod(MesosTask task, boolean inGroup, Pod pod) {
        Long grace = task.getSpec().getKillGracePeriodSeconds() != null ? task.getSpec().getKillGracePeriodSeconds()
                : inGroup ? null : TaskPods.gracePeriodSeconds(store.taskInfo(task).getKillPolicy());
        var resource = client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName());
        if (grace == null) {
            resource.delete();
        } else {
            resource.withGracePeriod(grace).delete();
        }
    }

    /**
     * Creates the task's Pod. One the API server refuses for good (a quota, an admission webhook, validation) is the
     * task's TASK_FAILED with REASON_CONTAINER_LAUNCH_FAILED and the server's message; other failures are retried.
     */
    private void createPod(MesosTask task) {
        Pod pod;
        try {
            pod = TaskPods.podFor(store.taskInfo(task),
                    new TaskPodTarget(task.getSpec().getFrameworkId(), task.getSpec().getNodeName(),
                            task.getMetadata().getNamespace(), task.getMetadata().getName(),
                            task.getMetadata().getUid(), userOf(task)),
                    podSettings);
        } catch (UnsupportedTaskException e) {
            // the settings changed since the launch was checked (say, a stricter Pod Security level)
            LOG.infof("the Pod of task %s cannot be made: %s", task.getSpec().getTaskId(), e.getMessage());
            record(task, PodStates.podRefused(e.getMessage()));
            return;
        }
        createdPods.add(pod.getMetadata().getName());
        try {
            submit(task, pod);
        } catch (RuntimeException e) {
            createdPods.remove(pod.getMetadata().getName());
            throw e;
        }
    }

    /**
     * Creates the Pod of the task's group once every task of the group is stored (the launcher stores them one by
     * one; the last one's arrival runs this again). Any task of the group may make it; the others find it made.
     */
    private void createGroupPod(MesosTask task) {
        List<MesosTask> members = new ArrayList<>();
        for (String taskId : task.getSpec().getGroupTaskIds()) {
            Optional<MesosTask> member = store.find(task.getSpec().getFrameworkId(), taskId);
            if (member.isEmpty()) {
                return;
            }
            members.add(member.get());
        }
        MesosTask recorded = updates.recordPod(task, MesosTaskStore.podNameOf(task));
        Pod pod;
        try {
            pod = TaskPods.groupPodFor(store.executorInfo(task).orElseThrow(),
                    members.stream().map(store::taskInfo).toList(),
                    new TaskGroupPodTarget(task.getSpec().getFrameworkId(), task.getSpec().getNodeName(),
                            task.getMetadata().getNamespace(), MesosTaskStore.podNameOf(task),
                            members.stream().map(member -> new TaskGroupPodTarget.Owner(
                                    member.getMetadata().getName(), member.getMetadata().getUid())).toList(),
                            userOf(task)),
                    podSettings);
        } catch (UnsupportedTaskException e) {
            LOG.infof("the Pod of the group of task %s cannot be made: %s", task.getSpec().getTaskId(),
                    e.getMessage());
            record(recorded, PodStates.podRefused(e.getMessage()));
            return;
        }
        submit(recorded, pod);
    }

    private void submit(MesosTask task, Pod pod) {
        Optional<String> missing = volumeSources.missing(pod);
        if (missing.isPresent()) {
            LOG.infof("the Pod of task %s cannot start: %s", task.getSpec().getTaskId(), missing.get());
            record(task, PodStates.podRefused(missing.get()));
            return;
        }
        pod.getMetadata().getLabels().putAll(namespaces.bridgeLabel());
        try {
            client.pods().inNamespace(task.getMetadata().getNamespace()).resource(pod).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return;
            }
            if (e.getCode() < 400 || e.getCode() >= 500) {
                throw e;
            }
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            LOG.infof("the API server refused the Pod of task %s (%d): %s", task.getSpec().getTaskId(),
                    e.getCode(), message);
            record(task, PodStates.podRefused(message));
        }
    }

    /**
     * The Mesos user recorded at launch; a MesosTask from before users were recorded runs as its framework's user,
     * as it would have been launched.
     */
    private String userOf(MesosTask task) {
        Map<String, String> annotations = task.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(KubernetesKeys.TASK_USER_ANNOTATION)) {
            return annotations.get(KubernetesKeys.TASK_USER_ANNOTATION);
        }
        FrameworkInfo framework = frameworks.get(task.getSpec().getFrameworkId()).map(f -> f.info())
                .orElse(FrameworkInfo.getDefaultInstance());
        return TaskUsers.effectiveUser(framework, store.taskInfo(task));
    }

    /** The informer may not have seen a Pod created a moment ago: ask the API server before calling it gone. */
    private Optional<Pod> fetchPod(String namespace, String podName) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(podName).get());
    }

    /** TASK_KILLING goes only to frameworks that declared TASK_KILLING_STATE, as Mesos does. */
    private boolean shouldTell(MesosTask task, TaskState state) {
        if (state != TaskState.TASK_KILLING) {
            return true;
        }
        return frameworks.get(task.getSpec().getFrameworkId())
                .map(f -> f.hasCapability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
                .orElse(false);
    }
}

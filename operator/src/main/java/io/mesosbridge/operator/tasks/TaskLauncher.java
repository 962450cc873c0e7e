package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskSpec;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.AuthorizationUnavailableException;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.pods.ExecutorPodTarget;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.TaskGroupPodTarget;
import io.mesosbridge.operator.pods.TaskPodTarget;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.pods.TaskUsers;
import io.mesosbridge.operator.pods.UnsupportedTaskException;
import io.mesosbridge.operator.reservations.Reservations;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * The operations of an ACCEPT, in order: RESERVE, UNRESERVE, CREATE and DESTROY go to {@link Reservations} (later
 * tasks may use what they reserved or made); the LAUNCH operations are done here. Each task has an outcome of its
 * own, whatever happens to the others: checked as a Mesos master checks it and translated to its Pod once (TASK_ERROR, before anything is created, when either
 * fails), then created as a MesosTask in the namespace of the offer's role (TASK_ERROR when the role has none, or it
 * cannot be made ready), which the reconciler turns into the Pod. A task the API server refuses gets
 * TASK_ERROR with the server's message; one it cannot store for another reason TASK_DROPPED, as Mesos reports a
 * launch that failed for a passing reason. A LAUNCH_GROUP is one outcome for all its tasks: refused as a whole, or
 * created as one MesosTask per task, all pointing at the group's one Pod.
 */
@ApplicationScoped
public class TaskLauncher {

    private static final Logger LOG = Logger.getLogger(TaskLauncher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int CONCURRENT_CREATES = 16;

    private final MesosTaskStore store;
    private final TaskNamespaces namespaces;
    private final PodSettings podSettings;
    private final StatusUpdates updates;
    private final MasterCounters counters;
    private final Authorizer authorizer;
    private final BiFunction<String, String, Optional<RunningExecutor>> runningExecutors;
    private final int agentPort;
    private final Reservations reservations;
    /** Where the MesosTasks of one LAUNCH are created, side by side: each is one API request, none waits on another. */
    private final Executor creates;

    @Inject
    public TaskLauncher(MesosTaskStore store, BridgeConfig config, TaskNamespaces namespaces, PodSettings podSettings,
                        StatusUpdates updates, MasterCounters counters, Authorizer authorizer,
                        RunningExecutors runningExecutors, Reservations reservations, BridgeThreads threads) {
        this(store, namespaces, podSettings, updates, counters, authorizer, runningExecutors::find,
                config.agentPort(), reservations, threads.pool("task-creates", CONCURRENT_CREATES));
    }

    TaskLauncher(MesosTaskStore store, TaskNamespaces namespaces, PodSettings podSettings, StatusUpdates updates,
                 MasterCounters counters, Authorizer authorizer,
                 BiFunction<String, String, Optional<RunningExecutor>> runningExecutors, int agentPort,
                 Reservations reservations) {
        this(store, namespaces, podSettings, updates, counters, authorizer, runningExecutors, agentPort,
                reservations, Runnable::run);
    }

    TaskLauncher(MesosTaskStore store, TaskNamespaces namespaces, PodSettings podSettings, StatusUpdates updates,
                 MasterCounters counters, Authorizer authorizer,
                 BiFunction<String, String, Optional<RunningExecutor>> runningExecutors, int agentPort,
                 Reservations reservations, Executor creates) {
        this.creates = creates;
        this.store = store;
        this.namespaces = namespaces;
        this.podSettings = podSettings;
        this.updates = updates;
        this.counters = counters;
        this.authorizer = authorizer;
        this.runningExecutors = runningExecutors;
        this.agentPort = agentPort;
        this.reservations = reservations;
    }

    /** Launches what the operations ask for out of the taken offers; returns the resources left unused. */
    public Resources launch(Framework framework, List<Offer> taken, List<Operation> operations) {
        Offer first = taken.get(0);
        Resources remaining = Resources.empty();
        for (Offer offer : taken) {
            remaining = remaining.add(offer.resources());
        }
        for (Operation operation : operations) {
            switch (operation.getType()) {
                case LAUNCH -> {
                    counters.increment(operation.getLaunch().getTaskInfosCount() > 0
                            ? "master/messages_launch_tasks" : "master/messages_decline_offers");
                    List<Checked> checked = new ArrayList<>();
                    for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                        if (task.hasExecutor()) {
                            // its executor's resources count once: after the tasks checked before it exist
                            remaining = createAll(framework, checked, remaining);
                            checked.clear();
                            remaining = launchSafely(framework, withExecutorFramework(task, framework), first,
                                    remaining);
                        } else {
                            remaining = checkSafely(framework, task, first, remaining, checked);
                        }
                    }
                    remaining = createAll(framework, checked, remaining);
                }
                case LAUNCH_GROUP -> remaining = launchGroupSafely(framework, operation.getLaunchGroup(), first,
                        remaining);
                case RESERVE, UNRESERVE, CREATE, DESTROY -> remaining = reservations.apply(framework, first, operation, remaining);
                default -> LOG.warnf("framework %s: ignoring unsupported offer operation %s", framework.id(),
                        operation.getType());
            }
        }
        return remaining;
    }

    /** The master fills in {@code ExecutorInfo.framework_id} of a LAUNCH's executor, as a Mesos master does. */
    private static TaskInfo withExecutorFramework(TaskInfo task, Framework framework) {
        if (!task.hasExecutor() || task.getExecutor().hasFrameworkId()) {
            return task;
        }
        TaskInfo.Builder filled = task.toBuilder();
        filled.getExecutorBuilder().getFrameworkIdBuilder().setValue(framework.id());
        return filled.build();
    }

    /** Every task of an ACCEPT whose offers were not valid: TASK_DROPPED (TASK_LOST if not partition-aware). */
    public void dropAll(Framework framework, List<Operation> operations, String message) {
        for (TaskInfo task : tasksOf(operations)) {
            rejectSafely(framework, task, TaskState.TASK_DROPPED, TaskStatus.Reason.REASON_INVALID_OFFERS, message);
        }
    }

    private static List<TaskInfo> tasksOf(List<Operation> operations) {
        return operations.stream().flatMap(operation -> switch (operation.getType()) {
            case LAUNCH -> operation.getLaunch().getTaskInfosList().stream();
            case LAUNCH_GROUP -> operation.getLaunchGroup().getTaskGroup().getTasksList().stream();
            default -> java.util.stream.Stream.<TaskInfo>empty();
        }).toList();
    }

    /** A command task checked and translated, to be created; what it uses goes back if it cannot be. */
    private record Checked(TaskInfo task, MesosTask resource, String namespace, Resources used) {
    }

    /**
     * Checks a command task against what is left of the offers as if the tasks checked before it were launched,
     * and adds it to {@code checked}; returns what is left then.
     */
    private Resources checkSafely(Framework framework, TaskInfo task, Offer offer, Resources remaining,
                                  List<Checked> checked) {
        try {
            if (checked.stream().anyMatch(other -> other.task().getTaskId().equals(task.getTaskId()))) {
                reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        "Task has duplicate ID: " + task.getTaskId().getValue());
                return remaining;
            }
            Optional<Checked> valid = check(framework, task, offer, remaining);
            if (valid.isEmpty()) {
                return remaining;
            }
            checked.add(valid.get());
            return remaining.subtract(valid.get().used());
        } catch (RuntimeException e) {
            LOG.errorf(e, "framework %s: launching task %s failed", framework.id(),
                    LogText.escape(task.getTaskId().getValue()));
            rejectSafely(framework, task, TaskState.TASK_DROPPED, null, "The master failed to launch the task");
            return remaining;
        }
    }

    /** Creates the checked tasks' MesosTasks side by side; what those that fail would have used is left again. */
    private Resources createAll(Framework framework, List<Checked> checked, Resources remaining) {
        List<CompletableFuture<Boolean>> created = checked.stream()
                .map(task -> CompletableFuture.supplyAsync(() -> createSafely(framework, task), creates))
                .toList();
        Resources left = remaining;
        for (int i = 0; i < checked.size(); i++) {
            if (!created.get(i).join()) {
                left = left.add(checked.get(i).used());
            }
        }
        return left;
    }

    private boolean createSafely(Framework framework, Checked task) {
        try {
            return create(framework, task.task(), task.resource(), task.namespace());
        } catch (RuntimeException e) {
            LOG.errorf(e, "framework %s: launching task %s failed", framework.id(),
                    LogText.escape(task.task().getTaskId().getValue()));
            rejectSafely(framework, task.task(), TaskState.TASK_DROPPED, null, "The master failed to launch the task");
            return false;
        }
    }

    /**
     * One task's launch; returns what is left of {@code remaining}. Whatever goes wrong is this task's outcome,
     * never the whole ACCEPT's: a task the checks themselves fail on is invalid (TASK_ERROR), a failure of the
     * master's own drops it (TASK_DROPPED), and a framework that cannot even be told loses only that update.
     */
    private Resources launchSafely(Framework framework, TaskInfo task, Offer offer, Resources remaining) {
        try {
            boolean startsItsExecutor = task.hasExecutor() && runningExecutors.apply(framework.id(),
                    task.getExecutor().getExecutorId().getValue()).isEmpty();
            if (!launchOne(framework, task, offer, remaining)) {
                return remaining;
            }
            // only a launched task's resources are known to be valid
            Resources used = TaskResources.of(task);
            if (startsItsExecutor) {
                used = used.add(TaskResources.normalized(task.getExecutor().getResourcesList()));
            }
            return remaining.subtract(used);
        } catch (RuntimeException e) {
            LOG.errorf(e, "framework %s: launching task %s failed", framework.id(),
                    LogText.escape(task.getTaskId().getValue()));
            rejectSafely(framework, task, TaskState.TASK_DROPPED, null, "The master failed to launch the task");
            return remaining;
        }
    }

    /**
     * A task group's launch, all or nothing, as the default executor gets it: refused as a whole (every task gets
     * the same TASK_ERROR) or stored as one MesosTask per task, which share one Pod; returns what is left of
     * {@code remaining}.
     */
    private Resources launchGroupSafely(Framework framework, Operation.LaunchGroup launch, Offer offer,
                                        Resources remaining) {
        List<TaskInfo> tasks = launch.getTaskGroup().getTasksList().stream()
                .map(task -> task.toBuilder().clearExecutor().build()).toList();
        try {
            return launchGroup(framework, launch.getExecutor(), launch.getTaskGroup().getTasksList(), tasks, offer,
                    remaining);
        } catch (RuntimeException e) {
            LOG.errorf(e, "framework %s: launching the task group of executor %s failed", framework.id(),
                    LogText.escape(launch.getExecutor().getExecutorId().getValue()));
            for (TaskInfo task : tasks) {
                rejectSafely(framework, task, TaskState.TASK_DROPPED, null, "The master failed to launch the task");
            }
            return remaining;
        }
    }

    private Resources launchGroup(Framework framework, ExecutorInfo executor, List<TaskInfo> asSent,
                                  List<TaskInfo> tasks, Offer offer, Resources remaining) {
        List<String> users = tasks.stream().map(task -> TaskUsers.effectiveUser(framework.info(), task)).toList();
        for (String user : users.stream().distinct().toList()) {
            Optional<String> unauthorized = unauthorized(framework, user);
            if (unauthorized.isPresent()) {
                rejectGroup(framework, tasks, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_GROUP_UNAUTHORIZED,
                        unauthorized.get());
                return remaining;
            }
        }
        Optional<String> namespace = namespaces.namespaceOf(offer.role());
        if (namespace.isEmpty()) {
            rejectGroup(framework, tasks, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
                    TaskNamespaces.noNamespace(offer.role()));
            return remaining;
        }
        Optional<RunningExecutor> running = runningExecutors.apply(framework.id(),
                executor.getExecutorId().getValue());
        Optional<String> invalid = groupInvalidity(framework, executor, asSent, tasks, offer, remaining, users,
                running, namespace.get())
                .or(() -> namespaces.prepare(namespace.get(), offer.role()));
        if (invalid.isPresent()) {
            rejectGroup(framework, tasks, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
                    invalid.get());
            return remaining;
        }
        String podName = TaskNames.executorPodName(framework.id(), executor.getExecutorId().getValue());
        List<String> taskIds = tasks.stream().map(task -> task.getTaskId().getValue()).toList();
        List<MesosTask> created = new ArrayList<>();
        try {
            for (TaskInfo task : tasks) {
                MesosTask resource = mesosTask(framework, task, offer, users.get(0), namespace.get());
                resource.getMetadata().getLabels().put(KubernetesKeys.EXECUTOR_LABEL, podName);
                resource.getSpec().setExecutorInfo(json(MesosJson.print(executor)));
                resource.getSpec().setGroupTaskIds(taskIds);
                resource.getSpec().setPodName(podName);
                resource.getSpec().setContainerName(TaskNames.containerName(task.getTaskId().getValue()));
                created.add(store.create(resource));
            }
        } catch (RuntimeException e) {
            // all or nothing: the tasks stored so far go again, before any Pod is made for them
            for (MesosTask task : created) {
                store.delete(task);
            }
            forgetDeletedNamespace(e, namespace.get());
            LOG.warnf(e, "framework %s: storing the task group of executor %s failed", framework.id(),
                    LogText.escape(executor.getExecutorId().getValue()));
            if (e instanceof KubernetesClientException refused && refused.getCode() >= 400
                    && refused.getCode() < 500) {
                rejectGroup(framework, tasks, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_GROUP_INVALID,
                        "The Kubernetes API server refused the task group: " + serverMessage(refused));
            } else {
                rejectGroup(framework, tasks, TaskState.TASK_DROPPED, null, "Failed to store the task group: "
                        + (e instanceof KubernetesClientException failed ? serverMessage(failed) : e.getMessage()));
            }
            return remaining;
        }
        framework.count("operations/launch_group");
        Resources used = running.isPresent() ? Resources.empty()
                : TaskResources.normalized(executor.getResourcesList());
        for (TaskInfo task : tasks) {
            used = used.add(TaskResources.of(task));
        }
        return remaining.subtract(used);
    }

    /** The first reason the group cannot be launched: Mesos's checks, then what mesos-bridge needs of a group. */
    private Optional<String> groupInvalidity(Framework framework, ExecutorInfo executor, List<TaskInfo> asSent,
                                             List<TaskInfo> tasks, Offer offer, Resources remaining,
                                             List<String> users, Optional<RunningExecutor> running,
                                             String namespace) {
        // The master puts the group's executor into each task it checks (a task may also name it itself).
        List<TaskInfo> withExecutor = asSent.stream()
                .map(task -> task.hasExecutor() ? task : task.toBuilder().setExecutor(executor).build()).toList();
        Optional<String> invalid = TaskGroupValidation.check(executor, withExecutor, framework.id(), offer.agentId(),
                remaining, running).or(() -> otherNamespace(executor, running, namespace, offer.role()));
        if (invalid.isPresent()) {
            return invalid;
        }
        for (TaskInfo task : tasks) {
            if (store.find(framework.id(), task.getTaskId().getValue()).isPresent()) {
                return Optional.of("Task '" + task.getTaskId().getValue() + "' is invalid: Task has duplicate ID: "
                        + task.getTaskId().getValue());
            }
        }
        String executorId = executor.getExecutorId().getValue();
        boolean custom = executor.getType() == ExecutorInfo.Type.CUSTOM;
        if (!custom && store.ofFramework(framework.id()).stream()
                .anyMatch(task -> executorId.equals(MesosTaskStore.executorIdOf(task)))) {
            return Optional.of("Executor '" + executorId + "' already runs a task group; mesos-bridge runs each"
                    + " task group in an executor of its own (a new ExecutorID)");
        }
        if (users.stream().distinct().count() > 1) {
            return Optional.of("The tasks of a task group share one Pod and must run as one user; they run as "
                    + users.stream().distinct().toList());
        }
        try {
            if (!custom) {
                TaskPods.groupPodFor(executor, tasks, new TaskGroupPodTarget(framework.id(), offer.nodeName(),
                        namespace, "validation", tasks.stream()
                        .map(t -> new TaskGroupPodTarget.Owner("validation", "validation")).toList(), users.get(0)),
                        podSettings);
            } else if (running.isEmpty()) {
                TaskPods.executorPodFor(executor, tasks, executorPodTarget(framework, offer, namespace, "validation",
                        users.get(0)), podSettings);
            }
        } catch (UnsupportedTaskException e) {
            return Optional.of(e.getMessage());
        }
        for (TaskInfo task : tasks) {
            Optional<String> size = TaskValidation.sizeError(task);
            if (size.isPresent()) {
                return Optional.of("Task '" + task.getTaskId().getValue() + "' is invalid: " + size.get());
            }
        }
        return Optional.empty();
    }

    private void rejectGroup(Framework framework, List<TaskInfo> tasks, TaskState state, TaskStatus.Reason reason,
                             String message) {
        for (TaskInfo task : tasks) {
            rejectSafely(framework, task, state, reason, message);
        }
    }

    private boolean launchOne(Framework framework, TaskInfo task, Offer offer, Resources remaining) {
        Optional<Checked> checked = check(framework, task, offer, remaining);
        return checked.isPresent() && create(framework, task, checked.get().resource(), checked.get().namespace());
    }

    /** The task checked and translated to its MesosTask; empty when it was refused (and told so). */
    private Optional<Checked> check(Framework framework, TaskInfo task, Offer offer, Resources remaining) {
        String user = TaskUsers.effectiveUser(framework.info(), task);
        // authorized first, as a Mesos master authorizes a launch before it validates it
        Optional<String> unauthorized = unauthorized(framework, user);
        if (unauthorized.isPresent()) {
            reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_UNAUTHORIZED,
                    unauthorized.get());
            return Optional.empty();
        }
        Optional<String> namespace = namespaces.namespaceOf(offer.role());
        if (namespace.isEmpty()) {
            reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                    TaskNamespaces.noNamespace(offer.role()));
            return Optional.empty();
        }
        Optional<String> invalid = invalidity(framework, task, offer, remaining, user, namespace.get())
                .or(() -> namespaces.prepare(namespace.get(), offer.role()));
        if (invalid.isPresent()) {
            reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID, invalid.get());
            return Optional.empty();
        }
        MesosTask resource = mesosTask(framework, task, offer, user, namespace.get());
        if (task.hasExecutor()) {
            String podName = TaskNames.executorPodName(framework.id(), task.getExecutor().getExecutorId()
                    .getValue());
            resource.getMetadata().getLabels().put(KubernetesKeys.EXECUTOR_LABEL, podName);
            resource.getSpec().setExecutorInfo(json(MesosJson.print(task.getExecutor())));
            resource.getSpec().setPodName(podName);
        }
        return Optional.of(new Checked(task, resource, namespace.get(), TaskResources.of(task)));
    }

    private boolean create(Framework framework, TaskInfo task, MesosTask resource, String namespace) {
        try {
            store.create(resource);
            framework.count("operations/launch");
            return true;
        } catch (KubernetesClientException e) {
            forgetDeletedNamespace(e, namespace);
            if (e.getCode() == 409) {
                reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        "Task has duplicate ID: " + task.getTaskId().getValue());
            } else if (e.getCode() >= 400 && e.getCode() < 500) {
                reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        "The Kubernetes API server refused the task: " + serverMessage(e));
            } else {
                LOG.warnf(e, "framework %s: storing task %s failed", framework.id(),
                        LogText.escape(task.getTaskId().getValue()));
                reject(framework, task, TaskState.TASK_DROPPED, null, "Failed to store the task: " + serverMessage(e));
            }
            return false;
        }
    }

    /** The run_tasks ACL on the user the task runs as, refused in Mesos's words. */
    private Optional<String> unauthorized(Framework framework, String user) {
        try {
            return authorizer.authorized(framework.subject(), Action.RUN_TASK, user) ? Optional.empty()
                    : Optional.of("Not authorized to launch as user '" + user + "'");
        } catch (AuthorizationUnavailableException e) {
            return Optional.of("Authorization failure: " + e.getMessage());
        }
    }

    /** The first reason the task cannot be launched, checked as a Mesos master checks it, then as a Pod. */
    private Optional<String> invalidity(Framework framework, TaskInfo task, Offer offer, Resources remaining,
                                        String user, String namespace) {
        try {
            Optional<RunningExecutor> running = task.hasExecutor()
                    ? runningExecutors.apply(framework.id(), task.getExecutor().getExecutorId().getValue())
                    : Optional.empty();
            Optional<String> invalid = TaskValidation.check(task, offer.agentId(), remaining, framework.id(), running)
                    .or(() -> otherNamespace(task.getExecutor(), running, namespace, offer.role()));
            if (invalid.isEmpty() && store.find(framework.id(), task.getTaskId().getValue()).isPresent()) {
                invalid = Optional.of("Task has duplicate ID: " + task.getTaskId().getValue());
            }
            if (invalid.isEmpty() && !task.hasExecutor()) {
                invalid = untranslatable(framework, task, offer, user, namespace);
            } else if (invalid.isEmpty() && running.isEmpty()) {
                invalid = untranslatableExecutor(framework, task, offer, user, namespace);
            }
            return invalid.isPresent() ? invalid : TaskValidation.sizeError(task);
        } catch (RuntimeException e) {
            LOG.warnf(e, "framework %s: task %s could not be checked", framework.id(), task.getTaskId().getValue());
            return Optional.of("Task is invalid: " + e.getMessage());
        }
    }

    /** Why the task's Pod could not be made, if it cannot: found now, before anything exists. */
    private Optional<String> untranslatable(Framework framework, TaskInfo task, Offer offer, String user,
                                            String namespace) {
        try {
            TaskPods.podFor(task, new TaskPodTarget(framework.id(), offer.nodeName(), namespace,
                    "validation", "validation", user), podSettings);
            return Optional.empty();
        } catch (UnsupportedTaskException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "framework %s: task %s cannot be translated", framework.id(),
                    LogText.escape(task.getTaskId().getValue()));
            return Optional.of("Task cannot be run as a Pod: " + e);
        }
    }

    /** Why the Pod of the task's new executor could not be made, if it cannot. */
    private Optional<String> untranslatableExecutor(Framework framework, TaskInfo task, Offer offer, String user,
                                                    String namespace) {
        try {
            TaskPods.executorPodFor(task.getExecutor(), List.of(task), executorPodTarget(framework, offer, namespace,
                    "validation", user), podSettings);
            return Optional.empty();
        } catch (UnsupportedTaskException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * An executor runs in one namespace: a task of another role's namespace cannot join it (the executor's Pod and
     * the task's MesosTask would be apart).
     */
    private static Optional<String> otherNamespace(ExecutorInfo executor, Optional<RunningExecutor> running,
                                                   String namespace, String role) {
        return running.filter(found -> !found.namespace().equals(namespace))
                .map(found -> "Executor '" + executor.getExecutorId().getValue() + "' runs in namespace '"
                        + found.namespace() + "', not in namespace '" + namespace + "' of role '" + role + "'");
    }

    /** A task's namespace deleted under it is looked up (and made again) at the next launch. */
    private void forgetDeletedNamespace(RuntimeException failure, String namespace) {
        if (failure instanceof KubernetesClientException refused && refused.getCode() == 404) {
            namespaces.forget(namespace);
        }
    }

    private ExecutorPodTarget executorPodTarget(Framework framework, Offer offer, String namespace, String podName,
                                                String user) {
        return new ExecutorPodTarget(framework.id(), offer.nodeName(), offer.agentId(), namespace, podName, user,
                agentPort, null);
    }

    private MesosTask mesosTask(Framework framework, TaskInfo task, Offer offer, String user, String namespace) {
        String taskId = task.getTaskId().getValue();
        MesosTask resource = new MesosTask();
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(TaskNames.objectName(framework.id(), taskId))
                .withNamespace(namespace)
                .withLabels(new LinkedHashMap<>(TaskNames.labels(framework.id(), taskId)))
                .addToLabels(namespaces.bridgeLabel())
                .withAnnotations(Map.of(KubernetesKeys.TASK_USER_ANNOTATION, user))
                .build());
        MesosTaskSpec spec = new MesosTaskSpec();
        spec.setFrameworkId(framework.id());
        spec.setTaskId(taskId);
        spec.setAgentId(offer.agentId());
        spec.setNodeName(offer.nodeName());
        spec.setRole(offer.role());
        spec.setTaskInfo(json(MesosJson.print(task)));
        resource.setSpec(spec);
        return resource;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #reject}, for where nothing may escape: a failure to tell the framework is logged, not thrown. */
    private void rejectSafely(Framework framework, TaskInfo task, TaskState state, TaskStatus.Reason reason,
                              String message) {
        try {
            reject(framework, task, state, reason, message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "framework %s: telling it task %s is %s failed", framework.id(),
                    task.getTaskId().getValue(), state);
        }
    }

    private void reject(Framework framework, TaskInfo task, TaskState state, TaskStatus.Reason reason,
                        String message) {
        LOG.infof("framework %s: task %s %s: %s", framework.id(), LogText.escape(task.getTaskId().getValue()), state,
                LogText.escape(message));
        ObservedTaskState observed = new ObservedTaskState(state, reason, TaskStatus.Source.SOURCE_MASTER, message,
                null, null, null);
        TaskStatus status = TaskStatuses.of(observed, task.getTaskId().getValue(), task.getAgentId().getValue(),
                null, null, Instant.now());
        counters.taskTransition(framework, status);
        updates.sendMasterUpdate(framework, status);
    }

    private static String serverMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }
}

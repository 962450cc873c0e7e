package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskSpec;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.TaskPodTarget;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.pods.UnsupportedTaskException;
import io.mesosbridge.operator.store.MesosTaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The LAUNCH operations of an ACCEPT. Each task has an outcome of its own, whatever happens to the others: checked as
 * a Mesos master checks it and translated to its Pod once (TASK_ERROR, before anything is created, when either
 * fails), then created as a MesosTask, which the reconciler turns into the Pod. A task the API server refuses gets
 * TASK_ERROR with the server's message; one it cannot store for another reason TASK_DROPPED, as Mesos reports a
 * launch that failed for a passing reason.
 */
@ApplicationScoped
public class TaskLauncher {

    private static final Logger LOG = Logger.getLogger(TaskLauncher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MesosTaskStore store;
    private final BridgeConfig config;
    private final StatusUpdates updates;
    private final MasterCounters counters;

    public TaskLauncher(MesosTaskStore store, BridgeConfig config, StatusUpdates updates, MasterCounters counters) {
        this.store = store;
        this.config = config;
        this.updates = updates;
        this.counters = counters;
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
                    for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                        if (launchSafely(framework, task, first, remaining)) {
                            remaining = remaining.subtract(TaskResources.of(task));
                        }
                    }
                }
                case LAUNCH_GROUP -> {
                    for (TaskInfo task : operation.getLaunchGroup().getTaskGroup().getTasksList()) {
                        reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                                "LAUNCH_GROUP is not supported by mesos-bridge yet");
                    }
                }
                default -> LOG.warnf("framework %s: ignoring unsupported offer operation %s", framework.id(),
                        operation.getType());
            }
        }
        return remaining;
    }

    /** Every task of an ACCEPT whose offers were not valid: TASK_DROPPED (TASK_LOST if not partition-aware). */
    public void dropAll(Framework framework, List<Operation> operations, String message) {
        for (TaskInfo task : tasksOf(operations)) {
            reject(framework, task, TaskState.TASK_DROPPED, TaskStatus.Reason.REASON_INVALID_OFFERS, message);
        }
    }

    private static List<TaskInfo> tasksOf(List<Operation> operations) {
        return operations.stream().flatMap(operation -> switch (operation.getType()) {
            case LAUNCH -> operation.getLaunch().getTaskInfosList().stream();
            case LAUNCH_GROUP -> operation.getLaunchGroup().getTaskGroup().getTasksList().stream();
            default -> java.util.stream.Stream.<TaskInfo>empty();
        }).toList();
    }

    /** One task's launch; a failure of the master's own is that task's TASK_DROPPED, never the whole ACCEPT's. */
    private boolean launchSafely(Framework framework, TaskInfo task, Offer offer, Resources remaining) {
        try {
            return launchOne(framework, task, offer, remaining);
        } catch (RuntimeException e) {
            LOG.errorf(e, "framework %s: launching task %s failed", framework.id(),
                    LogText.escape(task.getTaskId().getValue()));
            drop(framework, task, "The master failed to launch the task");
            return false;
        }
    }

    /** Drops a task the master could not launch for a passing reason: the framework may launch it again. */
    private void drop(Framework framework, TaskInfo task, String message) {
        reject(framework, task, TaskState.TASK_DROPPED, null, message);
    }

    private boolean launchOne(Framework framework, TaskInfo task, Offer offer, Resources remaining) {
        Optional<String> invalid = TaskValidation.check(task, offer.agentId(), remaining);
        if (invalid.isEmpty() && store.find(framework.id(), task.getTaskId().getValue()).isPresent()) {
            invalid = Optional.of("Task has duplicate ID: " + task.getTaskId().getValue());
        }
        if (invalid.isEmpty()) {
            invalid = untranslatable(framework, task, offer);
        }
        if (invalid.isEmpty()) {
            invalid = TaskValidation.sizeError(task);
        }
        if (invalid.isPresent()) {
            reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID, invalid.get());
            return false;
        }
        try {
            store.create(mesosTask(framework, task, offer));
            framework.count("operations/launch");
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        "Task has duplicate ID: " + task.getTaskId().getValue());
            } else if (e.getCode() >= 400 && e.getCode() < 500) {
                reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        "The Kubernetes API server refused the task: " + serverMessage(e));
            } else {
                LOG.warnf(e, "framework %s: storing task %s failed", framework.id(),
                        LogText.escape(task.getTaskId().getValue()));
                drop(framework, task, "Failed to store the task: " + serverMessage(e));
            }
            return false;
        }
    }

    /** Why the task's Pod could not be made, if it cannot: found now, before anything exists. */
    private Optional<String> untranslatable(Framework framework, TaskInfo task, Offer offer) {
        try {
            TaskPods.podFor(task, new TaskPodTarget(framework.id(), offer.nodeName(), config.namespace(),
                    "validation", "validation"), PodSettings.of(config.defaultImage(), config.imagePullPolicy()));
            return Optional.empty();
        } catch (UnsupportedTaskException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "framework %s: task %s cannot be translated", framework.id(),
                    LogText.escape(task.getTaskId().getValue()));
            return Optional.of("Task cannot be run as a Pod: " + e);
        }
    }

    private MesosTask mesosTask(Framework framework, TaskInfo task, Offer offer) {
        String taskId = task.getTaskId().getValue();
        MesosTask resource = new MesosTask();
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(TaskNames.objectName(framework.id(), taskId))
                .withNamespace(config.namespace())
                .withLabels(TaskNames.labels(framework.id(), taskId))
                .build());
        MesosTaskSpec spec = new MesosTaskSpec();
        spec.setFrameworkId(framework.id());
        spec.setTaskId(taskId);
        spec.setAgentId(offer.agentId());
        spec.setNodeName(offer.nodeName());
        spec.setRole(offer.role());
        try {
            spec.setTaskInfo(JSON.readTree(MesosJson.print(task)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        resource.setSpec(spec);
        return resource;
    }

    private void reject(Framework framework, TaskInfo task, TaskState state, TaskStatus.Reason reason,
                        String message) {
        LOG.infof("framework %s: task %s %s: %s", framework.id(), LogText.escape(task.getTaskId().getValue()), state,
                LogText.escape(message));
        ObservedTaskState observed = new ObservedTaskState(state, reason, TaskStatus.Source.SOURCE_MASTER, message,
                null, null, null);
        TaskStatus status = TaskStatuses.of(observed, task.getTaskId().getValue(), task.getAgentId().getValue(),
                null, Instant.now());
        counters.taskTransition(framework, status);
        updates.sendMasterUpdate(framework, status);
    }

    private static String serverMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }
}

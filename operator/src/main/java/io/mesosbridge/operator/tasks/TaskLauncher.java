package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskSpec;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The LAUNCH operations of an ACCEPT: each TaskInfo is checked against the accepted offers as a Mesos master checks
 * it, then becomes a MesosTask (which the reconciler turns into a Pod). A task that fails a check gets TASK_ERROR.
 */
@ApplicationScoped
public class TaskLauncher {

    private static final Logger LOG = Logger.getLogger(TaskLauncher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final BridgeConfig config;
    private final TaskRegistry tasks;
    private final StatusUpdates updates;
    private final OfferBook offers;

    public TaskLauncher(KubernetesClient client, BridgeConfig config, TaskRegistry tasks, StatusUpdates updates,
                        OfferBook offers) {
        this.client = client;
        this.config = config;
        this.tasks = tasks;
        this.updates = updates;
        this.offers = offers;
    }

    /**
     * Launches what the operations ask for out of the taken offers; returns the resources left unused. Each task
     * created holds its resources in the offer book until the informer cache has it.
     */
    public Resources launch(Framework framework, List<Offer> taken, List<Operation> operations) {
        Offer first = taken.get(0);
        Resources remaining = Resources.empty();
        for (Offer offer : taken) {
            remaining = remaining.add(offer.resources());
        }
        for (Operation operation : operations) {
            switch (operation.getType()) {
                case LAUNCH -> {
                    for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                        Optional<String> error = validate(framework, task, first, remaining);
                        if (error.isPresent()) {
                            reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                                    error.get());
                        } else if (create(framework, task, first)) {
                            offers.holdForTask(taken, TaskNames.objectName(framework.id(), task.getTaskId().getValue()),
                                    TaskResources.of(task));
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
        for (Operation operation : operations) {
            List<TaskInfo> launched = switch (operation.getType()) {
                case LAUNCH -> operation.getLaunch().getTaskInfosList();
                case LAUNCH_GROUP -> operation.getLaunchGroup().getTaskGroup().getTasksList();
                default -> List.of();
            };
            for (TaskInfo task : launched) {
                reject(framework, task, TaskState.TASK_DROPPED, TaskStatus.Reason.REASON_INVALID_OFFERS, message);
            }
        }
    }

    private Optional<String> validate(Framework framework, TaskInfo task, Offer offer, Resources remaining) {
        if (task.getTaskId().getValue().isEmpty()) {
            return Optional.of("Task ID must not be empty");
        }
        if (tasks.find(framework.id(), task.getTaskId().getValue()).isPresent()) {
            return Optional.of("Task has duplicate ID: " + task.getTaskId().getValue());
        }
        if (!task.getAgentId().getValue().equals(offer.agentId())) {
            return Optional.of("Task uses invalid agent: " + task.getAgentId().getValue());
        }
        if (task.hasExecutor()) {
            return Optional.of("Custom executors (TaskInfo.executor) are not supported by mesos-bridge yet");
        }
        if (!task.hasCommand()) {
            return Optional.of("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        }
        Resources used = TaskResources.of(task);
        if (!TaskResources.normalized(remaining.toList()).contains(used)) {
            return Optional.of("Task uses more resources " + used + " than available " + remaining.unallocate());
        }
        try {
            TaskPods.podFor(task, new TaskPodTarget(framework.id(), offer.nodeName(), config.namespace(), "validation",
                    "validation"), new PodSettings(config.defaultImage(), config.imagePullPolicy(),
                    PodSettings.DEFAULT_SANDBOX_PATH));
        } catch (UnsupportedTaskException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private boolean create(Framework framework, TaskInfo task, Offer offer) {
        String taskId = task.getTaskId().getValue();
        MesosTask resource = new MesosTask();
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(TaskNames.objectName(framework.id(), taskId))
                .withNamespace(config.namespace())
                .withLabels(TaskPods.labels(framework.id(), taskId))
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
        try {
            client.resources(MesosTask.class).inNamespace(config.namespace()).resource(resource).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                reject(framework, task, TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        "Task has duplicate ID: " + taskId);
                return false;
            }
            throw e;
        }
    }

    private void reject(Framework framework, TaskInfo task, TaskState state, TaskStatus.Reason reason, String message) {
        LOG.infof("framework %s: task %s %s: %s", framework.id(), task.getTaskId().getValue(), state, message);
        ObservedTaskState observed = new ObservedTaskState(state, reason, TaskStatus.Source.SOURCE_MASTER, message,
                null, null, null);
        TaskStatus status = TaskStates.toTaskStatus(observed, task.getTaskId().getValue(),
                task.getAgentId().getValue(), null, null, Instant.now());
        updates.sendMasterUpdate(framework, status.toBuilder()
                .setState(TaskStates.stateFor(state, framework.partitionAware())).build());
    }
}

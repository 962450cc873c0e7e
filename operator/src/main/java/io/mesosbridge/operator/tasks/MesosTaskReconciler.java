package io.mesosbridge.operator.tasks;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Keeps each MesosTask's one Pod: creates it on the task's node, deletes it when the task is killed, and turns
 * what the Pod reports into Mesos states, recorded and sent through {@link StatusUpdates}. Read, compute, patch.
 */
@ControllerConfiguration(name = "mesostask")
@ApplicationScoped
public class MesosTaskReconciler implements Reconciler<MesosTask> {

    private final KubernetesClient client;
    private final BridgeConfig config;
    private final StatusUpdates updates;
    private final FrameworkRegistry frameworks;
    private final TaskEvents events;

    public MesosTaskReconciler(KubernetesClient client, BridgeConfig config, StatusUpdates updates,
                               FrameworkRegistry frameworks, TaskEvents events) {
        this.client = client;
        this.config = config;
        this.updates = updates;
        this.frameworks = frameworks;
        this.events = events;
    }

    @Override
    public List<EventSource<?, MesosTask>> prepareEventSources(EventSourceContext<MesosTask> context) {
        var pods = InformerEventSourceConfiguration.from(Pod.class, MesosTask.class)
                .withNamespacesInheritedFromController()
                .withLabelSelector(TaskNames.MANAGED_BY_LABEL + "=" + TaskNames.MANAGED_BY)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(MesosTask.class, false))
                .build();
        return List.of(new InformerEventSource<>(pods, context));
    }

    @Override
    public UpdateControl<MesosTask> reconcile(MesosTask task, Context<MesosTask> context) {
        TaskState recorded = TaskRegistry.stateOf(task);
        if (TaskStates.isTerminal(recorded)) {
            return UpdateControl.noUpdate();
        }
        boolean killRequested = Boolean.TRUE.equals(task.getSpec().getKillRequested());
        boolean podCreated = task.getStatus() != null && task.getStatus().getPodName() != null;
        Optional<Pod> pod = context.getSecondaryResource(Pod.class).or(() -> podCreated ? fetchPod(task) : Optional.empty());

        if (pod.isEmpty() && !podCreated && !killRequested) {
            createPod(updates.recordPod(task, task.getMetadata().getName()));
            return UpdateControl.noUpdate();
        }
        if (killRequested && pod.isPresent() && pod.get().getMetadata().getDeletionTimestamp() == null) {
            long grace = task.getSpec().getKillGracePeriodSeconds() == null
                    ? TaskPods.gracePeriodSeconds(TaskRegistry.parseTaskInfo(task).getKillPolicy())
                    : task.getSpec().getKillGracePeriodSeconds();
            client.pods().inNamespace(task.getMetadata().getNamespace()).withName(pod.get().getMetadata().getName())
                    .withGracePeriod(grace).delete();
        }
        ObservedTaskState observed = TaskStates.observe(pod.orElse(null), podCreated && pod.isEmpty(), killRequested);
        if (observed.state() == recorded || !shouldTell(task, observed.state())) {
            return UpdateControl.noUpdate();
        }
        MesosTask current = task;
        if (ranBeforeTerminating(recorded, observed, pod)) {
            ObservedTaskState running = new ObservedTaskState(TaskState.TASK_RUNNING, null,
                    TaskStatus.Source.SOURCE_EXECUTOR, null, null, null, observed.podIp());
            Optional<MesosTask> ran = updates.record(current, running);
            if (ran.isPresent()) {
                current = ran.get();
                events.transition(current, running);
            }
        }
        updates.record(current, observed).ifPresent(persisted -> events.transition(persisted, observed));
        return UpdateControl.noUpdate();
    }

    /**
     * A Mesos executor always reports TASK_RUNNING once the command started, however short-lived; a Pod that came
     * and went between two informer events shows only its end, so the RUNNING it passed through is reported first.
     */
    private static boolean ranBeforeTerminating(TaskState recorded, ObservedTaskState observed, Optional<Pod> pod) {
        if (!TaskStates.isTerminal(observed.state()) || observed.exitCode() == null
                || recorded == TaskState.TASK_RUNNING || recorded == TaskState.TASK_KILLING) {
            return false;
        }
        return pod.map(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null
                        && c.getState().getTerminated() != null && c.getState().getTerminated().getStartedAt() != null))
                .orElse(false);
    }

    private void createPod(MesosTask task) {
        Pod pod = TaskPods.podFor(TaskRegistry.parseTaskInfo(task),
                new TaskPodTarget(task.getSpec().getFrameworkId(), task.getSpec().getNodeName(),
                        task.getMetadata().getNamespace(), task.getMetadata().getName(), task.getMetadata().getUid()),
                new PodSettings(config.defaultImage(), config.imagePullPolicy(), PodSettings.DEFAULT_SANDBOX_PATH));
        try {
            client.pods().inNamespace(task.getMetadata().getNamespace()).resource(pod).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** The informer may not have seen a Pod created a moment ago: ask the API server before calling it gone. */
    private Optional<Pod> fetchPod(MesosTask task) {
        return Optional.ofNullable(client.pods().inNamespace(task.getMetadata().getNamespace())
                .withName(task.getMetadata().getName()).get());
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

package io.mesosbridge.operator.tasks;

import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.pods.ExecutorPodStates;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The executor a framework runs under an ExecutorID, if any: its Pod while that runs, else a task stored for it. */
@ApplicationScoped
public class RunningExecutors {

    private final ClusterView cluster;
    private final MesosTaskStore store;
    private final TaskNamespaces namespaces;

    public RunningExecutors(ClusterView cluster, MesosTaskStore store, TaskNamespaces namespaces) {
        this.cluster = cluster;
        this.store = store;
        this.namespaces = namespaces;
    }

    public Optional<RunningExecutor> find(String frameworkId, String executorId) {
        for (Pod pod : cluster.podsNamed(TaskNames.executorPodName(frameworkId, executorId))) {
            if (namespaces.holds(pod.getMetadata()) && !ExecutorPodStates.hasEnded(pod)
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                Optional<ExecutorInfo> info = TaskPods.executorInfoOf(pod);
                if (info.isPresent()) {
                    return Optional.of(new RunningExecutor(info.get(), TaskPods.agentIdOf(pod),
                            pod.getMetadata().getNamespace()));
                }
            }
        }
        for (MesosTask task : store.ofExecutor(frameworkId, executorId)) {
            if (!TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                Optional<ExecutorInfo> info = store.executorInfo(task);
                if (info.isPresent()) {
                    return Optional.of(new RunningExecutor(info.get(), task.getSpec().getAgentId(),
                            task.getMetadata().getNamespace()));
                }
            }
        }
        return Optional.empty();
    }
}

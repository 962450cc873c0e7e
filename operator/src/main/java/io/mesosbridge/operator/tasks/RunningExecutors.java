package io.mesosbridge.operator.tasks;

import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
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
    private final String namespace;

    public RunningExecutors(ClusterView cluster, MesosTaskStore store, BridgeConfig config) {
        this.cluster = cluster;
        this.store = store;
        this.namespace = config.namespace();
    }

    public Optional<RunningExecutor> find(String frameworkId, String executorId) {
        Pod pod = cluster.pod(namespace, TaskNames.executorPodName(frameworkId, executorId));
        if (pod != null && !ExecutorPodStates.hasEnded(pod) && pod.getMetadata().getDeletionTimestamp() == null) {
            Optional<ExecutorInfo> info = TaskPods.executorInfoOf(pod);
            if (info.isPresent()) {
                return Optional.of(new RunningExecutor(info.get(), TaskPods.agentIdOf(pod)));
            }
        }
        for (MesosTask task : store.ofExecutor(frameworkId, executorId)) {
            if (!TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                Optional<ExecutorInfo> info = store.executorInfo(task);
                if (info.isPresent()) {
                    return Optional.of(new RunningExecutor(info.get(), task.getSpec().getAgentId()));
                }
            }
        }
        return Optional.empty();
    }
}

package io.mesosbridge.operator.agentstate;

import io.fabric8.kubernetes.api.model.Pod;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.agentlink.AgentStatesGrpc;
import io.mesosbridge.agentlink.StateRequest;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterState;
import io.mesosbridge.operator.store.MesosTaskStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** AgentStates.GetState: what the agent on a node runs, rendered from the master's one snapshot. */
@ApplicationScoped
public class AgentStatesService extends AgentStatesGrpc.AgentStatesImplBase {

    private final MasterState state;
    private final MesosTaskStore tasks;
    private final ClusterView cluster;

    public AgentStatesService(MasterState state, MesosTaskStore tasks, ClusterView cluster) {
        this.state = state;
        this.tasks = tasks;
        this.cluster = cluster;
    }

    @Override
    public void getState(StateRequest request, StreamObserver<AgentState> answer) {
        Optional<AgentView> agent = state.ready() ? state.agentView(request.getNodeName()) : Optional.empty();
        if (agent.isEmpty()) {
            answer.onError(Status.NOT_FOUND.withDescription("No agent on node '" + request.getNodeName() + "'")
                    .asRuntimeException());
            return;
        }
        String workDir = request.hasWorkDir() && !request.getWorkDir().isEmpty() ? request.getWorkDir()
                : AgentStateRendering.DEFAULT_WORK_DIR;
        answer.onNext(AgentStateRendering.render(agent.get(), state.take(), pods(request.getNodeName()), workDir));
        answer.onCompleted();
    }

    private List<AgentStateRendering.TaskPod> pods(String nodeName) {
        List<AgentStateRendering.TaskPod> pods = new ArrayList<>();
        for (MesosTask task : tasks.onNode(nodeName)) {
            String namespace = task.getMetadata().getNamespace();
            String podName = task.getStatus() != null && task.getStatus().getPodName() != null
                    ? task.getStatus().getPodName() : MesosTaskStore.podNameOf(task);
            Pod pod = cluster.pod(namespace, podName);
            String container = MesosTaskStore.containerNameOf(task);
            CommandInfo command;
            try {
                TaskInfo info = tasks.taskInfo(task);
                command = info.hasCommand() ? info.getCommand() : null;
            } catch (IllegalStateException unreadable) {
                command = null;
            }
            pods.add(new AgentStateRendering.TaskPod(task.getSpec().getFrameworkId(), task.getSpec().getTaskId(),
                    namespace, podName, pod == null ? null : pod.getMetadata().getUid(),
                    container == null ? TaskPods.CONTAINER_NAME : container, TaskPods.SANDBOX_VOLUME,
                    container != null, command));
        }
        return pods;
    }
}

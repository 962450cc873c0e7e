package io.mesosbridge.operator.agentlink;

import com.google.protobuf.ByteString;
import io.mesosbridge.agentlink.FrameworkMessage;
import io.mesosbridge.agentlink.Kill;
import io.mesosbridge.agentlink.Launch;
import io.mesosbridge.agentlink.LaunchGroup;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.Shutdown;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.TaskGroupInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.operator.executors.ExecutorLink;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The connected agents, one session per node: the master's {@link ExecutorLink} over AgentLink.Connect. */
@ApplicationScoped
public class AgentSessions implements ExecutorLink {

    private final Map<String, AgentSession> byNode = new ConcurrentHashMap<>();

    /** The session now serving the node; an older one of the same node is no longer used. */
    AgentSession register(String nodeName, AgentSession session) {
        return byNode.put(nodeName, session);
    }

    /** Whether the node's current session was this one (and is now gone). */
    boolean remove(String nodeName, AgentSession session) {
        return byNode.remove(nodeName, session);
    }

    @Override
    public boolean launch(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskInfo task) {
        return send(nodeName, OperatorMessage.newBuilder().setLaunch(Launch.newBuilder().setFrameworkId(frameworkId)
                .setExecutorId(executorId).setTask(task)).build());
    }

    @Override
    public boolean launchGroup(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskGroupInfo group) {
        return send(nodeName, OperatorMessage.newBuilder().setLaunchGroup(LaunchGroup.newBuilder()
                .setFrameworkId(frameworkId).setExecutorId(executorId).setTaskGroup(group)).build());
    }

    @Override
    public boolean kill(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskID taskId,
                        KillPolicy killPolicy) {
        Kill.Builder kill = Kill.newBuilder().setFrameworkId(frameworkId).setExecutorId(executorId).setTaskId(taskId);
        if (killPolicy != null) {
            kill.setKillPolicy(killPolicy);
        }
        return send(nodeName, OperatorMessage.newBuilder().setKill(kill).build());
    }

    @Override
    public boolean frameworkMessage(String nodeName, FrameworkID frameworkId, ExecutorID executorId,
                                    ByteString data) {
        return send(nodeName, OperatorMessage.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId(frameworkId).setExecutorId(executorId).setData(data)).build());
    }

    @Override
    public boolean shutdown(String nodeName, FrameworkID frameworkId, ExecutorID executorId) {
        return send(nodeName, OperatorMessage.newBuilder().setShutdown(Shutdown.newBuilder()
                .setFrameworkId(frameworkId).setExecutorId(executorId)).build());
    }

    private boolean send(String nodeName, OperatorMessage message) {
        AgentSession session = byNode.get(nodeName);
        return session != null && session.send(message);
    }
}

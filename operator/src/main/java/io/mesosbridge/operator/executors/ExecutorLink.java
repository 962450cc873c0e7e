package io.mesosbridge.operator.executors;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.TaskGroupInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;

/**
 * How the master reaches a custom executor: through the agent on the executor's node, whatever carries it. Each
 * method returns whether that agent is connected now (and so got the message to relay); a message for a node whose
 * agent is away is not kept, and the executor gets what it needs when it subscribes again.
 */
public interface ExecutorLink {

    boolean launch(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskInfo task);

    boolean launchGroup(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskGroupInfo group);

    /** {@code killPolicy} may be null: the task's own applies. */
    boolean kill(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskID taskId,
                 KillPolicy killPolicy);

    boolean frameworkMessage(String nodeName, FrameworkID frameworkId, ExecutorID executorId, ByteString data);

    boolean shutdown(String nodeName, FrameworkID frameworkId, ExecutorID executorId);
}

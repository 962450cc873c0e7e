package io.mesosbridge.operator.executors;

import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;

/** The master's answer to an executor's SUBSCRIBE, relayed by its agent. */
public sealed interface Subscription {

    /** What the executor's SUBSCRIBED event carries; its container is its Pod (the id is the Pod's UID). */
    record Accepted(FrameworkInfo frameworkInfo, ExecutorInfo executorInfo, AgentInfo agentInfo,
                    ContainerID containerId) implements Subscription {
    }

    record Refused(String message) implements Subscription {
    }
}

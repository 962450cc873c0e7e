package io.mesosbridge.agent.executors;

import com.google.protobuf.ByteString;
import io.mesosbridge.agentlink.ExecutorSubscribed;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent knows of one executor (framework id, executor id): its SUBSCRIBE waiting for the operator, its
 * event stream, what it reported unacknowledged when it last subscribed, what it launched since, and the updates
 * it sent that the operator has not recorded yet. Guarded by {@link ExecutorSessions}.
 */
final class ExecutorSession {

    /** A SUBSCRIBE whose answer waits for the operator's ExecutorAccepted or ExecutorRefused. */
    record Pending(HttpServerResponse response, Context context, String acceptType, long timer) {
    }

    final FrameworkID frameworkId;
    final ExecutorID executorId;
    Pending pending;
    EventStream stream;
    /** The operator accepted it once: it may send UPDATE and MESSAGE (a Mesos agent's RUNNING executor). */
    boolean accepted;
    long retentionTimer = -1;
    final Map<String, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();
    final Map<ByteString, TaskStatus> unacknowledgedUpdates = new LinkedHashMap<>();
    final Map<ByteString, TaskStatus> unrecordedUpdates = new LinkedHashMap<>();

    ExecutorSession(FrameworkID frameworkId, ExecutorID executorId) {
        this.frameworkId = frameworkId;
        this.executorId = executorId;
    }

    /** ExecutorSubscribed for the operator: what the executor reported, what it launched since, what waits to be recorded. */
    ExecutorSubscribed announcement() {
        Map<ByteString, TaskStatus> updates = new LinkedHashMap<>(unacknowledgedUpdates);
        unrecordedUpdates.forEach(updates::putIfAbsent);
        return ExecutorSubscribed.newBuilder()
                .setFrameworkId(frameworkId)
                .setExecutorId(executorId)
                .addAllUnacknowledgedTasks(unacknowledgedTasks.values())
                .addAllUnacknowledgedUpdates(updates.values())
                .build();
    }

    @Override
    public String toString() {
        return "executor '" + executorId.getValue() + "' of framework " + frameworkId.getValue();
    }
}

package io.mesosbridge.agent.executors;

import com.google.protobuf.ByteString;
import io.mesosbridge.agent.link.OperatorLink;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.ExecutorAccepted;
import io.mesosbridge.agentlink.ExecutorDisconnected;
import io.mesosbridge.agentlink.ExecutorMessage;
import io.mesosbridge.agentlink.ExecutorRefused;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.StatusUpdate;
import io.mesosbridge.agentlink.UpdateRecorded;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.executor.Protos.Call;
import io.mesosbridge.mesos.v1.executor.Protos.Event;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The executors of this node and their sessions, between the executor API and the operator link: a SUBSCRIBE is
 * announced to the operator and answered when it accepts or refuses the executor; the operator's messages become
 * the executors' events; UPDATE and MESSAGE calls go to the operator, and an update the operator recorded is
 * ACKNOWLEDGED to its executor. When a new operator session registers, every connected executor is announced again
 * with what is still unacknowledged.
 */
public final class ExecutorSessions implements OperatorLink.Listener {

    /** How the agent answers an executor's UPDATE or MESSAGE. */
    enum Outcome { ACCEPTED, NOT_SUBSCRIBED, TOO_MANY_UPDATES }

    private static final Logger LOG = Logger.getLogger(ExecutorSessions.class.getName());

    private record Key(String frameworkId, String executorId) {
        static Key of(FrameworkID frameworkId, ExecutorID executorId) {
            return new Key(frameworkId.getValue(), executorId.getValue());
        }
    }

    private final OperatorLink link;
    private final Vertx vertx;
    private final ExecutorSettings settings;
    private final Map<Key, ExecutorSession> sessions = new HashMap<>();

    public ExecutorSessions(OperatorLink link, Vertx vertx, ExecutorSettings settings) {
        this.link = link;
        this.vertx = vertx;
        this.settings = settings;
    }

    // --- the executor API ---

    /** Whether SUBSCRIBE can be served now: the agent has a registered session with the operator. */
    boolean canSubscribe() {
        return link.isRegistered();
    }

    synchronized void subscribe(Call call, HttpServerResponse response, Context context, String acceptType) {
        Key key = Key.of(call.getFrameworkId(), call.getExecutorId());
        ExecutorSession session = sessions.computeIfAbsent(key,
                ignored -> new ExecutorSession(call.getFrameworkId(), call.getExecutorId()));
        cancelRetention(session);
        if (session.pending != null) {
            LOG.warning(() -> "Closing the earlier SUBSCRIBE of " + session + ", which the operator has not answered yet");
            abandon(session.pending);
        }
        session.unacknowledgedTasks.clear();
        for (TaskInfo task : call.getSubscribe().getUnacknowledgedTasksList()) {
            session.unacknowledgedTasks.put(task.getTaskId().getValue(), task);
        }
        session.unacknowledgedUpdates.clear();
        for (Call.Update update : call.getSubscribe().getUnacknowledgedUpdatesList()) {
            TaskStatus status = withAgentFields(update.getStatus());
            session.unacknowledgedUpdates.put(status.getUuid(), status);
        }
        long timer = vertx.setTimer(settings.subscribeTimeout().toMillis(), fired -> subscribeTimedOut(key));
        ExecutorSession.Pending pending = new ExecutorSession.Pending(response, context, acceptType, timer);
        session.pending = pending;
        response.closeHandler(closed -> pendingLost(key, pending));
        link.send(AgentMessage.newBuilder().setExecutorSubscribed(session.announcement()).build());
    }

    synchronized Outcome update(Call call) {
        ExecutorSession session = sessions.get(Key.of(call.getFrameworkId(), call.getExecutorId()));
        if (session == null || !session.accepted) {
            return Outcome.NOT_SUBSCRIBED;
        }
        TaskStatus status = withAgentFields(call.getUpdate().getStatus());
        if (!session.unrecordedUpdates.containsKey(status.getUuid())
                && session.unrecordedUpdates.size() >= settings.unrecordedUpdates()) {
            return Outcome.TOO_MANY_UPDATES;
        }
        session.unrecordedUpdates.put(status.getUuid(), status);
        link.send(AgentMessage.newBuilder().setStatusUpdate(statusUpdate(session, status)).build());
        return Outcome.ACCEPTED;
    }

    synchronized Outcome message(Call call) {
        ExecutorSession session = sessions.get(Key.of(call.getFrameworkId(), call.getExecutorId()));
        if (session == null || !session.accepted) {
            return Outcome.NOT_SUBSCRIBED;
        }
        // like a Mesos agent that has no master, the agent drops a message it cannot relay now
        link.send(AgentMessage.newBuilder().setExecutorMessage(ExecutorMessage.newBuilder()
                .setFrameworkId(session.frameworkId).setExecutorId(session.executorId)
                .setData(call.getMessage().getData())).build());
        return Outcome.ACCEPTED;
    }

    synchronized boolean isSubscribed(FrameworkID frameworkId, ExecutorID executorId) {
        ExecutorSession session = sessions.get(Key.of(frameworkId, executorId));
        return session != null && session.accepted;
    }

    // --- the operator ---

    @Override
    public synchronized void registered(AgentID agentId) {
        for (ExecutorSession session : sessions.values()) {
            if (session.pending != null || session.stream != null) {
                link.send(AgentMessage.newBuilder().setExecutorSubscribed(session.announcement()).build());
            } else {
                for (TaskStatus status : session.unrecordedUpdates.values()) {
                    link.send(AgentMessage.newBuilder().setStatusUpdate(statusUpdate(session, status)).build());
                }
            }
        }
    }

    @Override
    public synchronized void received(OperatorMessage message) {
        switch (message.getMessageCase()) {
            case EXECUTOR_ACCEPTED -> accepted(message.getExecutorAccepted());
            case EXECUTOR_REFUSED -> refused(message.getExecutorRefused());
            case LAUNCH -> {
                var launch = message.getLaunch();
                deliver(launch.getFrameworkId(), launch.getExecutorId(), Event.newBuilder().setType(Event.Type.LAUNCH)
                        .setLaunch(Event.Launch.newBuilder().setTask(launch.getTask())).build(),
                        session -> session.unacknowledgedTasks.put(launch.getTask().getTaskId().getValue(),
                                launch.getTask()));
            }
            case LAUNCH_GROUP -> {
                var group = message.getLaunchGroup();
                deliver(group.getFrameworkId(), group.getExecutorId(), Event.newBuilder()
                        .setType(Event.Type.LAUNCH_GROUP)
                        .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(group.getTaskGroup())).build(),
                        session -> group.getTaskGroup().getTasksList().forEach(task ->
                                session.unacknowledgedTasks.put(task.getTaskId().getValue(), task)));
            }
            case KILL -> {
                var kill = message.getKill();
                Event.Kill.Builder event = Event.Kill.newBuilder().setTaskId(kill.getTaskId());
                if (kill.hasKillPolicy()) {
                    event.setKillPolicy(kill.getKillPolicy());
                }
                deliver(kill.getFrameworkId(), kill.getExecutorId(),
                        Event.newBuilder().setType(Event.Type.KILL).setKill(event).build(), session -> { });
            }
            case FRAMEWORK_MESSAGE -> {
                var framework = message.getFrameworkMessage();
                frameworkMessage(framework.getFrameworkId(), framework.getExecutorId(), framework.getData());
            }
            case SHUTDOWN -> {
                var shutdown = message.getShutdown();
                deliver(shutdown.getFrameworkId(), shutdown.getExecutorId(),
                        Event.newBuilder().setType(Event.Type.SHUTDOWN).build(), session -> { });
            }
            case UPDATE_RECORDED -> recorded(message.getUpdateRecorded());
            default -> LOG.warning(() -> "Ignoring an unexpected message from the operator: " + message.getMessageCase());
        }
    }

    /**
     * A scheduler's message for one of this node's executors: from the operator, or sent by a v0 scheduler driver
     * straight to this agent's pid ({@code FrameworkToExecutorMessage}); dropped when the executor is not connected.
     */
    public synchronized void frameworkMessage(FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        deliver(frameworkId, executorId, Event.newBuilder().setType(Event.Type.MESSAGE)
                .setMessage(Event.Message.newBuilder().setData(data)).build(), session -> { });
    }

    private void accepted(ExecutorAccepted accepted) {
        Key key = Key.of(accepted.getFrameworkId(), accepted.getExecutorId());
        ExecutorSession session = sessions.get(key);
        if (session == null || session.pending == null) {
            // the answer to announcing a connected executor again: its stream goes on
            return;
        }
        ExecutorSession.Pending pending = session.pending;
        session.pending = null;
        vertx.cancelTimer(pending.timer());
        EventStream previous = session.stream;
        EventStream stream = new EventStream(pending.response(), pending.context(), pending.acceptType(), settings,
                session.toString());
        session.stream = stream;
        session.accepted = true;
        if (previous != null) {
            // as a Mesos agent does for a second SUBSCRIBE: the earlier connection is closed, the new one serves
            LOG.warning(() -> "Closing the earlier event stream of " + session);
            previous.close();
        }
        stream.open(() -> streamLost(key, stream));
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setExecutorInfo(accepted.getExecutorInfo())
                .setFrameworkInfo(accepted.getFrameworkInfo())
                .setAgentInfo(accepted.getAgentInfo())
                .setContainerId(accepted.getContainerId())).build());
    }

    private void refused(ExecutorRefused refused) {
        Key key = Key.of(refused.getFrameworkId(), refused.getExecutorId());
        ExecutorSession session = sessions.remove(key);
        if (session == null) {
            return;
        }
        LOG.warning(() -> "The operator refused " + session + ": " + refused.getMessage());
        cancelRetention(session);
        if (session.pending != null) {
            ExecutorSession.Pending pending = session.pending;
            session.pending = null;
            vertx.cancelTimer(pending.timer());
            pending.context().runOnContext(ignored -> ExecutorEndpoint.plain(pending.response(), 400,
                    refused.getMessage()));
        }
        if (session.stream != null) {
            EventStream stream = session.stream;
            session.stream = null;
            stream.send(Event.newBuilder().setType(Event.Type.ERROR)
                    .setError(Event.Error.newBuilder().setMessage(refused.getMessage())).build());
            stream.close();
        }
    }

    private void recorded(UpdateRecorded recorded) {
        ExecutorSession session = sessions.get(Key.of(recorded.getFrameworkId(), recorded.getExecutorId()));
        if (session == null) {
            return;
        }
        session.unrecordedUpdates.remove(recorded.getUuid());
        session.unacknowledgedUpdates.remove(recorded.getUuid());
        session.unacknowledgedTasks.remove(recorded.getTaskId().getValue());
        if (session.stream != null) {
            session.stream.send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
                    .setAcknowledged(Event.Acknowledged.newBuilder()
                            .setTaskId(recorded.getTaskId()).setUuid(recorded.getUuid())).build());
        }
    }

    private void deliver(FrameworkID frameworkId, ExecutorID executorId, Event event,
                         java.util.function.Consumer<ExecutorSession> remember) {
        ExecutorSession session = sessions.get(Key.of(frameworkId, executorId));
        if (session == null || session.stream == null) {
            LOG.warning(() -> "Dropping " + event.getType() + " for executor '" + executorId.getValue()
                    + "' of framework " + frameworkId.getValue() + ", which is not connected");
            return;
        }
        remember.accept(session);
        session.stream.send(event);
    }

    // --- connections and timers ---

    private synchronized void streamLost(Key key, EventStream stream) {
        ExecutorSession session = sessions.get(key);
        if (session == null || session.stream != stream) {
            return;
        }
        session.stream = null;
        LOG.info(() -> "The event stream of " + session + " closed");
        link.send(AgentMessage.newBuilder().setExecutorDisconnected(ExecutorDisconnected.newBuilder()
                .setFrameworkId(session.frameworkId).setExecutorId(session.executorId)).build());
        if (session.pending == null) {
            retain(key, session);
        }
    }

    private synchronized void pendingLost(Key key, ExecutorSession.Pending pending) {
        ExecutorSession session = sessions.get(key);
        if (session == null || session.pending != pending) {
            return;
        }
        session.pending = null;
        vertx.cancelTimer(pending.timer());
        if (session.stream == null) {
            link.send(AgentMessage.newBuilder().setExecutorDisconnected(ExecutorDisconnected.newBuilder()
                    .setFrameworkId(session.frameworkId).setExecutorId(session.executorId)).build());
            forgetOrRetain(key, session);
        }
    }

    private synchronized void subscribeTimedOut(Key key) {
        ExecutorSession session = sessions.get(key);
        if (session == null || session.pending == null) {
            return;
        }
        ExecutorSession.Pending pending = session.pending;
        session.pending = null;
        LOG.warning(() -> "The operator did not answer the SUBSCRIBE of " + session + " in time");
        pending.context().runOnContext(ignored -> ExecutorEndpoint.plain(pending.response(), 503,
                "Agent has not finished recovery"));
        if (session.stream == null) {
            forgetOrRetain(key, session);
        }
    }

    /** An executor the operator never accepted is forgotten; one it did keeps its place for a while. */
    private void forgetOrRetain(Key key, ExecutorSession session) {
        if (session.accepted) {
            retain(key, session);
        } else {
            sessions.remove(key);
        }
    }

    private void retain(Key key, ExecutorSession session) {
        cancelRetention(session);
        session.retentionTimer = vertx.setTimer(settings.disconnectedRetention().toMillis(), fired -> expire(key, session));
    }

    private synchronized void expire(Key key, ExecutorSession session) {
        if (sessions.get(key) == session && session.stream == null && session.pending == null) {
            sessions.remove(key);
            if (!session.unrecordedUpdates.isEmpty()) {
                LOG.warning(() -> "Forgetting " + session + " with " + session.unrecordedUpdates.size()
                        + " updates the operator never recorded");
            }
        }
    }

    private void cancelRetention(ExecutorSession session) {
        if (session.retentionTimer >= 0) {
            vertx.cancelTimer(session.retentionTimer);
            session.retentionTimer = -1;
        }
    }

    private static void abandon(ExecutorSession.Pending pending) {
        pending.context().runOnContext(ignored -> {
            if (!pending.response().closed()) {
                pending.response().close();
            }
        });
    }

    /** The fields a Mesos agent fills in an executor's status: its agent id and, when missing, a timestamp. */
    private TaskStatus withAgentFields(TaskStatus status) {
        Optional<AgentID> agentId = link.agentId();
        if (status.hasAgentId() && status.hasTimestamp() || agentId.isEmpty() && status.hasTimestamp()) {
            return status;
        }
        TaskStatus.Builder filled = status.toBuilder();
        if (!status.hasAgentId()) {
            agentId.ifPresent(filled::setAgentId);
        }
        if (!status.hasTimestamp()) {
            filled.setTimestamp(System.currentTimeMillis() / 1000.0);
        }
        return filled.build();
    }

    private static StatusUpdate statusUpdate(ExecutorSession session, TaskStatus status) {
        return StatusUpdate.newBuilder().setFrameworkId(session.frameworkId).setExecutorId(session.executorId)
                .setStatus(status).build();
    }
}

package io.mesosbridge.operator.agentlink;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.ExecutorAccepted;
import io.mesosbridge.agentlink.ExecutorRefused;
import io.mesosbridge.agentlink.ExecutorSubscribed;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.Registered;
import io.mesosbridge.agentlink.StatusUpdate;
import io.mesosbridge.agentlink.UpdateRecorded;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.operator.executors.Executors;
import io.mesosbridge.operator.executors.Subscription;
import io.mesosbridge.operator.logging.LogText;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * One agent's AgentLink.Connect stream. Its first message registers the agent for its node; then each message is
 * handled in the order the agent sent it (a status update is answered once it is recorded), and the master's
 * messages for the node's executors go out on it.
 */
final class AgentSession implements StreamObserver<AgentMessage> {

    private static final Logger LOG = Logger.getLogger(AgentSession.class);

    private final StreamObserver<OperatorMessage> out;
    private final Executors executors;
    private final AgentSessions sessions;
    private volatile String nodeName;
    private boolean closed;

    AgentSession(StreamObserver<OperatorMessage> out, Executors executors, AgentSessions sessions) {
        this.out = out;
        this.executors = executors;
        this.sessions = sessions;
    }

    @Override
    public void onNext(AgentMessage message) {
        try {
            if (nodeName == null) {
                register(message);
                return;
            }
            switch (message.getMessageCase()) {
                case EXECUTOR_SUBSCRIBED -> subscribed(message.getExecutorSubscribed());
                case STATUS_UPDATE -> update(message.getStatusUpdate());
                case EXECUTOR_MESSAGE -> executors.executorMessage(nodeName,
                        message.getExecutorMessage().getFrameworkId().getValue(),
                        message.getExecutorMessage().getExecutorId().getValue(),
                        message.getExecutorMessage().getData());
                case EXECUTOR_DISCONNECTED -> executors.disconnected(nodeName,
                        message.getExecutorDisconnected().getFrameworkId().getValue(),
                        message.getExecutorDisconnected().getExecutorId().getValue());
                default -> LOG.warnf("agent of node %s sent %s after registering; ignored", nodeName,
                        message.getMessageCase());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "handling %s from the agent of node %s failed", message.getMessageCase(), nodeName);
            fail(Status.INTERNAL.withDescription("The master failed to handle " + message.getMessageCase()));
        }
    }

    private void register(AgentMessage message) {
        if (!message.hasRegister()) {
            fail(Status.INVALID_ARGUMENT.withDescription("The first message must be 'register'"));
            return;
        }
        String node = message.getRegister().getNodeName();
        Optional<AgentID> agentId = executors.agentRegistered(node, message.getRegister().getEndpoint());
        if (agentId.isEmpty()) {
            fail(Status.FAILED_PRECONDITION.withDescription("Node '" + node + "' is not an agent of this master"));
            return;
        }
        nodeName = node;
        AgentSession older = sessions.register(node, this);
        if (older != null) {
            older.fail(Status.ABORTED.withDescription("Another agent registered for node '" + node + "'"));
        }
        LOG.infof("agent of node %s registered from %s", node, LogText.escape(message.getRegister().getEndpoint()));
        send(OperatorMessage.newBuilder().setRegistered(Registered.newBuilder().setAgentId(agentId.get())).build());
    }

    private void subscribed(ExecutorSubscribed subscribed) {
        Subscription answer = executors.subscribed(nodeName, subscribed.getFrameworkId(),
                subscribed.getExecutorId(), subscribed.getUnacknowledgedTasksList(),
                subscribed.getUnacknowledgedUpdatesList(),
                accepted -> send(OperatorMessage.newBuilder().setExecutorAccepted(ExecutorAccepted.newBuilder()
                        .setFrameworkId(subscribed.getFrameworkId())
                        .setExecutorId(subscribed.getExecutorId())
                        .setFrameworkInfo(accepted.frameworkInfo())
                        .setExecutorInfo(accepted.executorInfo())
                        .setAgentInfo(accepted.agentInfo())
                        .setContainerId(accepted.containerId())).build()));
        if (answer instanceof Subscription.Refused refused) {
            send(OperatorMessage.newBuilder().setExecutorRefused(ExecutorRefused.newBuilder()
                    .setFrameworkId(subscribed.getFrameworkId())
                    .setExecutorId(subscribed.getExecutorId())
                    .setMessage(refused.message())).build());
        }
    }

    private void update(StatusUpdate update) {
        executors.statusUpdate(update.getFrameworkId().getValue(), update.getExecutorId().getValue(),
                update.getStatus());
        send(OperatorMessage.newBuilder().setUpdateRecorded(UpdateRecorded.newBuilder()
                .setFrameworkId(update.getFrameworkId())
                .setExecutorId(update.getExecutorId())
                .setTaskId(update.getStatus().getTaskId())
                .setUuid(update.getStatus().getUuid())).build());
    }

    /** Sends a message to the agent; false when the stream has ended. */
    synchronized boolean send(OperatorMessage message) {
        if (closed) {
            return false;
        }
        try {
            out.onNext(message);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf(e, "sending to the agent of node %s failed", nodeName);
            closed = true;
            return false;
        }
    }

    void fail(Status status) {
        synchronized (this) {
            if (!closed) {
                closed = true;
                out.onError(status.asRuntimeException());
            }
        }
        ended();
    }

    @Override
    public void onError(Throwable error) {
        LOG.infof("the agent link of node %s ended: %s", nodeName, Status.fromThrowable(error));
        synchronized (this) {
            closed = true;
        }
        ended();
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                out.onCompleted();
            }
        }
        ended();
    }

    private void ended() {
        String node = nodeName;
        if (node != null && sessions.remove(node, this)) {
            executors.agentDisconnected(node);
        }
    }
}

package io.mesosbridge.agent.link;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentLinkGrpc;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.Register;
import io.mesosbridge.mesos.v1.Protos.AgentID;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's session with the operator: one {@code AgentLink.Connect} stream over one channel to {@code --master}.
 * The first message is {@code register}; once the operator answers {@code registered} the session carries the
 * agent's messages. When the stream ends or fails the link connects again after a backoff that doubles up to a
 * bound and starts over once a session registers.
 */
public final class OperatorLink implements AutoCloseable {

    /** What the rest of the agent hears from the operator. Calls for one session come in order, from one thread at a time. */
    public interface Listener {

        /** A session registered (the first one or a new one after the previous ended). */
        void registered(AgentID agentId);

        void received(OperatorMessage message);
    }

    private static final Logger LOG = Logger.getLogger(OperatorLink.class.getName());

    private final ManagedChannel channel;
    private Register register;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "operator-link-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private Listener listener;
    private Session current;
    private Duration nextBackoff;
    private AgentID agentId;
    private boolean closed;

    public OperatorLink(String master, Duration minBackoff, Duration maxBackoff) {
        this(ManagedChannelBuilder.forTarget(master).usePlaintext()
                // a half-open connection to a crashed operator is noticed; the operator's server allows pings this rare
                .keepAliveTime(6, TimeUnit.MINUTES).keepAliveTimeout(20, TimeUnit.SECONDS)
                .build(), minBackoff, maxBackoff);
    }

    private OperatorLink(ManagedChannel channel, Duration minBackoff, Duration maxBackoff) {
        this.channel = channel;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.nextBackoff = minBackoff;
    }

    /** Opens the first session, which sends {@code register}; {@code listener} hears every session from now on. */
    public void start(Register register, Listener listener) {
        synchronized (this) {
            this.register = register;
            this.listener = listener;
        }
        connect();
    }

    /** Sends on the registered session; false (nothing sent) when there is none. */
    public boolean send(AgentMessage message) {
        Session session;
        synchronized (this) {
            session = current;
        }
        return session != null && session.send(message);
    }

    public synchronized boolean isRegistered() {
        return current != null && current.registered;
    }

    /** The agent id of the last registered session. */
    public synchronized Optional<AgentID> agentId() {
        return Optional.ofNullable(agentId);
    }

    @Override
    public void close() {
        Session session;
        synchronized (this) {
            closed = true;
            session = current;
            current = null;
        }
        reconnects.shutdownNow();
        if (session != null) {
            session.cancel();
        }
        channel.shutdownNow();
    }

    private void connect() {
        Session session = new Session();
        synchronized (this) {
            if (closed) {
                return;
            }
            current = session;
        }
        StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(session);
        session.open(out);
    }

    private void onRegistered(Session session, AgentID id) {
        Listener target;
        synchronized (this) {
            if (session != current) {
                return;
            }
            session.registered = true;
            agentId = id;
            nextBackoff = minBackoff;
            target = listener;
        }
        LOG.info(() -> "Registered with the operator as agent " + id.getValue());
        target.registered(id);
    }

    private void onMessage(Session session, OperatorMessage message) {
        Listener target;
        synchronized (this) {
            if (session != current || !session.registered) {
                return;
            }
            target = listener;
        }
        target.received(message);
    }

    private void onEnded(Session session, Throwable failure) {
        Duration delay;
        synchronized (this) {
            if (session != current || closed) {
                return;
            }
            current = null;
            delay = nextBackoff;
            nextBackoff = min(nextBackoff.multipliedBy(2), maxBackoff);
        }
        Status status = failure == null ? Status.OK : Status.fromThrowable(failure);
        LOG.warning(() -> "The session with the operator ended (" + status.getCode() + ": " + status.getDescription()
                + "); connecting again in " + delay.toMillis() + " ms");
        try {
            reconnects.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One Connect stream. gRPC serializes the callbacks of one call; sends are serialized here. */
    private final class Session implements StreamObserver<OperatorMessage> {

        private StreamObserver<AgentMessage> out;
        private volatile boolean registered;
        private boolean ended;

        synchronized void open(StreamObserver<AgentMessage> stream) {
            out = stream;
            if (!ended) {
                stream.onNext(AgentMessage.newBuilder().setRegister(register).build());
            }
        }

        synchronized boolean send(AgentMessage message) {
            if (!registered || ended || out == null) {
                return false;
            }
            try {
                out.onNext(message);
                return true;
            } catch (RuntimeException failed) {
                LOG.log(Level.WARNING, "Failed to send to the operator", failed);
                return false;
            }
        }

        synchronized void cancel() {
            if (!ended && out != null) {
                ended = true;
                out.onError(Status.CANCELLED.withDescription("the agent is stopping").asRuntimeException());
            }
        }

        @Override
        public void onNext(OperatorMessage message) {
            if (message.hasRegistered()) {
                onRegistered(this, message.getRegistered().getAgentId());
            } else {
                onMessage(this, message);
            }
        }

        @Override
        public void onError(Throwable failure) {
            synchronized (this) {
                ended = true;
            }
            onEnded(this, failure);
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                boolean wasOpen = !ended;
                ended = true;
                if (wasOpen && out != null) {
                    out.onCompleted();
                }
            }
            onEnded(this, null);
        }
    }
}

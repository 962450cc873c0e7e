package io.mesosbridge.operator.libprocess;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.mesosbridge.mesos.internal.AuthenticationMessages;
import io.mesosbridge.mesos.libprocess.Upid;
import io.mesosbridge.operator.authentication.CramMd5Authenticator;
import io.mesosbridge.operator.authentication.CredentialStore;
import io.mesosbridge.operator.authentication.Reply;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.logging.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Framework authentication of the v0 protocol: a driver's authenticatee process runs SASL CRAM-MD5 with the master
 * for its scheduler's pid ({@code AuthenticateMessage}, mechanisms, start, step, then completed, failed or error), and
 * the principal it proves is remembered for that pid until the framework disconnects or goes. With no credentials
 * configured every attempt fails, as on a Mesos master started without {@code --credentials}.
 */
@ApplicationScoped
public class DriverAuthentication {

    private static final Logger LOG = Logger.getLogger(DriverAuthentication.class);
    static final int MAX_SESSIONS = 1024;
    static final int MAX_AUTHENTICATED = 10_000;

    private final CramMd5Authenticator authenticator;
    private final Links links;
    private final MasterCounters counters;
    private final Upid master;
    private final long timeoutNanos;
    /** The scheduler pid each authenticatee is authenticating. */
    private final Map<String, Upid> schedulerOf = new HashMap<>();
    /** When each scheduler pid's authentication in progress started. */
    private final Map<Upid, Long> startedNanos = new HashMap<>();
    private final Map<Upid, String> principals = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Upid, String> eldest) {
            return size() > MAX_AUTHENTICATED;
        }
    };

    public DriverAuthentication(BridgeConfig config, CredentialStore credentials, Links links, MasterCounters counters,
                                MasterIdentity identity) {
        Duration timeout = config.authenticationV0Timeout();
        this.authenticator = new CramMd5Authenticator(credentials.credentials(), identity.masterInfo().getHostname(), timeout,
                MAX_SESSIONS);
        this.links = links;
        this.counters = counters;
        this.master = Upid.parse(identity.masterInfo().getPid());
        this.timeoutNanos = timeout.toNanos();
    }

    /** {@code AuthenticateMessage} from an authenticatee: a new authentication of the scheduler it names. */
    void authenticate(Upid authenticatee, AuthenticationMessages.AuthenticateMessage message) {
        counters.increment("master/messages_authenticate");
        Upid scheduler;
        try {
            scheduler = Upid.parse(message.getPid());
        } catch (IllegalArgumentException e) {
            counters.increment("master/dropped_messages");
            LOG.warnf("Dropping authentication request from %s: %s", authenticatee, LogText.escape(e.getMessage()));
            return;
        }
        synchronized (this) {
            boolean clearing = principals.remove(scheduler) != null;
            LOG.infof("Authenticating %s%s", scheduler, clearing ? "; clearing previous authentication" : "");
            forgetExpiredAttempts();
            schedulerOf.put(authenticatee.toString(), scheduler);
            startedNanos.put(scheduler, System.nanoTime());
        }
        answer(authenticatee, authenticator.authenticate(authenticatee.toString()));
    }

    void start(Upid authenticatee, AuthenticationMessages.AuthenticationStartMessage message) {
        answer(authenticatee, authenticator.start(authenticatee.toString(), message.getMechanism(),
                message.getData().toByteArray()));
    }

    void step(Upid authenticatee, AuthenticationMessages.AuthenticationStepMessage message) {
        answer(authenticatee, authenticator.step(authenticatee.toString(), message.getData().toByteArray()));
    }

    /** Whether {@code scheduler} is being authenticated right now (its SUBSCRIBE waits for the outcome). */
    synchronized boolean inProgress(Upid scheduler) {
        Long started = startedNanos.get(scheduler);
        if (started != null && System.nanoTime() - started > timeoutNanos) {
            startedNanos.remove(scheduler);
            LOG.infof("Authentication of %s timed out", scheduler);
            return false;
        }
        return started != null;
    }

    synchronized Optional<String> principalOf(Upid scheduler) {
        return Optional.ofNullable(principals.get(scheduler));
    }

    /** The framework at {@code scheduler} disconnected or went: it authenticates again before it re-registers. */
    synchronized void forget(Upid scheduler) {
        principals.remove(scheduler);
    }

    private void answer(Upid authenticatee, Reply reply) {
        Message message;
        if (reply instanceof Reply.Mechanisms mechanisms) {
            message = AuthenticationMessages.AuthenticationMechanismsMessage.newBuilder()
                    .addAllMechanisms(mechanisms.mechanisms()).build();
        } else if (reply instanceof Reply.Challenge challenge) {
            message = AuthenticationMessages.AuthenticationStepMessage.newBuilder()
                    .setData(ByteString.copyFrom(challenge.data())).build();
        } else if (reply instanceof Reply.Completed completed) {
            finish(authenticatee, completed.principal());
            message = AuthenticationMessages.AuthenticationCompletedMessage.getDefaultInstance();
        } else if (reply instanceof Reply.Failed) {
            finish(authenticatee, null);
            message = AuthenticationMessages.AuthenticationFailedMessage.getDefaultInstance();
        } else {
            finish(authenticatee, null);
            message = AuthenticationMessages.AuthenticationErrorMessage.newBuilder()
                    .setError(((Reply.Error) reply).message()).build();
        }
        links.sendOnce(master, authenticatee, message);
    }

    /** Attempts that ran past the timeout without an end (their authenticatee went quiet) are forgotten. */
    private void forgetExpiredAttempts() {
        long now = System.nanoTime();
        startedNanos.values().removeIf(started -> now - started > timeoutNanos);
        schedulerOf.values().removeIf(scheduler -> !startedNanos.containsKey(scheduler));
    }

    private synchronized void finish(Upid authenticatee, String principal) {
        Upid scheduler = schedulerOf.remove(authenticatee.toString());
        if (scheduler == null) {
            return;
        }
        startedNanos.remove(scheduler);
        if (principal != null) {
            principals.put(scheduler, principal);
            LOG.infof("Successfully authenticated principal '%s' at %s", LogText.escape(principal), scheduler);
        } else {
            LOG.infof("Authentication of %s was unsuccessful: Invalid credentials", scheduler);
        }
    }
}

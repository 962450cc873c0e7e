package io.mesosbridge.operator.authentication;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The master side of the Mesos v0 authentication protocol with SASL CRAM-MD5, as the Mesos master runs it against
 * libmesos (cyrus-sasl) clients. Each peer, named by its libprocess pid, has at most one session:
 * <ol>
 * <li>{@link #authenticate} ({@code AuthenticateMessage}) opens it and answers the mechanisms, replacing any session
 * the peer had in progress, as the Mesos master does when a driver retries;</li>
 * <li>{@link #start} ({@code AuthenticationStartMessage}) answers the challenge;</li>
 * <li>{@link #step} ({@code AuthenticationStepMessage} with {@code "principal hex-digest"}) ends it as
 * {@link Reply.Completed} or {@link Reply.Failed}.</li>
 * </ol>
 * Any message out of that order, with another mechanism, or after the timeout ends the session with a
 * {@link Reply.Error}. At most {@code maxSessions} sessions are open at once. Thread-safe.
 */
public final class CramMd5Authenticator {

    public static final String MECHANISM = "CRAM-MD5";

    /** The default of the Mesos master's {@code --authentication_v0_timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    /** The SASL service name the Mesos master registers. */
    private static final String SERVICE = "mesos";

    private static final String UNEXPECTED_START = "Unexpected authentication 'start' received";
    private static final String UNEXPECTED_STEP = "Unexpected authentication 'step' received";
    private static final String TIMED_OUT = "Authentication timed out";
    private static final String TOO_MANY_SESSIONS = "Too many authentication sessions in progress";

    private final Credentials credentials;
    private final String serverFqdn;
    private final long timeoutNanos;
    private final int maxSessions;
    private final LongSupplier nanoTime;
    private final Map<String, Session> sessionsByPeer = new HashMap<>();

    /**
     * @param serverFqdn  the host name the challenge carries; Mesos passes none, so cyrus uses the master's
     *                    {@code gethostname()}
     * @param timeout     how long a session may take from {@link #authenticate} to its end, as
     *                    {@code --authentication_v0_timeout}
     * @param maxSessions how many sessions may be open at once
     */
    public CramMd5Authenticator(Credentials credentials, String serverFqdn, Duration timeout, int maxSessions) {
        this(credentials, serverFqdn, timeout, maxSessions, System::nanoTime);
    }

    CramMd5Authenticator(Credentials credentials, String serverFqdn, Duration timeout, int maxSessions,
            LongSupplier nanoTime) {
        if (serverFqdn.isBlank()) {
            throw new IllegalArgumentException("the server's host name is needed for the CRAM-MD5 challenge");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the authentication timeout must be positive: " + timeout);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("at least one authentication session must be allowed: " + maxSessions);
        }
        this.credentials = credentials;
        this.serverFqdn = serverFqdn;
        this.timeoutNanos = timeout.toNanos();
        this.maxSessions = maxSessions;
        this.nanoTime = nanoTime;
    }

    /** Opens a session for {@code peer}: {@link Reply.Mechanisms}, or {@link Reply.Error} when there is no room. */
    public synchronized Reply authenticate(String peer) {
        sessionsByPeer.remove(peer);
        long now = nanoTime.getAsLong();
        sessionsByPeer.values().removeIf(session -> session.expiredAt(now));
        if (sessionsByPeer.size() >= maxSessions) {
            return new Reply.Error(TOO_MANY_SESSIONS);
        }
        sessionsByPeer.put(peer, new Session(now + timeoutNanos));
        return new Reply.Mechanisms(List.of(MECHANISM));
    }

    /** Starts the mechanism of {@code peer}'s open session: {@link Reply.Challenge}, or {@link Reply.Error}. */
    public synchronized Reply start(String peer, String mechanism, byte[] data) {
        // Every message ends the session, except a start that is answered with a challenge.
        Session session = sessionsByPeer.remove(peer);
        if (session == null) {
            return new Reply.Error(UNEXPECTED_START);
        }
        if (session.expiredAt(nanoTime.getAsLong())) {
            return new Reply.Error(TIMED_OUT);
        }
        if (session.server != null) {
            return new Reply.Error(UNEXPECTED_START);
        }
        // Cyrus matches mechanism names regardless of case; the JDK's factory wants them upper case.
        if (!MECHANISM.equalsIgnoreCase(mechanism)) {
            return new Reply.Error("SASL(-4): no mechanism available: Couldn't find mech " + mechanism);
        }
        try {
            session.server = Sasl.createSaslServer(MECHANISM, SERVICE, serverFqdn, null, session.lookup);
            byte[] challenge = session.server.evaluateResponse(data);
            sessionsByPeer.put(peer, session);
            return new Reply.Challenge(challenge);
        } catch (SaslException e) {
            return new Reply.Error(e.getMessage());
        }
    }

    /**
     * Answers {@code peer}'s response to its challenge: {@link Reply.Completed}, {@link Reply.Failed} or
     * {@link Reply.Error}. The session ends either way.
     */
    public synchronized Reply step(String peer, byte[] data) {
        Session session = sessionsByPeer.remove(peer);
        if (session == null) {
            return new Reply.Error(UNEXPECTED_STEP);
        }
        if (session.expiredAt(nanoTime.getAsLong())) {
            return new Reply.Error(TIMED_OUT);
        }
        if (session.server == null) {
            return new Reply.Error(UNEXPECTED_STEP);
        }
        try {
            session.server.evaluateResponse(data);
            return new Reply.Completed(session.server.getAuthorizationID());
        } catch (SaslException e) {
            // The JDK looks the principal up only once the response has the form "principal digest"; what goes
            // wrong after that is an unknown principal or a wrong digest, which cyrus reports as SASL_NOUSER or
            // SASL_BADAUTH and Mesos as a failure. What goes wrong before it is a malformed response: an error.
            return session.lookup.consulted ? new Reply.Failed() : new Reply.Error(e.getMessage());
        }
    }

    private final class Session {
        private final long deadlineNanos;
        private final SecretLookup lookup = new SecretLookup();
        private SaslServer server;

        private Session(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        private boolean expiredAt(long nowNanos) {
            return nowNanos - deadlineNanos >= 0;
        }
    }

    /** Answers the JDK's CRAM-MD5 server from {@link Credentials}. */
    private final class SecretLookup implements CallbackHandler {
        private String principal;
        private boolean consulted;

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    // The server offers the principal from the response as the default name.
                    principal = name.getDefaultName();
                } else if (callback instanceof PasswordCallback password) {
                    consulted = true;
                    credentials.secretOf(principal).ifPresent(secret -> password.setPassword(secret.toCharArray()));
                } else if (callback instanceof AuthorizeCallback authorize) {
                    authorize.setAuthorized(authorize.getAuthenticationID().equals(authorize.getAuthorizationID()));
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }
    }
}

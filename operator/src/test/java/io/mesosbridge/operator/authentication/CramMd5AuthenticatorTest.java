package io.mesosbridge.operator.authentication;

import org.junit.jupiter.api.Test;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The master's side of CRAM-MD5, driven by the JDK's own SASL CRAM-MD5 client as a libmesos driver would. */
class CramMd5AuthenticatorTest {

    private static final String SERVER = "master.example.com";
    private static final String SCHEDULER = "scheduler-1@10.0.0.5:41234";
    private static final Duration TIMEOUT = CramMd5Authenticator.DEFAULT_TIMEOUT;
    private static final byte[] NO_DATA = new byte[0];

    private final Credentials credentials = Credentials.parse("alice s3cret\nbob hunter2\n", "credentials");
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final CramMd5Authenticator authenticator = authenticatorAllowing(4);

    @Test
    void theMasterOffersCramMd5Only() {
        assertThat(authenticator.authenticate(SCHEDULER)).isEqualTo(new Reply.Mechanisms(List.of("CRAM-MD5")));
    }

    @Test
    void theChallengeIsAFreshMessageIdNamingTheServer() {
        String first = new String(challengeFor(SCHEDULER), StandardCharsets.US_ASCII);
        String second = new String(challengeFor("scheduler-2@10.0.0.6:41234"), StandardCharsets.US_ASCII);

        assertThat(first).matches("<-?\\d+\\.\\d+@master\\.example\\.com>");
        assertThat(second).matches("<-?\\d+\\.\\d+@master\\.example\\.com>").isNotEqualTo(first);
    }

    @Test
    void theRightSecretAuthenticatesThePrincipal() throws SaslException {
        byte[] response = answer(challengeFor(SCHEDULER), "alice", "s3cret");

        assertThat(new String(response, StandardCharsets.US_ASCII)).matches("alice [0-9a-f]{32}");
        assertThat(authenticator.step(SCHEDULER, response)).isEqualTo(new Reply.Completed("alice"));
    }

    @Test
    void aWrongSecretFails() throws SaslException {
        byte[] response = answer(challengeFor(SCHEDULER), "alice", "hunter2");

        assertThat(authenticator.step(SCHEDULER, response)).isEqualTo(new Reply.Failed());
    }

    @Test
    void anUnknownPrincipalFailsLikeAWrongSecret() throws SaslException {
        byte[] response = answer(challengeFor(SCHEDULER), "mallory", "s3cret");

        assertThat(authenticator.step(SCHEDULER, response)).isEqualTo(new Reply.Failed());
    }

    @Test
    void aPrincipalWithAnEmptySecretCannotAuthenticate() throws SaslException {
        Credentials withEmptySecret = Credentials.parse("{\"credentials\": [{\"principal\": \"carol\"}]}", "json");
        CramMd5Authenticator strict = new CramMd5Authenticator(withEmptySecret, SERVER, TIMEOUT, 4, clock::get);
        strict.authenticate(SCHEDULER);
        byte[] challenge = ((Reply.Challenge) strict.start(SCHEDULER, "CRAM-MD5", NO_DATA)).data();

        assertThat(strict.step(SCHEDULER, answer(challenge, "carol", ""))).isEqualTo(new Reply.Failed());
    }

    @Test
    void anotherMechanismIsAnErrorInCyrusWordsAndEndsTheSession() {
        authenticator.authenticate(SCHEDULER);

        assertThat(authenticator.start(SCHEDULER, "PLAIN", NO_DATA))
                .isEqualTo(new Reply.Error("SASL(-4): no mechanism available: Couldn't find mech PLAIN"));
        assertThat(authenticator.start(SCHEDULER, "CRAM-MD5", NO_DATA))
                .isEqualTo(new Reply.Error("Unexpected authentication 'start' received"));
    }

    @Test
    void theMechanismIsMatchedRegardlessOfCaseAsCyrusDoes() {
        authenticator.authenticate(SCHEDULER);

        assertThat(authenticator.start(SCHEDULER, "cram-md5", NO_DATA)).isInstanceOf(Reply.Challenge.class);
    }

    @Test
    void aStepBeforeTheStartIsAnErrorAndEndsTheSession() {
        authenticator.authenticate(SCHEDULER);

        assertThat(authenticator.step(SCHEDULER, "alice 0123".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new Reply.Error("Unexpected authentication 'step' received"));
        assertThat(authenticator.start(SCHEDULER, "CRAM-MD5", NO_DATA))
                .isEqualTo(new Reply.Error("Unexpected authentication 'start' received"));
    }

    @Test
    void aStartWithoutAuthenticateOrASecondStartIsAnError() {
        assertThat(authenticator.start(SCHEDULER, "CRAM-MD5", NO_DATA))
                .isEqualTo(new Reply.Error("Unexpected authentication 'start' received"));

        challengeFor(SCHEDULER);
        assertThat(authenticator.start(SCHEDULER, "CRAM-MD5", NO_DATA))
                .isEqualTo(new Reply.Error("Unexpected authentication 'start' received"));
    }

    @Test
    void initialDataOnTheStartIsAProtocolErrorNotAFailure() {
        authenticator.authenticate(SCHEDULER);

        assertThat(authenticator.start(SCHEDULER, "CRAM-MD5", "alice".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(Reply.Error.class);
    }

    @Test
    void aResponseWithoutAPrincipalIsAProtocolErrorNotAFailure() {
        challengeFor(SCHEDULER);

        byte[] digestAlone = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Reply reply = authenticator.step(SCHEDULER, digestAlone);

        assertThat(reply).isInstanceOf(Reply.Error.class);
        assertThat(((Reply.Error) reply).message()).contains("space missing");
    }

    @Test
    void aSessionEndsWithItsOutcome() throws SaslException {
        byte[] response = answer(challengeFor(SCHEDULER), "alice", "s3cret");
        assertThat(authenticator.step(SCHEDULER, response)).isEqualTo(new Reply.Completed("alice"));

        assertThat(authenticator.step(SCHEDULER, response))
                .isEqualTo(new Reply.Error("Unexpected authentication 'step' received"));
    }

    @Test
    void aSessionMayTakeJustUnderTheTimeout() throws SaslException {
        byte[] challenge = challengeFor(SCHEDULER);
        clock.addAndGet(TIMEOUT.toNanos() - 1);

        assertThat(authenticator.step(SCHEDULER, answer(challenge, "alice", "s3cret")))
                .isEqualTo(new Reply.Completed("alice"));
    }

    @Test
    void aSessionNotFinishedWithinTheTimeoutIsAnsweredWithAnErrorTheDriverRetriesAfter() throws SaslException {
        byte[] challenge = challengeFor(SCHEDULER);
        clock.addAndGet(TIMEOUT.toNanos());

        assertThat(authenticator.step(SCHEDULER, answer(challenge, "alice", "s3cret")))
                .isEqualTo(new Reply.Error("Authentication timed out"));
    }

    @Test
    void theTimeoutRunsFromAuthenticateNotFromStart() {
        authenticator.authenticate(SCHEDULER);
        clock.addAndGet(TIMEOUT.toNanos());

        assertThat(authenticator.start(SCHEDULER, "CRAM-MD5", NO_DATA))
                .isEqualTo(new Reply.Error("Authentication timed out"));
    }

    @Test
    void authenticatingAgainReplacesTheSessionInProgress() throws SaslException {
        byte[] oldChallenge = challengeFor(SCHEDULER);
        authenticator.authenticate(SCHEDULER);

        assertThat(authenticator.step(SCHEDULER, answer(oldChallenge, "alice", "s3cret")))
                .isEqualTo(new Reply.Error("Unexpected authentication 'step' received"));
        byte[] newChallenge = challengeFor(SCHEDULER);
        assertThat(authenticator.step(SCHEDULER, answer(newChallenge, "alice", "s3cret")))
                .isEqualTo(new Reply.Completed("alice"));
    }

    @Test
    void noMoreThanTheCapOfSessionsIsOpenAtOnce() throws SaslException {
        CramMd5Authenticator capped = authenticatorAllowing(2);
        assertThat(capped.authenticate("a@10.0.0.1:1")).isInstanceOf(Reply.Mechanisms.class);
        assertThat(capped.authenticate("b@10.0.0.2:1")).isInstanceOf(Reply.Mechanisms.class);

        assertThat(capped.authenticate("c@10.0.0.3:1"))
                .isEqualTo(new Reply.Error("Too many authentication sessions in progress"));
        assertThat(capped.authenticate("a@10.0.0.1:1"))
                .as("a peer retrying takes the place of its own session").isInstanceOf(Reply.Mechanisms.class);

        byte[] challenge = ((Reply.Challenge) capped.start("a@10.0.0.1:1", "CRAM-MD5", NO_DATA)).data();
        capped.step("a@10.0.0.1:1", answer(challenge, "alice", "s3cret"));
        assertThat(capped.authenticate("c@10.0.0.3:1"))
                .as("a finished session frees its place").isInstanceOf(Reply.Mechanisms.class);
    }

    @Test
    void sessionsPastTheTimeoutDoNotHoldPlaces() {
        CramMd5Authenticator capped = authenticatorAllowing(1);
        capped.authenticate("a@10.0.0.1:1");
        clock.addAndGet(TIMEOUT.toNanos());

        assertThat(capped.authenticate("b@10.0.0.2:1")).isInstanceOf(Reply.Mechanisms.class);
        assertThat(capped.start("a@10.0.0.1:1", "CRAM-MD5", NO_DATA))
                .isEqualTo(new Reply.Error("Unexpected authentication 'start' received"));
    }

    @Test
    void manyPeersAuthenticateConcurrently() throws Exception {
        int threads = 8;
        int peersPerThread = 500;
        CramMd5Authenticator shared = new CramMd5Authenticator(credentials, SERVER, TIMEOUT, threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Reply>>> outcomes = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int first = thread * peersPerThread;
                outcomes.add(pool.submit(() -> {
                    List<Reply> replies = new ArrayList<>();
                    for (int peer = first; peer < first + peersPerThread; peer++) {
                        String pid = "scheduler-" + peer + "@10.0.0.5:41234";
                        boolean rightSecret = peer % 2 == 0;
                        shared.authenticate(pid);
                        byte[] challenge = ((Reply.Challenge) shared.start(pid, "CRAM-MD5", NO_DATA)).data();
                        replies.add(shared.step(pid, answer(challenge, "bob", rightSecret ? "hunter2" : "wrong")));
                    }
                    return replies;
                }));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<List<Reply>> outcome : outcomes) {
                replies.addAll(outcome.get(30, TimeUnit.SECONDS));
            }

            assertThat(replies).filteredOn(reply -> reply.equals(new Reply.Completed("bob")))
                    .hasSize(threads * peersPerThread / 2);
            assertThat(replies).filteredOn(reply -> reply.equals(new Reply.Failed()))
                    .hasSize(threads * peersPerThread / 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSettingsMustLeaveRoomToAuthenticate() {
        assertThatThrownBy(() -> new CramMd5Authenticator(credentials, SERVER, Duration.ZERO, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CramMd5Authenticator(credentials, SERVER, TIMEOUT, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CramMd5Authenticator(credentials, " ", TIMEOUT, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private CramMd5Authenticator authenticatorAllowing(int maxSessions) {
        return new CramMd5Authenticator(credentials, SERVER, TIMEOUT, maxSessions, clock::get);
    }

    private byte[] challengeFor(String peer) {
        assertThat(authenticator.authenticate(peer)).isInstanceOf(Reply.Mechanisms.class);
        Reply reply = authenticator.start(peer, "CRAM-MD5", NO_DATA);
        assertThat(reply).isInstanceOf(Reply.Challenge.class);
        return ((Reply.Challenge) reply).data();
    }

    /** What a libmesos driver answers: its start carries no data, its one step is {@code "principal digest"}. */
    private static byte[] answer(byte[] challenge, String principal, String secret) throws SaslException {
        CallbackHandler driver = callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(principal);
                } else if (callback instanceof PasswordCallback password) {
                    password.setPassword(secret.toCharArray());
                }
            }
        };
        SaslClient client = Sasl.createSaslClient(new String[] {"CRAM-MD5"}, null, "mesos", SERVER, null, driver);
        assertThat(client.hasInitialResponse()).isFalse();
        return client.evaluateChallenge(challenge);
    }
}

package io.mesosbridge.operator.authentication;

import java.util.List;

/** What the master answers a peer's authentication message with: each kind is one message of the v0 protocol. */
public sealed interface Reply {

    /** {@code AuthenticationMechanismsMessage}: the mechanisms the peer may start. */
    record Mechanisms(List<String> mechanisms) implements Reply {
        public Mechanisms {
            mechanisms = List.copyOf(mechanisms);
        }
    }

    /** {@code AuthenticationStepMessage}: the server's challenge, for the peer to answer with a step. */
    record Challenge(byte[] data) implements Reply {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** {@code AuthenticationCompletedMessage}: the peer is now {@code principal}. */
    record Completed(String principal) implements Reply {
    }

    /**
     * {@code AuthenticationFailedMessage}: an unknown principal or a wrong secret. The Mesos drivers take it as final
     * ("Master refused authentication") and do not retry.
     */
    record Failed() implements Reply {
    }

    /**
     * {@code AuthenticationErrorMessage}: a misuse of the protocol, a timeout, or no room for another session. The
     * Mesos drivers retry after it.
     */
    record Error(String message) implements Reply {
    }
}

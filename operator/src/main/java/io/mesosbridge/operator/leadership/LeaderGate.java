package io.mesosbridge.operator.leadership;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Whether this master may answer API calls now, as Mesos masters decide it: the leader answers once it has
 * recovered (informers synced, frameworks and tasks recovered); a follower redirects to the leader; with no leader
 * known, or before recovery, the master is unavailable.
 */
@ApplicationScoped
public class LeaderGate {

    private enum Role { RECOVERING, LEADING, FOLLOWING }

    /** What to do with a request now. */
    public sealed interface Decision {
    }

    /** This master leads: serve the request. */
    public record Serve() implements Decision {
    }

    /** Another master leads, at {@code hostAndPort}: send the client there (307). */
    public record Redirect(String hostAndPort) implements Decision {
    }

    /** Nobody can serve it now (503), for this reason. */
    public record Unavailable(String message) implements Decision {
    }

    private volatile Role role = Role.RECOVERING;
    private volatile String leaderAddress;
    private volatile long electedTimeMillis;

    /** This master leads and has recovered its state. */
    public void markRecovered() {
        electedTimeMillis = System.currentTimeMillis();
        role = Role.LEADING;
    }

    /** Another master leads, reachable at {@code hostAndPort}; null when the leader is not known. */
    public void following(String hostAndPort) {
        role = Role.FOLLOWING;
        leaderAddress = hostAndPort;
    }

    public boolean isLeading() {
        return role == Role.LEADING;
    }

    /** When this master was elected and recovered; 0 while it has not been. */
    public long electedTimeMillis() {
        return electedTimeMillis;
    }

    public Optional<String> leaderAddress() {
        return Optional.ofNullable(role == Role.FOLLOWING ? leaderAddress : null);
    }

    public Decision decide() {
        Role current = role;
        if (current == Role.LEADING) {
            return new Serve();
        }
        String leader = leaderAddress;
        if (current == Role.FOLLOWING && leader != null) {
            return new Redirect(leader);
        }
        return new Unavailable(current == Role.RECOVERING ? "Master has not finished recovery" : "No leading master");
    }
}

package io.mesosbridge.operator.master;

import io.mesosbridge.operator.http.ApiHttp;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Whether this master may answer API calls now, as Mesos masters decide it: the leader answers once it has
 * recovered (informers synced, frameworks and tasks recovered); a follower answers 307 with
 * {@code Location: //<leader host>:<port><path>}; with no leader known, or before recovery, the answer is 503.
 */
@ApplicationScoped
public class LeaderGate {

    private enum Role { RECOVERING, LEADING, FOLLOWING }

    private volatile Role role = Role.RECOVERING;
    private volatile String leaderAddress;

    /** This master leads and has recovered its state. */
    public void markRecovered() {
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

    public Optional<String> leaderAddress() {
        return Optional.ofNullable(role == Role.FOLLOWING ? leaderAddress : null);
    }

    /** The answer to give instead of serving {@code path}, if any. */
    public Optional<Answer> check(String path) {
        Role current = role;
        if (current == Role.LEADING) {
            return Optional.empty();
        }
        String leader = leaderAddress;
        if (current == Role.FOLLOWING && leader != null) {
            return Optional.of(response -> response.setStatusCode(307)
                    .putHeader("Location", "//" + leader + path).end());
        }
        return Optional.of(response -> ApiHttp.plain(response, 503,
                current == Role.RECOVERING ? "Master has not finished recovery" : "No leading master"));
    }

    /** An HTTP answer written in place of the normal one. */
    @FunctionalInterface
    public interface Answer {
        void apply(HttpServerResponse response);
    }
}

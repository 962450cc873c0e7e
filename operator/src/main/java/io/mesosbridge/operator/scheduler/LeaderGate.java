package io.mesosbridge.operator.scheduler;

import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Whether this master may answer API calls now. Until recovery has finished (informers synced, frameworks and tasks
 * recovered) it answers 503, as a Mesos master does before it has recovered.
 */
@ApplicationScoped
public class LeaderGate {

    private volatile boolean recovered;

    public void markRecovered() {
        recovered = true;
    }

    public boolean isRecovered() {
        return recovered;
    }

    /** The answer to give instead of serving {@code path}, if any. */
    public Optional<Answer> check(String path) {
        if (!recovered) {
            return Optional.of(response -> SchedulerEndpoint.plain(response, 503, "Master has not finished recovery"));
        }
        return Optional.empty();
    }

    /** An HTTP answer written in place of the normal one. */
    @FunctionalInterface
    public interface Answer {
        void apply(HttpServerResponse response);
    }
}

package io.mesosbridge.operator.http;

import java.util.Optional;
import java.util.Set;

/** The Mesos master's HTTP authentication realms, and which of the bridge's paths belongs to which. */
public enum Realm {
    /** The v1 scheduler API ({@code --authenticate_http_frameworks}). */
    SCHEDULER("mesos-master-scheduler"),
    /** Endpoints that change the cluster ({@code --authenticate_http_readwrite}). */
    READWRITE("mesos-master-readwrite"),
    /** Endpoints that read it ({@code --authenticate_http_readonly}). */
    READONLY("mesos-master-readonly");

    private static final Set<String> SCHEDULER_PATHS = Set.of("/api/v1/scheduler");
    private static final Set<String> READWRITE_PATHS = Set.of("/api/v1", "/teardown", "/machine/down",
            "/machine/up", "/maintenance/schedule", "/quota", "/weights", "/reserve", "/unreserve",
            "/create-volumes", "/destroy-volumes", "/logging/toggle");
    /** As on a Mesos master, health, version and the leader redirect answer anyone. */
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/version", "/redirect");

    private final String realmName;

    Realm(String realmName) {
        this.realmName = realmName;
    }

    /** The name a {@code WWW-Authenticate} challenge carries. */
    public String realmName() {
        return realmName;
    }

    /**
     * The realm of a request path, with or without the {@code /master} prefix; nothing for the open endpoints. Any
     * other path reads (state, metrics, flags and whatever is not listed), so it is read-only.
     */
    public static Optional<Realm> of(String path) {
        String endpoint = path.startsWith("/master/") ? path.substring("/master".length()) : path;
        if (endpoint.length() > 1 && endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        if (SCHEDULER_PATHS.contains(endpoint)) {
            return Optional.of(SCHEDULER);
        }
        if (READWRITE_PATHS.contains(endpoint) || endpoint.startsWith("/quota/")) {
            return Optional.of(READWRITE);
        }
        if (OPEN_PATHS.contains(endpoint)) {
            return Optional.empty();
        }
        return Optional.of(READONLY);
    }
}

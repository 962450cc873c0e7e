package io.mesosbridge.operator.frameworks;

import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.operator.scheduler.EventStream;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A registered framework: what it registered with, its event stream while connected, and its offer filters. */
public final class Framework {

    public enum State { CONNECTED, DISCONNECTED }

    private final String id;
    private FrameworkInfo info;
    private EventStream stream;
    private State state = State.DISCONNECTED;
    private Instant registeredTime = Instant.now();
    private Instant failoverDeadline;
    private final Set<String> suppressedRoles = new LinkedHashSet<>();
    private final Map<String, Long> refusedAgentsUntilMillis = new HashMap<>();

    public Framework(String id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    public String id() {
        return id;
    }

    public synchronized FrameworkInfo info() {
        return info;
    }

    public synchronized void updateInfo(FrameworkInfo info) {
        this.info = info;
    }

    /** The framework's roles: {@code roles} for MULTI_ROLE frameworks, else the old {@code role} (default "*"). */
    public synchronized List<String> roles() {
        if (hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE) || info.getRolesCount() > 0) {
            return info.getRolesCount() > 0 ? List.copyOf(info.getRolesList()) : List.of("*");
        }
        return List.of(info.hasRole() ? info.getRole() : "*");
    }

    public synchronized boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    public boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    public synchronized EventStream stream() {
        return stream;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized boolean isConnected() {
        return state == State.CONNECTED && stream != null && !stream.isClosed();
    }

    /** Attaches a new stream; returns the one it replaces, if any. */
    public synchronized EventStream connect(EventStream newStream) {
        EventStream old = stream;
        stream = newStream;
        state = State.CONNECTED;
        failoverDeadline = null;
        return old;
    }

    /** Detaches {@code closed} if it is still the current stream; returns whether it was. */
    public synchronized boolean disconnect(EventStream closed, Instant deadline) {
        if (stream != closed) {
            return false;
        }
        stream = null;
        state = State.DISCONNECTED;
        failoverDeadline = deadline;
        return true;
    }

    public synchronized Instant failoverDeadline() {
        return failoverDeadline;
    }

    public synchronized void setFailoverDeadline(Instant deadline) {
        this.failoverDeadline = deadline;
    }

    public synchronized Instant registeredTime() {
        return registeredTime;
    }

    public synchronized Set<String> suppressedRoles() {
        return Set.copyOf(suppressedRoles);
    }

    public synchronized void suppress(List<String> roles) {
        suppressedRoles.addAll(roles.isEmpty() ? roles() : roles);
    }

    /** REVIVE: lifts suppression and every DECLINE filter for the roles (all roles when none are named). */
    public synchronized void revive(List<String> roles) {
        if (roles.isEmpty()) {
            suppressedRoles.clear();
        } else {
            roles.forEach(suppressedRoles::remove);
        }
        refusedAgentsUntilMillis.clear();
    }

    public synchronized void refuse(String agentId, long untilMillis) {
        refusedAgentsUntilMillis.merge(agentId, untilMillis, Math::max);
    }

    public synchronized boolean refuses(String agentId, long nowMillis) {
        Long until = refusedAgentsUntilMillis.get(agentId);
        if (until == null) {
            return false;
        }
        if (until <= nowMillis) {
            refusedAgentsUntilMillis.remove(agentId);
            return false;
        }
        return true;
    }

    /** The first role that is not suppressed, or null when every role is. */
    public synchronized String offerRole() {
        for (String role : roles()) {
            if (!suppressedRoles.contains(role)) {
                return role;
            }
        }
        return null;
    }
}

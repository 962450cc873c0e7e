package io.mesosbridge.operator.frameworks;

import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.operator.authorization.KubernetesUser;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A registered framework: what it registered with, its channel while connected, its offer filters, and the counts
 * Mesos publishes per framework (calls received, events sent, offers).
 */
public final class Framework {

    public enum State { CONNECTED, DISCONNECTED }

    private final String id;
    private FrameworkInfo info;
    private FrameworkChannel channel;
    private State state = State.DISCONNECTED;
    private boolean active;
    private String pid;
    private KubernetesUser kubernetesUser;
    private final Instant registeredTime = Instant.now();
    private Instant unregisteredTime;
    private Instant failoverDeadline;
    private final Set<String> suppressedRoles = new LinkedHashSet<>();
    private final Map<String, Long> refusedAgentsUntilMillis = new HashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

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

    synchronized void updateInfo(FrameworkInfo info) {
        this.info = info;
    }

    /** The framework's roles: {@code roles} for MULTI_ROLE frameworks, else the old {@code role} (default "*"). */
    public synchronized List<String> roles() {
        return rolesOf(info);
    }

    /** The roles a FrameworkInfo asks for, as {@link #roles()} reads them. */
    public static List<String> rolesOf(FrameworkInfo info) {
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole || info.getRolesCount() > 0) {
            return info.getRolesCount() > 0 ? List.copyOf(info.getRolesList()) : List.of("*");
        }
        return List.of(info.hasRole() ? info.getRole() : "*");
    }

    /**
     * Who the framework is to the authorizer: the Kubernetes user it authenticated as, else its FrameworkInfo's
     * principal (as Mesos authorizes a framework by {@code FrameworkInfo.principal}), else nobody.
     */
    public synchronized Subject subject() {
        return subjectOf(info, Optional.ofNullable(kubernetesUser));
    }

    /** {@link #subject()} of a framework registering with {@code info}, authenticated as {@code kubernetesUser}. */
    public static Subject subjectOf(FrameworkInfo info, Optional<KubernetesUser> kubernetesUser) {
        return kubernetesUser.map(Subject::kubernetes).orElseGet(() -> Subject.principal(
                info.hasPrincipal() ? Optional.of(info.getPrincipal()) : Optional.empty()));
    }

    /** The Kubernetes user of its current subscription, when it authenticated with a Kubernetes token. */
    public synchronized void authenticatedAs(Optional<KubernetesUser> user) {
        this.kubernetesUser = user.orElse(null);
    }

    public synchronized boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    public boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    public synchronized FrameworkChannel channel() {
        return channel;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized boolean isConnected() {
        return state == State.CONNECTED && channel != null && channel.isOpen();
    }

    /** Connected and not deactivated: a framework the allocator offers resources to. */
    public synchronized boolean isActive() {
        return isConnected() && active;
    }

    /**
     * The libprocess pid of its latest v0 scheduler, kept while it is disconnected (Mesos shows it, and a call from
     * it is then known to come from the framework); empty for an HTTP framework.
     */
    public synchronized Optional<String> pid() {
        return Optional.ofNullable(pid);
    }

    /** Sends an event on the current channel; false when the framework is not connected. */
    public boolean send(Event event) {
        FrameworkChannel current = channel();
        if (current == null || !current.send(event)) {
            return false;
        }
        count("events/" + event.getType().name().toLowerCase(java.util.Locale.ROOT));
        return true;
    }

    /**
     * Takes the framework off its channel (no event reaches it until {@link #connect}); returns that channel, if any.
     */
    public synchronized FrameworkChannel detach() {
        FrameworkChannel old = channel;
        channel = null;
        return old;
    }

    /** Attaches the framework's new channel. */
    public synchronized void connect(FrameworkChannel newChannel) {
        channel = newChannel;
        state = State.CONNECTED;
        active = true;
        pid = newChannel.pid().orElse(null);
        failoverDeadline = null;
    }

    /** Deactivates the connected framework (a v0 driver's {@code abort()}): no offers until it subscribes again. */
    public synchronized void deactivate() {
        active = false;
    }

    /** Detaches {@code closed} if it is still the current channel; returns whether it was. */
    public synchronized boolean disconnect(FrameworkChannel closed, Instant deadline) {
        if (channel != closed) {
            return false;
        }
        channel = null;
        state = State.DISCONNECTED;
        active = false;
        failoverDeadline = deadline;
        return true;
    }

    public synchronized Instant failoverDeadline() {
        return failoverDeadline;
    }

    synchronized void setFailoverDeadline(Instant deadline) {
        this.failoverDeadline = deadline;
    }

    public Instant registeredTime() {
        return registeredTime;
    }

    /** When the framework was removed (teardown, failover timeout); null while it is registered. */
    public synchronized Instant unregisteredTime() {
        return unregisteredTime;
    }

    synchronized void markRemoved(Instant when) {
        unregisteredTime = when;
        channel = null;
        state = State.DISCONNECTED;
        active = false;
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

    /** The DECLINE filters still running at {@code nowMillis}: agent id to the time each ends. */
    public synchronized Map<String, Long> refusals(long nowMillis) {
        refusedAgentsUntilMillis.values().removeIf(until -> until <= nowMillis);
        return Map.copyOf(refusedAgentsUntilMillis);
    }

    /** The roles the framework wants offers in: its roles that are not suppressed, in its order. */
    public synchronized List<String> unsuppressedRoles() {
        return roles().stream().filter(role -> !suppressedRoles.contains(role)).toList();
    }

    /** Counts one occurrence under a per-framework metric name such as {@code calls/accept}. */
    public void count(String metric) {
        counts.computeIfAbsent(metric, name -> new LongAdder()).increment();
    }

    /** The per-framework counts so far, by metric name below {@code master/frameworks/<name>/<id>/}. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        counts.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }
}

package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The security contexts of a migrated app or pod: the ones the operator gives a task Pod with the same Mesos input,
 * built by the same {@link PodSecurity} functions at the operator's default level (baseline): the runtime's default
 * seccomp profile, every capability dropped but {@link PodSecurity#DEFAULT_TASK_CAPABILITIES} (and what docker
 * {@code cap-add} asks for), no privilege escalation unless privileged.
 *
 * <p>Users map as the operator maps them with its default table ({@code root=0,nobody=65534}, every other name
 * runs as 65534); a numeric user is taken as that uid. A definition without a user keeps the image's user: it ran
 * as Marathon's {@code --mesos_user}, which the definition does not say.
 */
public final class WorkloadSecurity {

    static final PodSecurity.Level LEVEL = PodSecurity.Level.BASELINE;
    /** The uid (and gid) of {@code nobody} and of every user name that is neither root nor a number. */
    static final long NOBODY_UID = 65534;
    /** (uid_t) -1 means "no change" to the kernel, so the largest uid is one less (as the operator's users table). */
    private static final long MAX_UID = 0xFFFF_FFFEL;

    private WorkloadSecurity() {
    }

    /**
     * The uid a Mesos user ran as (Marathon's app and pod {@code user}, Metronome's {@code run.user}, Chronos's
     * {@code runAsUser}); empty when no user is set. A number (also a JSON number, which Chronos reads as text) is
     * that uid.
     */
    public static OptionalLong uid(Node user, Warnings.SourceWarnings warnings) {
        if (!user.present() || user.scalarText().isEmpty()) {
            return OptionalLong.empty();
        }
        String name = user.scalarText();
        if (name.equals("root")) {
            return OptionalLong.of(0);
        }
        if (name.matches("\\d{1,10}") && Long.parseLong(name) <= MAX_UID) {
            return OptionalLong.of(Long.parseLong(name));
        }
        if (!name.equals("nobody")) {
            warnings.warn(user, "user " + name + " is a name, and Kubernetes needs a number: runs as uid "
                    + NOBODY_UID + " (nobody), as the bridge runs users its table does not list; set runAsUser to"
                    + " the uid " + name + " had on the agents");
        }
        return OptionalLong.of(NOBODY_UID);
    }

    /** The Pod's security context: runs as {@code uid} (its gid the same) or, without one, as the image says. */
    public static PodSecurityContext pod(OptionalLong uid) {
        return uid.isPresent() ? PodSecurity.podSecurityContext(uid.getAsLong(), uid.getAsLong())
                : PodSecurity.imageUserPodSecurityContext();
    }

    /** A container's security context with the default capabilities, as a Mesos container (no docker flags) gets. */
    static SecurityContext container() {
        return PodSecurity.containerSecurityContext(PodSecurity.defaultCapabilities(LEVEL), false);
    }

    /**
     * A container's security context with the default capabilities changed by docker's {@code cap-add} and
     * {@code cap-drop} as docker changes its own defaults, privileged when asked for ({@code privilegedAt} is the
     * field that asks, warned about); a capability beyond the baseline level is warned about at {@code capsAt}.
     */
    public static SecurityContext container(List<String> added, List<String> dropped, Node capsAt, boolean privileged,
                                     Node privilegedAt, Warnings.SourceWarnings warnings) {
        Set<String> kept = new LinkedHashSet<>(PodSecurity.defaultCapabilities(LEVEL));
        if (dropped.contains("ALL")) {
            kept.clear();
        } else {
            dropped.forEach(kept::remove);
        }
        for (String capability : added) {
            if (capability.equals("ALL")) {
                warnings.warn(capsAt, "cap-add ALL is not carried over (Kubernetes drops ALL before it adds):"
                        + " list the capabilities the app needs, or make the container privileged");
            } else {
                kept.add(capability);
            }
        }
        Set<String> beyondBaseline = new TreeSet<>(kept);
        beyondBaseline.removeAll(PodSecurity.BASELINE_CAPABILITIES);
        if (!beyondBaseline.isEmpty()) {
            warnings.warn(capsAt, "capabilities " + String.join(", ", beyondBaseline) + " are beyond the Pod"
                    + " Security level baseline: the namespace must allow the level privileged");
        }
        if (privileged) {
            warnings.warn(privilegedAt, "privileged container: the namespace must allow the Pod Security level"
                    + " privileged (the bridge refuses privileged tasks below it)");
        }
        return PodSecurity.containerSecurityContext(List.copyOf(kept), privileged);
    }

    /** A Pod sharing the host's PID or IPC namespace needs the Pod Security level privileged: warned at {@code at}. */
    public static void warnHostNamespaces(boolean pid, boolean ipc, Node at, Warnings.SourceWarnings warnings) {
        List<String> shared = new ArrayList<>();
        if (pid) {
            shared.add("PID");
        }
        if (ipc) {
            shared.add("IPC");
        }
        if (!shared.isEmpty()) {
            warnings.warn(at, "shares the host's " + String.join(" and ", shared)
                    + " namespace: the namespace must allow the Pod Security level privileged");
        }
    }

    /** A container's security context that runs it as {@code uid} (its gid the same) rather than as the Pod does. */
    static SecurityContext runningAs(SecurityContext context, long uid) {
        return new SecurityContextBuilder(context).withRunAsUser(uid).withRunAsGroup(uid).withRunAsNonRoot(uid != 0)
                .build();
    }
}

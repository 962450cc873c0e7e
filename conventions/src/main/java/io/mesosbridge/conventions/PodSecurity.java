package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standards levels (kubernetes.io/docs/concepts/security/pod-security-standards) and the security
 * contexts of a hardened Pod at each: what the operator gives task Pods, and the labels of the namespace they run in.
 */
public final class PodSecurity {

    public static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
    public static final String WARN_LABEL = "pod-security.kubernetes.io/warn";
    public static final String AUDIT_LABEL = "pod-security.kubernetes.io/audit";

    /** The capabilities the baseline level lets a container add; anything else needs privileged. */
    public static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE",
            "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYS_CHROOT");
    /** The one capability the restricted level lets a container add. */
    public static final String RESTRICTED_CAPABILITY = "NET_BIND_SERVICE";
    /**
     * What a root task of an ordinary Mesos framework needs (change owners and modes of its files, switch users,
     * bind low ports, signal its children, chroot): the container runtimes' default set less MKNOD, SETFCAP and
     * NET_RAW, all within {@link #BASELINE_CAPABILITIES}.
     */
    public static final List<String> DEFAULT_TASK_CAPABILITIES = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE",
            "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    /** A Pod Security Standards level, by the name its namespace label carries. */
    public enum Level {
        PRIVILEGED, BASELINE, RESTRICTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level of(String label) {
            for (Level level : values()) {
                if (level.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return level;
                }
            }
            throw new IllegalArgumentException("'" + label + "' is not a Pod Security level (privileged, baseline,"
                    + " restricted)");
        }
    }

    private PodSecurity() {
    }

    /** The capabilities task containers keep when none are configured: {@link #DEFAULT_TASK_CAPABILITIES}, or at restricted the one it allows. */
    public static List<String> defaultCapabilities(Level level) {
        return level == Level.RESTRICTED ? List.of(RESTRICTED_CAPABILITY) : DEFAULT_TASK_CAPABILITIES;
    }

    /** The labels that make Pod Security admission enforce one level and warn about and audit against another. */
    public static Map<String, String> namespaceLabels(Level enforce, Level warnAndAudit) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ENFORCE_LABEL, enforce.label());
        labels.put(WARN_LABEL, warnAndAudit.label());
        labels.put(AUDIT_LABEL, warnAndAudit.label());
        return labels;
    }

    /**
     * Capability names as Kubernetes writes them (upper case, no {@code CAP_}), checked against what {@code level}
     * allows a container to add.
     *
     * @throws IllegalArgumentException naming the capabilities the level forbids
     */
    public static List<String> capabilities(Collection<String> names, Level level) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String name : names) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            if (!upper.isEmpty()) {
                normalized.add(upper.startsWith("CAP_") ? upper.substring(4) : upper);
            }
        }
        List<String> forbidden = new ArrayList<>();
        for (String capability : normalized) {
            boolean allowed = switch (level) {
                case PRIVILEGED -> true;
                case BASELINE -> BASELINE_CAPABILITIES.contains(capability);
                case RESTRICTED -> capability.equals(RESTRICTED_CAPABILITY);
            };
            if (!allowed) {
                forbidden.add(capability);
            }
        }
        if (!forbidden.isEmpty()) {
            throw new IllegalArgumentException("The Pod Security level " + level.label() + " does not allow adding "
                    + forbidden);
        }
        return List.copyOf(normalized);
    }

    /**
     * The Pod's security context: the user and group it runs as, never root unless {@code uid} is 0, and the
     * runtime's default seccomp profile.
     */
    public static PodSecurityContext podSecurityContext(long uid, long gid) {
        return new PodSecurityContextBuilder(imageUserPodSecurityContext())
                .withRunAsUser(uid)
                .withRunAsGroup(gid)
                .withRunAsNonRoot(uid != 0)
                .build();
    }

    /**
     * The Pod's security context when its containers keep the user their images name (a migrated workload whose
     * Mesos definition named no user): only the runtime's default seccomp profile.
     */
    public static PodSecurityContext imageUserPodSecurityContext() {
        return new PodSecurityContextBuilder()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /**
     * A container's security context: every capability dropped but {@code capabilities}, no privilege escalation;
     * a privileged container (which Kubernetes lets escalate by definition) only when asked for.
     */
    public static SecurityContext containerSecurityContext(List<String> capabilities, boolean privileged) {
        SecurityContextBuilder context = new SecurityContextBuilder()
                .withNewCapabilities().withDrop("ALL").withAdd(capabilities).endCapabilities();
        return privileged ? context.withPrivileged(true).build()
                : context.withAllowPrivilegeEscalation(false).build();
    }
}

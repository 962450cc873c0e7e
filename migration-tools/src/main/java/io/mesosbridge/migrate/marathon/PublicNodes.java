package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.migrate.input.InputError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the nodes that stand for DC/OS public agents (agents whose resources are reserved for role
 * {@code slave_public}) are recognised: a node label, and a taint that keeps other pods off them. The defaults are
 * what {@code mesos-migrate agent-config} writes for an agent all of whose resources are reserved for one role:
 * label and taint {@code mesos.mesosbridge.io/role=slave-public} (NoSchedule).
 *
 * @param labelKey    node label an app that only accepted {@code slave_public} resources must have
 * @param labelValue  its value
 * @param taint       the taint of public nodes; null when public nodes are not tainted
 */
public record PublicNodes(String labelKey, String labelValue, Toleration taint) {

    public static final String ROLE = "slave_public";
    public static final String DEFAULT_SELECTOR = KubernetesKeys.ROLE_LABEL + "=slave-public";
    public static final String DEFAULT_TAINT = KubernetesKeys.ROLE_LABEL + "=slave-public:NoSchedule";

    private static final Pattern SELECTOR = Pattern.compile("([^=\\s]+)=([^=\\s]*)");
    private static final Pattern TAINT = Pattern.compile("([^=:\\s]+)(?:=([^:\\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)");

    public static PublicNodes defaults() {
        return parse(DEFAULT_SELECTOR, DEFAULT_TAINT);
    }

    /** {@code KEY=VALUE} and {@code KEY[=VALUE]:EFFECT} (as {@code kubectl taint} writes it), or "none" for no taint. */
    public static PublicNodes parse(String selector, String taint) {
        Matcher s = SELECTOR.matcher(selector);
        if (!s.matches()) {
            throw new InputError("--public-node-selector", null, "expected KEY=VALUE, found " + selector);
        }
        if (taint.equals("none")) {
            return new PublicNodes(s.group(1), s.group(2), null);
        }
        Matcher t = TAINT.matcher(taint);
        if (!t.matches()) {
            throw new InputError("--public-node-taint", null,
                    "expected KEY=VALUE:EFFECT (NoSchedule, PreferNoSchedule or NoExecute) or none, found " + taint);
        }
        TolerationBuilder toleration = new TolerationBuilder().withKey(t.group(1)).withEffect(t.group(3));
        if (t.group(2) == null) {
            toleration.withOperator("Exists");
        } else {
            toleration.withOperator("Equal").withValue(t.group(2));
        }
        return new PublicNodes(s.group(1), s.group(2), toleration.build());
    }

    /** Where an app's {@code acceptedResourceRoles} (or {@code role}) lets it run. */
    public enum Access {
        /** Never on a public agent: no public role. */
        PRIVATE,
        /** Public agents as well as others ({@code ["slave_public", "*"]}, or role slave_public): a toleration. */
        ALSO_PUBLIC,
        /** Only on public agents ({@code ["slave_public"]}): a node selector and a toleration. */
        ONLY_PUBLIC
    }

    /** The node selector of pods with this access (empty when they may run on any node). */
    Map<String, String> nodeSelector(Access access) {
        return access == Access.ONLY_PUBLIC ? Map.of(labelKey, labelValue) : Map.of();
    }

    /** The other tolerations of a pod, and the one for public nodes if its access needs it. */
    List<Toleration> withTolerations(Access access, List<Toleration> others) {
        if (access == Access.PRIVATE || taint == null) {
            return others;
        }
        List<Toleration> all = new ArrayList<>(others);
        all.add(taint);
        return all;
    }

    /** "nodeSelector mesos.mesosbridge.io/role=slave-public and a toleration of taint ...". */
    String describe(Access access) {
        String tolerated = taint == null ? "" : "a toleration of taint " + taint.getKey()
                + (taint.getValue() == null ? "" : "=" + taint.getValue()) + ":" + taint.getEffect();
        if (access == Access.ONLY_PUBLIC) {
            return "nodeSelector " + labelKey + "=" + labelValue + (tolerated.isEmpty() ? "" : " and " + tolerated);
        }
        return tolerated.isEmpty() ? "no placement (public nodes are not tainted)" : tolerated;
    }
}

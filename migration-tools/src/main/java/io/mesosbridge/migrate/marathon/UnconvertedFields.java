package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warnings, each at its field's path, for the fields of Marathon's app and pod schemas that have no Kubernetes
 * counterpart and that no other part of the conversion reads. A field keeping Marathon's default, which changes
 * nothing, is not warned about.
 */
final class UnconvertedFields {

    /** Marathon's defaults for an unreachableStrategy object that leaves a field out (unreachableStrategy.raml). */
    static final long DEFAULT_INACTIVE_AFTER_SECONDS = 300;
    static final long DEFAULT_EXPUNGE_AFTER_SECONDS = 600;

    private UnconvertedFields() {
    }

    static void warnInApp(Node app, Warnings.SourceWarnings warnings) {
        warnUnreachableExpunge(app.get("unreachableStrategy"), warnings);
        if (app.has("residency")) {
            warnings.warn(app.get("residency"), "residency: Marathon relaunched a resident task elsewhere after"
                    + " relaunchEscalationTimeoutSeconds (taskLostBehavior); a StatefulSet pod waits for its node and"
                    + " its claim, and is moved only when its claim is deleted; not carried over");
        }
        Node container = app.get("container");
        if (container.get("docker").has("credential")) {
            warnings.warn(container.get("docker").get("credential"), "registry credential (principal and secret)"
                    + " is not carried over: create a kubernetes.io/dockerconfigjson Secret and name it in the"
                    + " workload's imagePullSecrets");
        }
        warnSeccomp(container.get("linuxInfo").get("seccomp"), warnings);
        Node ipAddress = app.get("ipAddress");
        if (!ipAddress.get("groups").elements().isEmpty()) {
            warnings.warn(ipAddress.get("groups"), "network security groups are not carried over: express them as"
                    + " NetworkPolicies");
        }
        warnLabels(ipAddress.get("labels"), "network labels (read by the CNI plugin)", warnings);
        for (Node network : app.get("networks").elements()) {
            warnLabels(network.get("labels"), "network labels (read by the CNI plugin)", warnings);
        }
        for (Node mappings : List.of(container.get("portMappings"), container.get("docker").get("portMappings"))) {
            for (Node mapping : mappings.elements()) {
                warnPort(mapping, warnings);
                if (mapping.get("servicePort").integer(0) != 0) {
                    warnings.warn(mapping.get("servicePort"), "servicePort " + mapping.get("servicePort").integer(0)
                            + " was the load balancer's port for this mapping (marathon-lb, VIPs); not carried over:"
                            + " clients reach the Service on the container port");
                }
            }
        }
        for (Node definition : app.get("portDefinitions").elements()) {
            warnLabels(nonVipLabels(definition.get("labels")), "port labels", warnings);
        }
        warnFetcherCache(app.get("fetch"), warnings);
    }

    static void warnInPod(Node pod, Warnings.SourceWarnings warnings) {
        Node scheduling = pod.get("scheduling");
        warnUnreachableExpunge(scheduling.get("unreachableStrategy"), warnings);
        if (scheduling.get("killSelection").text("YOUNGEST_FIRST").equals("OLDEST_FIRST")) {
            warnings.warn(scheduling.get("killSelection"), "OLDEST_FIRST: Kubernetes picks which pods to remove when"
                    + " scaling down; not carried over");
        }
        if (pod.get("scaling").has("maxInstances")) {
            warnings.warn(pod.get("scaling").get("maxInstances"), "maxInstances has no counterpart in a fixed"
                    + " replica count; not carried over (a HorizontalPodAutoscaler's maxReplicas is one)");
        }
        if (pod.get("legacySharedCgroups").bool(false)) {
            warnings.warn(pod.get("legacySharedCgroups"), "legacySharedCgroups: the containers shared the pod's"
                    + " cpu and memory; Kubernetes holds each container to its own resources, so a container that"
                    + " used more than it asked for needs larger requests or limits");
        }
        warnSeccomp(pod.get("linuxInfo").get("seccomp"), warnings);
        warnIpc(pod.get("linuxInfo").get("ipcInfo"), "the pod's", warnings);
        for (Node network : pod.get("networks").elements()) {
            warnLabels(network.get("labels"), "network labels (read by the CNI plugin)", warnings);
        }
        for (Node container : pod.get("containers").elements()) {
            warnSeccomp(container.get("linuxInfo").get("seccomp"), warnings);
            warnIpc(container.get("linuxInfo").get("ipcInfo"), "the container's", warnings);
            warnLabels(container.get("image").get("labels"), "image labels", warnings);
            for (Node endpoint : container.get("endpoints").elements()) {
                if (!endpoint.get("networkNames").elements().isEmpty()) {
                    warnings.warn(endpoint.get("networkNames"), "the networks a port is published on are not"
                            + " carried over; the port is on the pod network");
                }
            }
            warnFetcherCache(container.get("artifacts"), warnings);
        }
    }

    /**
     * Marathon marks an unreachable instance inactive (and replaces it) after inactiveAfterSeconds, and forgets it
     * (killing it should it come back) only after expungeAfterSeconds; in between a returning instance is kept.
     * Kubernetes evicts the pod after the toleration (inactiveAfterSeconds) and always kills it when its node is back.
     */
    private static void warnUnreachableExpunge(Node strategy, Warnings.SourceWarnings warnings) {
        if (!strategy.isObject()) {
            return;
        }
        long inactive = strategy.get("inactiveAfterSeconds").longInteger(DEFAULT_INACTIVE_AFTER_SECONDS);
        long expunge = strategy.get("expungeAfterSeconds").longInteger(DEFAULT_EXPUNGE_AFTER_SECONDS);
        if (expunge > inactive) {
            warnings.warn(strategy.has("expungeAfterSeconds") ? strategy.get("expungeAfterSeconds") : strategy,
                    "expungeAfterSeconds " + expunge + ": an instance that came back within that time was kept;"
                            + " Kubernetes kills a pod evicted after inactiveAfterSeconds (" + inactive + " s) when"
                            + " its node comes back; not carried over");
        }
    }

    private static void warnSeccomp(Node seccomp, Warnings.SourceWarnings warnings) {
        if (seccomp.get("unconfined").bool(false)) {
            warnings.warn(seccomp.get("unconfined"), "seccomp unconfined: the container runs under the runtime's"
                    + " default profile (RuntimeDefault), as the bridge's task Pods do; set seccompProfile"
                    + " Unconfined if it needs a system call that profile blocks");
        }
        seccomp.get("profileName").optionalText().ifPresent(profile -> warnings.warn(seccomp.get("profileName"),
                "seccomp profile " + profile + " from the agents is not carried over: the container runs under"
                        + " RuntimeDefault; install the profile on the nodes and set seccompProfile Localhost"));
    }

    /** ipcInfo of a pod or of one of its containers; an app's is converted by {@link AppConverter}. */
    private static void warnIpc(Node ipcInfo, String whose, Warnings.SourceWarnings warnings) {
        if (!ipcInfo.present()) {
            return;
        }
        warnings.warn(ipcInfo, "ipcInfo (mode " + ipcInfo.get("mode").text("PRIVATE")
                + (ipcInfo.has("shmSize") ? ", shmSize " + ipcInfo.get("shmSize").scalarText() + " MiB" : "") + "): "
                + whose + " IPC namespace and /dev/shm are not carried over; the containers of a Kubernetes pod"
                + " share one IPC namespace and the runtime's /dev/shm");
    }

    private static void warnPort(Node mapping, Warnings.SourceWarnings warnings) {
        warnLabels(nonVipLabels(mapping.get("labels")), "port labels", warnings);
        if (!mapping.get("networkNames").elements().isEmpty()) {
            warnings.warn(mapping.get("networkNames"), "the networks a port is published on are not carried over;"
                    + " the port is on the pod network");
        }
    }

    /** VIP labels are warned about where ports are planned ({@link PortPlan}); the others here. */
    private static Map<String, Node> nonVipLabels(Node labels) {
        Map<String, Node> others = new LinkedHashMap<>(labels.fields());
        others.keySet().removeIf(key -> key.toUpperCase(Locale.ROOT).startsWith("VIP"));
        return others;
    }

    private static void warnLabels(Node labels, String what, Warnings.SourceWarnings warnings) {
        warnLabels(labels.fields(), what, warnings);
    }

    private static void warnLabels(Map<String, Node> labels, String what, Warnings.SourceWarnings warnings) {
        for (Map.Entry<String, Node> label : labels.entrySet()) {
            warnings.warn(label.getValue(), what + " have no Kubernetes equivalent: " + label.getKey()
                    + " not carried over");
        }
    }

    private static void warnFetcherCache(Node artifacts, Warnings.SourceWarnings warnings) {
        for (Node artifact : artifacts.elements()) {
            if (artifact.get("cache").bool(false)) {
                warnings.warn(artifact.get("cache"), "the fetcher cache is not carried over: the init container"
                        + " downloads " + artifact.get("uri").text("the URI") + " at every start");
            }
        }
    }
}

package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.UnknownFields;
import io.mesosbridge.migrate.report.Warnings;

import java.util.Map;
import java.util.Set;

/**
 * The fields Marathon's app schema (its RAML types: AppHealthCheck, ReadinessCheck, Container, DockerContainer,
 * ContainerPortMapping, AppVolume, ...) allows inside the objects of an app. A field that is not among them — a
 * misspelling such as {@code intervalSecond} or {@code protcol} — is warned about with its path, as an unknown
 * top-level field is, so that {@code --strict} stops on it instead of the probe silently keeping a default.
 * Objects whose keys are free (labels, env, secrets, driver options) are not checked.
 */
final class NestedFields {

    /** LinuxInfo, Seccomp and IPCInfo of Marathon's linux.raml. */
    private static final Set<String> LINUX_INFO = Set.of("seccomp", "ipcInfo");
    private static final Set<String> SECCOMP = Set.of("profileName", "unconfined");
    private static final Set<String> IPC_INFO = Set.of("mode", "shmSize");
    private static final Set<String> PORT_MAPPING = Set.of("containerPort", "hostPort", "servicePort", "protocol",
            "name", "labels", "networkNames");

    /** Keyed by the place inside an app: field names joined by dots, {@code []} for the elements of an array. */
    static final Map<String, Set<String>> APP = Map.ofEntries(
            Map.entry("healthChecks[]", Set.of("command", "gracePeriodSeconds", "ignoreHttp1xx", "intervalSeconds",
                    "maxConsecutiveFailures", "path", "port", "portIndex", "protocol", "ipProtocol", "timeoutSeconds",
                    "delaySeconds")),
            Map.entry("healthChecks[].command", Set.of("value")),
            Map.entry("readinessChecks[]", Set.of("name", "protocol", "path", "portName", "intervalSeconds",
                    "timeoutSeconds", "httpStatusCodesForReady", "preserveLastResponse")),
            Map.entry("upgradeStrategy", Set.of("minimumHealthCapacity", "maximumOverCapacity")),
            Map.entry("unreachableStrategy", Set.of("inactiveAfterSeconds", "expungeAfterSeconds")),
            Map.entry("portDefinitions[]", Set.of("port", "protocol", "name", "labels")),
            Map.entry("container", Set.of("type", "docker", "appc", "volumes", "portMappings", "linuxInfo")),
            Map.entry("container.linuxInfo", LINUX_INFO),
            Map.entry("container.linuxInfo.seccomp", SECCOMP),
            Map.entry("container.linuxInfo.ipcInfo", IPC_INFO),
            Map.entry("container.docker.credential", Set.of("principal", "secret")),
            // forcePull appears in Mesos-container (UCR) app examples; the converter honours it like forcePullImage.
            Map.entry("container.docker", Set.of("image", "network", "portMappings", "privileged", "parameters",
                    "forcePullImage", "forcePull", "credential", "pullConfig")),
            Map.entry("container.docker.parameters[]", Set.of("key", "value")),
            Map.entry("container.docker.portMappings[]", PORT_MAPPING),
            Map.entry("container.portMappings[]", PORT_MAPPING),
            Map.entry("container.volumes[]", Set.of("containerPath", "hostPath", "mode", "persistent", "external",
                    "secret")),
            Map.entry("container.volumes[].persistent", Set.of("type", "size", "maxSize", "profileName",
                    "constraints")),
            Map.entry("container.volumes[].external", Set.of("name", "provider", "options", "size", "shared")),
            Map.entry("fetch[]", Set.of("uri", "extract", "executable", "cache", "destPath")),
            Map.entry("networks[]", Set.of("name", "mode", "labels")),
            Map.entry("ipAddress", Set.of("groups", "labels", "networkName", "discovery")),
            Map.entry("residency", Set.of("relaunchEscalationTimeoutSeconds", "taskLostBehavior")),
            Map.entry("resourceLimits", Set.of("cpus", "mem")));

    /** The same for a pod (RAML types PodContainer, HealthCheck, Endpoint, PodSchedulingPolicy, ...). */
    static final Map<String, Set<String>> POD = Map.ofEntries(
            Map.entry("containers[].healthCheck", Set.of("http", "tcp", "exec", "gracePeriodSeconds",
                    "intervalSeconds", "maxConsecutiveFailures", "timeoutSeconds", "delaySeconds")),
            Map.entry("containers[].healthCheck.http", Set.of("endpoint", "path", "scheme")),
            Map.entry("containers[].healthCheck.tcp", Set.of("endpoint")),
            Map.entry("containers[].healthCheck.exec", Set.of("command")),
            Map.entry("containers[].exec", Set.of("command", "overrideEntrypoint")),
            Map.entry("containers[].resources", Set.of("cpus", "mem", "disk", "gpus")),
            Map.entry("containers[].resourceLimits", Set.of("cpus", "mem")),
            Map.entry("containers[].endpoints[]", Set.of("name", "containerPort", "hostPort", "protocol", "labels",
                    "networkNames")),
            Map.entry("containers[].image", Set.of("kind", "id", "forcePull", "labels", "pullConfig")),
            Map.entry("containers[].volumeMounts[]", Set.of("name", "mountPath", "readOnly")),
            Map.entry("containers[].artifacts[]", Set.of("uri", "extract", "executable", "cache", "destPath")),
            Map.entry("containers[].lifecycle", Set.of("killGracePeriodSeconds")),
            Map.entry("scheduling", Set.of("backoff", "upgrade", "placement", "killSelection", "unreachableStrategy")),
            Map.entry("scheduling.backoff", Set.of("backoff", "backoffFactor", "maxLaunchDelay")),
            Map.entry("scheduling.upgrade", Set.of("minimumHealthCapacity", "maximumOverCapacity")),
            Map.entry("scheduling.placement", Set.of("constraints", "acceptedResourceRoles")),
            Map.entry("scheduling.unreachableStrategy", Set.of("inactiveAfterSeconds", "expungeAfterSeconds")),
            Map.entry("scaling", Set.of("kind", "instances", "maxInstances")),
            Map.entry("networks[]", Set.of("name", "mode", "labels")),
            Map.entry("volumes[]", Set.of("name", "host", "persistent", "secret")),
            Map.entry("volumes[].persistent", Set.of("type", "size", "maxSize", "profileName", "constraints")),
            Map.entry("linuxInfo", LINUX_INFO),
            Map.entry("linuxInfo.seccomp", SECCOMP),
            Map.entry("linuxInfo.ipcInfo", IPC_INFO),
            Map.entry("containers[].linuxInfo", LINUX_INFO),
            Map.entry("containers[].linuxInfo.seccomp", SECCOMP),
            Map.entry("containers[].linuxInfo.ipcInfo", IPC_INFO));

    private NestedFields() {
    }

    /** Warns about every unknown field below the top level of an app (the top level is checked by the caller). */
    static void warnUnknownInApp(Node app, Warnings.SourceWarnings warnings) {
        warnUnknown(app, APP, warnings);
    }

    /** Warns about every unknown field of a pod below its top level and its containers' top level. */
    static void warnUnknownInPod(Node pod, Warnings.SourceWarnings warnings) {
        warnUnknown(pod, POD, warnings);
    }

    private static void warnUnknown(Node root, Map<String, Set<String>> schema, Warnings.SourceWarnings warnings) {
        for (Map.Entry<String, Node> field : root.fields().entrySet()) {
            check(field.getValue(), field.getKey(), schema, warnings);
        }
    }

    private static void check(Node node, String place, Map<String, Set<String>> schema,
                              Warnings.SourceWarnings warnings) {
        if (node.isArray()) {
            for (Node element : node.elements()) {
                check(element, place + "[]", schema, warnings);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Set<String> known = schema.get(place);
        for (Map.Entry<String, Node> field : node.fields().entrySet()) {
            String below = place + "." + field.getKey();
            if (known == null || known.contains(field.getKey())) {
                check(field.getValue(), below, schema, warnings);
            } else {
                warnings.warn(field.getValue(), UnknownFields.warning(field.getKey(), known));
            }
        }
    }
}

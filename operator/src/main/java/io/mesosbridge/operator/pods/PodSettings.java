package io.mesosbridge.operator.pods;

import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.Sandbox;
import java.util.List;
import java.util.Map;

/**
 * Cluster-wide choices for task Pods.
 *
 * @param defaultImage    image for tasks that name none (Mesos would run them on the agent's own filesystem)
 * @param imagePullPolicy {@code IfNotPresent}, {@code Never} or {@code Always}; tasks asking for
 *                        {@code force_pull_image} always get {@code Always}
 * @param sandboxPath     where the task's sandbox (an emptyDir, its working directory) is mounted
 * @param level           the Pod Security level task Pods are built to; what it forbids is a TASK_ERROR
 * @param capabilities    what task containers keep of the capabilities (all others dropped), within the level
 * @param users           Mesos user names to uids
 * @param hostPorts       whether a task's port resources are published as host ports on its node, as Mesos's
 *                        HOST networking makes them reachable; the only thing beyond the level task Pods may have
 * @param fetcherImage    image of the init container that fetches a task's CommandInfo.uris (needs sh, wget, tar,
 *                        unzip and chmod)
 * @param allowedHostPaths host path prefixes a task's volumes may mount from (hostPath volumes); empty, none
 */
public record PodSettings(String defaultImage, String imagePullPolicy, String sandboxPath, PodSecurity.Level level,
                          List<String> capabilities, TaskUsers users, boolean hostPorts, String fetcherImage,
                          List<String> allowedHostPaths) {

    public static final String DEFAULT_IMAGE = "mesos-bridge/busybox:local";
    public static final String DEFAULT_SANDBOX_PATH = Sandbox.PATH;

    /**
     * @throws IllegalArgumentException when the level does not allow one of the capabilities, or a host path prefix
     *                                  is not an absolute path
     */
    public PodSettings {
        capabilities = PodSecurity.capabilities(capabilities, level);
        allowedHostPaths = allowedHostPaths.stream().map(TaskVolumes::hostPathPrefix).toList();
    }

    public static PodSettings defaults() {
        return of(DEFAULT_IMAGE, "IfNotPresent", PodSecurity.Level.BASELINE, null, TaskUsers.defaults(), true);
    }

    /**
     * The settings with the sandbox where Mesos mounts it and the default image as the fetcher's;
     * {@code capabilities} null means the level's default ({@link PodSecurity#defaultCapabilities}).
     */
    public static PodSettings of(String defaultImage, String imagePullPolicy, PodSecurity.Level level,
                                 List<String> capabilities, TaskUsers users, boolean hostPorts) {
        return new PodSettings(defaultImage, imagePullPolicy, DEFAULT_SANDBOX_PATH, level,
                capabilities != null ? capabilities : PodSecurity.defaultCapabilities(level), users, hostPorts,
                defaultImage, List.of());
    }

    public PodSettings withFetcherImage(String image) {
        return new PodSettings(defaultImage, imagePullPolicy, sandboxPath, level, capabilities, users, hostPorts,
                image, allowedHostPaths);
    }

    /**
     * The Pod Security labels of a namespace that holds task Pods: enforce the level, warn and audit against it;
     * while host ports are published or host paths allowed (which admission allows only at privileged) enforce
     * privileged and leave the level to the bridge.
     */
    public Map<String, String> namespaceLabels() {
        PodSecurity.Level enforce = hostPorts || !allowedHostPaths.isEmpty() ? PodSecurity.Level.PRIVILEGED : level;
        return PodSecurity.namespaceLabels(enforce, level);
    }

    public PodSettings withAllowedHostPaths(List<String> prefixes) {
        return new PodSettings(defaultImage, imagePullPolicy, sandboxPath, level, capabilities, users, hostPorts,
                fetcherImage, prefixes);
    }
}

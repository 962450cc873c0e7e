package io.mesosbridge.operator.pods;

/**
 * Cluster-wide choices for task Pods.
 *
 * @param defaultImage    image for tasks that name none (Mesos would run them on the agent's own filesystem)
 * @param imagePullPolicy {@code IfNotPresent}, {@code Never} or {@code Always}; tasks asking for
 *                        {@code force_pull_image} always get {@code Always}
 * @param sandboxPath     where the task's sandbox (an emptyDir, its working directory) is mounted
 */
public record PodSettings(String defaultImage, String imagePullPolicy, String sandboxPath) {

    public static final String DEFAULT_IMAGE = "mesos-bridge/busybox:local";
    public static final String DEFAULT_SANDBOX_PATH = "/mnt/mesos/sandbox";

    public static PodSettings defaults() {
        return of(DEFAULT_IMAGE, "IfNotPresent");
    }

    /** The settings for an image and pull policy, with the sandbox where Mesos mounts it. */
    public static PodSettings of(String defaultImage, String imagePullPolicy) {
        return new PodSettings(defaultImage, imagePullPolicy, DEFAULT_SANDBOX_PATH);
    }
}

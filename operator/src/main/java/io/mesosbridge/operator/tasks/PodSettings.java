package io.mesosbridge.operator.tasks;

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
        return new PodSettings(DEFAULT_IMAGE, "IfNotPresent", DEFAULT_SANDBOX_PATH);
    }
}

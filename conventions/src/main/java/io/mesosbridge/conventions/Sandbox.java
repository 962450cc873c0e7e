package io.mesosbridge.conventions;

/** A Mesos task's sandbox inside its container: where it is mounted, and when the task starts in it. */
public final class Sandbox {

    /** Where Mesos mounts the sandbox in a container ({@code $MESOS_SANDBOX}). */
    public static final String PATH = "/mnt/mesos/sandbox";

    private Sandbox() {
    }

    /**
     * The working directory of a task's container: without an image, the sandbox (where the command executor ran
     * it, and where fetched files land); with one, the image's WORKDIR, which wins on Mesos for Docker and for Mesos
     * containers, and which is where Kubernetes starts a container that sets none (null).
     */
    public static String workingDirectory(boolean hasImage, String sandboxPath) {
        return hasImage ? null : sandboxPath;
    }
}

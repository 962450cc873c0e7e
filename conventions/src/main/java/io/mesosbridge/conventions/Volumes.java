package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * Where Mesos volumes and secrets live in Kubernetes, the same for a task the operator runs and for a Marathon app
 * {@code mesos-migrate} converts: an external (Docker) volume is the PersistentVolumeClaim named after it, a Mesos
 * secret reference the Secret named after it (its key {@value #DEFAULT_SECRET_KEY} unless the reference names one),
 * a relative container path a path in the sandbox.
 */
public final class Volumes {

    /** The key a secret's value is under when the Mesos reference names none (Marathon never names one). */
    public static final String DEFAULT_SECRET_KEY = "value";

    private Volumes() {
    }

    /** The PersistentVolumeClaim of an external volume: its name as a DNS label ({@code volume-} before a digit). */
    public static String claimName(String volumeName) {
        return LabelNames.dnsLabel(volumeName, volumeName, "volume");
    }

    /** The Secret of a Mesos secret reference (a secret store path): {@code db/password} is {@code db-password}. */
    public static String secretName(String reference) {
        return LabelNames.dnsLabel(reference.replace('/', '-'), reference, "secret");
    }

    /** Where a volume's container path is: an absolute path as it is, a relative one in the sandbox, as on Mesos. */
    public static String mountPath(String containerPath, String sandboxPath) {
        return containerPath.startsWith("/") ? containerPath : sandboxPath + "/" + containerPath;
    }

    /** The Pod volume of a Secret, mounted one key at a time by {@link #secretMount}. */
    public static Volume secretVolume(String volumeName, String secretName) {
        return new VolumeBuilder().withName(volumeName).withNewSecret().withSecretName(secretName).endSecret()
                .build();
    }

    /** One key of a secret volume as the file at {@code mountPath}, read-only, as Mesos mounts a secret. */
    public static VolumeMount secretMount(String volumeName, String mountPath, String key) {
        return new VolumeMountBuilder().withName(volumeName).withMountPath(mountPath).withSubPath(key)
                .withReadOnly(true).build();
    }
}

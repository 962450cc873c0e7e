package io.mesosbridge.operator.pods;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.mesosbridge.conventions.ReservedResources;
import io.mesosbridge.conventions.Volumes;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.Environment;
import io.mesosbridge.mesos.v1.Protos.MountPropagation;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Secret;
import io.mesosbridge.mesos.v1.Protos.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code ContainerInfo.volumes} and SECRET environment variables as a Pod's volumes, mounts and env, for any
 * container the bridge runs (a command task, a task of a group, an executor). Pure.
 *
 * <ul>
 *   <li>SANDBOX_PATH (SELF or, in a task group, PARENT) and a relative legacy {@code host_path}: the directory of
 *       the sandbox (the Pod's {@code sandbox} emptyDir, which the tasks of a group share) as a {@code subPath}
 *       mount;</li>
 *   <li>HOST_PATH and an absolute legacy {@code host_path}: a hostPath volume, only under a prefix of
 *       {@code mesos-bridge.allowed-host-paths};</li>
 *   <li>DOCKER_VOLUME: the PersistentVolumeClaim {@link Volumes#claimName} names, which must exist;</li>
 *   <li>SECRET (a reference): the key of the Secret {@link Volumes#secretName} names, as a read-only file.</li>
 * </ul>
 *
 * <p>What Mesos's master refuses is refused in its words ({@code Task's `ContainerInfo` is invalid: Invalid volume:
 * ...}), what its agent would fail the launch for in the isolator's, the rest naming the field.
 */
public final class TaskVolumes {

    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    private TaskVolumes() {
    }

    /** Whose container a ContainerInfo is, as Mesos names it in its messages. */
    public enum Owner {
        TASK("Task"), EXECUTOR("Executor");

        private final String word;

        Owner(String word) {
            this.word = word;
        }
    }

    /**
     * The volumes of one Pod besides its sandbox: one per source, shared by every container that mounts it, named
     * by kind and order ({@code host-0}, {@code secret-1}, {@code claim-2}, ...).
     */
    public static final class PodVolumes {

        private final Map<String, io.fabric8.kubernetes.api.model.Volume> bySource = new LinkedHashMap<>();

        public List<io.fabric8.kubernetes.api.model.Volume> list() {
            return List.copyOf(bySource.values());
        }

        private String add(String kind, String source, Function<String, io.fabric8.kubernetes.api.model.Volume> make) {
            io.fabric8.kubernetes.api.model.Volume known = bySource.get(kind + ":" + source);
            if (known != null) {
                return known.getName();
            }
            String name = kind + "-" + bySource.size();
            bySource.put(kind + ":" + source, make.apply(name));
            return name;
        }
    }

    /**
     * The mounts of a container's volumes, adding the Pod volumes they need to {@code volumes}.
     *
     * @param nested whether the container runs inside an executor's (a task of a group), whose sandbox a PARENT
     *               SANDBOX_PATH volume names
     * @throws UnsupportedTaskException when a volume is invalid or cannot be given to a Pod
     */
    public static List<VolumeMount> mounts(ContainerInfo container, Owner owner, boolean nested, PodVolumes volumes,
                                           PodSettings settings) {
        List<VolumeMount> mounts = new ArrayList<>();
        Set<String> paths = new HashSet<>(Set.of(settings.sandboxPath()));
        for (Volume volume : container.getVolumesList()) {
            String invalid = invalidity(volume);
            if (invalid != null) {
                throw new UnsupportedTaskException(owner.word + "'s `ContainerInfo` is invalid: Invalid volume: "
                        + invalid);
            }
            if (volume.getContainerPath().isEmpty()) {
                throw new UnsupportedTaskException("ContainerInfo.volumes: a volume needs a container_path");
            }
            VolumeMount mount = mount(volume, nested, volumes, settings);
            if (!paths.add(mount.getMountPath())) {
                throw new UnsupportedTaskException("ContainerInfo.volumes: more than one volume at '"
                        + mount.getMountPath() + "'");
            }
            mounts.add(mount);
        }
        return mounts;
    }

    /**
     * The mounts of a task's persistent volumes (disk resources with {@code disk.persistence}): the claim the bridge
     * made for each ({@link ReservedResources#persistentVolumeClaimName}) at its {@code disk.volume.container_path}, in the
     * sandbox when relative as Mesos mounts it, read-only for mode RO.
     */
    public static List<VolumeMount> persistentVolumeMounts(List<Resource> resources, PodVolumes volumes,
                                                           PodSettings settings) {
        List<VolumeMount> mounts = new ArrayList<>();
        for (Resource resource : resources) {
            if (!resource.hasDisk() || !resource.getDisk().hasPersistence()) {
                continue;
            }
            Volume volume = resource.getDisk().getVolume();
            String path = volume.getContainerPath();
            String at = path.startsWith("/") ? path : settings.sandboxPath() + "/" + normalized(path);
            String claim = ReservedResources.persistentVolumeClaimName(resource.getDisk().getPersistence().getId());
            String name = volumes.add("claim", claim, volumeName -> new VolumeBuilder().withName(volumeName)
                    .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(at)
                    .withReadOnly(volume.getMode() == Volume.Mode.RO ? Boolean.TRUE : null).build());
        }
        return mounts;
    }

    /** Mesos's common validation of a volume ({@code validateVolume}): its message, or null when it is valid. */
    private static String invalidity(Volume volume) {
        int sources = (volume.hasHostPath() ? 1 : 0) + (volume.hasImage() ? 1 : 0) + (volume.hasSource() ? 1 : 0);
        if (sources != 1) {
            return "Only one of them should be set: 'host_path', 'image' and 'source'";
        }
        if (!volume.hasSource()) {
            return null;
        }
        Volume.Source source = volume.getSource();
        return switch (source.getType()) {
            case DOCKER_VOLUME -> source.hasDockerVolume() ? null
                    : "'source.docker_volume' is not set for DOCKER_VOLUME volume";
            case HOST_PATH -> source.hasHostPath() ? null : "'source.host_path' is not set for HOST_PATH volume";
            case SANDBOX_PATH -> source.hasSandboxPath() ? null
                    : "'source.sandbox_path' is not set for SANDBOX_PATH volume";
            case SECRET -> source.hasSecret() ? null : "'source.secret' is not set for SECRET volume";
            case CSI_VOLUME -> source.hasCsiVolume() && source.getCsiVolume().hasStaticProvisioning() ? null
                    : "'source.csi_volume.static_provisioning' is not set for CSI volume";
            default -> "'source.type' is unknown";
        };
    }

    private static VolumeMount mount(Volume volume, boolean nested, PodVolumes volumes, PodSettings settings) {
        String at = Volumes.mountPath(volume.getContainerPath(), settings.sandboxPath());
        Boolean readOnly = volume.getMode() == Volume.Mode.RO ? Boolean.TRUE : null;
        if (volume.hasImage()) {
            throw new UnsupportedTaskException("ContainerInfo.volumes: an image volume (Volume.image, at '"
                    + volume.getContainerPath() + "') is not supported; put the files into the task's image");
        }
        if (volume.hasHostPath()) {
            return volume.getHostPath().startsWith("/")
                    ? hostPath(volume.getHostPath(), volume.getContainerPath(), at, readOnly, null, volumes, settings)
                    : sandboxPath(volume.getHostPath(), volume.getContainerPath(), at, readOnly, settings);
        }
        Volume.Source source = volume.getSource();
        switch (source.getType()) {
            case SANDBOX_PATH -> {
                Volume.Source.SandboxPath sandboxPath = source.getSandboxPath();
                if (sandboxPath.getPath().startsWith("/")) {
                    throw new UnsupportedTaskException("Path '" + sandboxPath.getPath()
                            + "' in SANDBOX_PATH volume is absolute");
                }
                switch (sandboxPath.getType()) {
                    case SELF -> {
                        if (!volume.getContainerPath().startsWith("/")) {
                            throw new UnsupportedTaskException(
                                    "'container_path' is relative for SANDBOX_PATH volume SELF type");
                        }
                    }
                    case PARENT -> {
                        if (!nested) {
                            throw new UnsupportedTaskException(
                                    "SANDBOX_PATH volume PARENT type only works for nested container");
                        }
                    }
                    default -> throw new UnsupportedTaskException("Unknown SANDBOX_PATH volume type");
                }
                return sandboxPath(sandboxPath.getPath(), volume.getContainerPath(), at, readOnly, settings);
            }
            case HOST_PATH -> {
                MountPropagation.Mode propagation = source.getHostPath().getMountPropagation().getMode();
                if (propagation == MountPropagation.Mode.BIDIRECTIONAL) {
                    throw new UnsupportedTaskException("ContainerInfo.volumes: host path '"
                            + source.getHostPath().getPath() + "' asks for BIDIRECTIONAL mount propagation, which"
                            + " only a privileged container may have");
                }
                return hostPath(source.getHostPath().getPath(), volume.getContainerPath(), at, readOnly,
                        propagation == MountPropagation.Mode.HOST_TO_CONTAINER ? "HostToContainer" : null, volumes,
                        settings);
            }
            case DOCKER_VOLUME -> {
                String claim = Volumes.claimName(source.getDockerVolume().getName());
                String name = volumes.add("claim", claim, volumeName -> new VolumeBuilder().withName(volumeName)
                        .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
                return new VolumeMountBuilder().withName(name).withMountPath(at).withReadOnly(readOnly).build();
            }
            case SECRET -> {
                Secret secret = source.getSecret();
                if (secret.getType() != Secret.Type.REFERENCE || !secret.hasReference()) {
                    throw new UnsupportedTaskException("ContainerInfo.volumes: the SECRET volume at '"
                            + volume.getContainerPath() + "' needs a Secret of type REFERENCE (a Kubernetes Secret"
                            + " in the task's namespace); a " + secret.getType() + " secret has none to mount");
                }
                String secretName = Volumes.secretName(secret.getReference().getName());
                String key = secretKey(secret.getReference());
                String name = volumes.add("secret", secretName, volumeName -> Volumes.secretVolume(volumeName,
                        secretName));
                return Volumes.secretMount(name, at, key);
            }
            default -> throw new UnsupportedTaskException("ContainerInfo.volumes: " + source.getType()
                    + " volumes (at '" + volume.getContainerPath() + "') are not supported");
        }
    }

    /** A directory of the sandbox, made by the kubelet when it is not there yet, as Mesos's isolator makes it. */
    private static VolumeMount sandboxPath(String path, String containerPath, String at, Boolean readOnly,
                                           PodSettings settings) {
        String subPath = normalized(path);
        if (subPath == null || subPath.isEmpty()) {
            throw new UnsupportedTaskException("ContainerInfo.volumes: sandbox path '" + path + "' (at '"
                    + containerPath + "') is not a path inside the sandbox");
        }
        return new VolumeMountBuilder().withName(TaskPods.SANDBOX_VOLUME).withMountPath(at).withSubPath(subPath)
                .withReadOnly(readOnly).build();
    }

    private static VolumeMount hostPath(String path, String containerPath, String at, Boolean readOnly,
                                        String propagation, PodVolumes volumes, PodSettings settings) {
        String normalized = normalized(path.substring(1));
        if (normalized == null || !allowed("/" + normalized, settings.allowedHostPaths())) {
            throw new UnsupportedTaskException("ContainerInfo.volumes: host path '" + path + "' (at '"
                    + containerPath + "') would be a hostPath volume, which task Pods get only under a path of"
                    + " mesos-bridge.allowed-host-paths (" + (settings.allowedHostPaths().isEmpty() ? "none is set"
                    : String.join(", ", settings.allowedHostPaths())) + ")");
        }
        String hostPath = "/" + normalized;
        String name = volumes.add("host", hostPath, volumeName -> new VolumeBuilder().withName(volumeName)
                .withNewHostPath().withPath(hostPath).endHostPath().build());
        return new VolumeMountBuilder().withName(name).withMountPath(at).withReadOnly(readOnly)
                .withMountPropagation(propagation).build();
    }

    /** Whether {@code path} (absolute, normalized) is one of the prefixes or below one. */
    static boolean allowed(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A relative path without {@code .} and empty components; null when a {@code ..} would leave where it starts
     * (the sandbox, or the root of an allowed prefix).
     */
    static String normalized(String relative) {
        List<String> parts = new ArrayList<>();
        for (String part : relative.split("/")) {
            if (part.equals("..")) {
                return null;
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /**
     * A host path prefix for {@code mesos-bridge.allowed-host-paths}, normalized.
     *
     * @throws IllegalArgumentException when it is not an absolute path without {@code ..}
     */
    public static String hostPathPrefix(String prefix) {
        String normalized = prefix.startsWith("/") ? normalized(prefix.substring(1)) : null;
        if (normalized == null) {
            throw new IllegalArgumentException("'" + prefix + "' is not an absolute path without '..'");
        }
        return "/" + normalized;
    }

    /**
     * A CommandInfo.environment variable as the container's env, checked as Mesos checks an environment
     * ({@code validateEnvironment}): a VALUE as it is; a SECRET of type REFERENCE from its Kubernetes Secret
     * ({@code secretKeyRef}), one of type VALUE with its value, which Mesos's default secret resolver hands over.
     *
     * @param owner whose CommandInfo the variable is in
     * @throws UnsupportedTaskException when Mesos would refuse the variable or a Pod cannot have it
     */
    public static EnvVar environmentVariable(Environment.Variable variable, Owner owner) {
        String name = variable.getName();
        String invalid = switch (variable.getType()) {
            case VALUE -> !variable.hasValue() ? "Environment variable '" + name + "' of type 'VALUE' must have a"
                    + " value set" : variable.hasSecret() ? "Environment variable '" + name + "' of type 'VALUE'"
                    + " must not have a secret set" : null;
            case SECRET -> !variable.hasSecret() ? "Environment variable '" + name + "' of type 'SECRET' must"
                    + " have a secret set" : variable.hasValue() ? "Environment variable '" + name + "' of type"
                    + " 'SECRET' must not have a value set" : secretInvalidity(variable);
            default -> "Environment variable of type 'UNKNOWN' is not allowed";
        };
        if (invalid != null) {
            throw new UnsupportedTaskException(owner.word + "'s `CommandInfo` is invalid: " + invalid);
        }
        if (variable.getType() == Environment.Variable.Type.VALUE) {
            return new EnvVarBuilder().withName(name).withValue(variable.getValue()).build();
        }
        Secret secret = variable.getSecret();
        if (secret.getType() == Secret.Type.VALUE) {
            return new EnvVarBuilder().withName(name)
                    .withValue(secret.getValue().getData().toString(StandardCharsets.UTF_8)).build();
        }
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(Volumes.secretName(secret.getReference().getName()))
                .withKey(secretKey(secret.getReference())).endSecretKeyRef().endValueFrom().build();
    }

    /** Mesos's {@code validateSecret} for an environment variable's secret, and what a Pod needs of it. */
    private static String secretInvalidity(Environment.Variable variable) {
        String name = variable.getName();
        Secret secret = variable.getSecret();
        String invalid = switch (secret.getType()) {
            case REFERENCE -> !secret.hasReference() ? "Secret of type REFERENCE must have the 'reference' field"
                    + " set" : secret.hasValue() ? "Secret '" + secret.getReference().getName() + "' of type"
                    + " REFERENCE must not have the 'value' field set" : null;
            case VALUE -> !secret.hasValue() ? "Secret of type VALUE must have the 'value' field set"
                    : secret.hasReference() ? "Secret of type VALUE must not have the 'reference' field set" : null;
            default -> "Secret of type UNKNOWN cannot be resolved";
        };
        if (invalid != null) {
            return "Environment variable '" + name + "' specifies an invalid secret: " + invalid;
        }
        if (secret.getValue().getData().toStringUtf8().indexOf('\0') >= 0) {
            return "Environment variable '" + name + "' specifies a secret containing null bytes, which is not"
                    + " allowed in the environment";
        }
        return null;
    }

    /** The reference's key, or {@link Volumes#DEFAULT_SECRET_KEY}; one a Kubernetes Secret can have. */
    private static String secretKey(Secret.Reference reference) {
        String key = reference.hasKey() ? reference.getKey() : Volumes.DEFAULT_SECRET_KEY;
        if (!SECRET_KEY.matcher(key).matches()) {
            throw new UnsupportedTaskException("Secret '" + reference.getName() + "': key '" + key + "' is not a"
                    + " key a Kubernetes Secret can have (letters, digits, '-', '_' and '.')");
        }
        return key;
    }
}

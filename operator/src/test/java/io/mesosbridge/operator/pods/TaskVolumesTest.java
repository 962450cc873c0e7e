package io.mesosbridge.operator.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.conventions.Volumes;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.Environment;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.Image;
import io.mesosbridge.mesos.v1.Protos.MountPropagation;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Secret;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ContainerInfo.volumes and SECRET variables in a task's Pod, and what is refused, in Mesos's words where it has them. */
class TaskVolumesTest {

    private static final TaskPodTarget TARGET =
            new TaskPodTarget("fw-1", "node-7", "mesos", "mt-0123456789abcdef0123", "uid-42", "nobody");
    private static final TaskGroupPodTarget GROUP_TARGET = new TaskGroupPodTarget("fw-1", "node-7", "mesos",
            TaskNames.executorPodName("fw-1", "default"), List.of(new TaskGroupPodTarget.Owner("mt-a", "uid-a"),
            new TaskGroupPodTarget.Owner("mt-b", "uid-b")), "nobody");
    private static final ExecutorInfo EXECUTOR = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
            .setExecutorId(ExecutorID.newBuilder().setValue("default"))
            .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
            .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32)).build();
    private static final PodSettings SETTINGS = PodSettings.defaults();
    private static final PodSettings HOST_PATHS_ALLOWED = SETTINGS.withAllowedHostPaths(List.of("/srv/shared/",
            "/var/log"));

    @Test
    void aSelfSandboxPathIsADirectoryOfTheSandboxMountedAtTheContainerPath() {
        Pod pod = podFor(task("t", sandboxPath(Volume.Source.SandboxPath.Type.SELF, "./cache//v1", "/cache",
                Volume.Mode.RO)), SETTINGS);

        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("sandbox");
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getSubPath,
                        VolumeMount::getReadOnly)
                .containsExactly(tuple("sandbox", "/mnt/mesos/sandbox", null, null),
                        tuple("sandbox", "/cache", "cache/v1", true));
    }

    @Test
    void sandboxPathsAreCheckedAsMesossIsolatorChecksThem() {
        assertRefused(task("t", sandboxPath(Volume.Source.SandboxPath.Type.SELF, "cache", "cache", Volume.Mode.RW)),
                "'container_path' is relative for SANDBOX_PATH volume SELF type");
        assertRefused(task("t", sandboxPath(Volume.Source.SandboxPath.Type.PARENT, "shared", "/shared",
                Volume.Mode.RW)), "SANDBOX_PATH volume PARENT type only works for nested container");
        assertRefused(task("t", sandboxPath(Volume.Source.SandboxPath.Type.SELF, "/etc", "/etc", Volume.Mode.RW)),
                "Path '/etc' in SANDBOX_PATH volume is absolute");
        assertRefused(task("t", sandboxPath(Volume.Source.SandboxPath.Type.UNKNOWN, "x", "/x", Volume.Mode.RW)),
                "Unknown SANDBOX_PATH volume type");
        assertRefused(task("t", sandboxPath(Volume.Source.SandboxPath.Type.SELF, "a/../../etc", "/x",
                Volume.Mode.RW)), "ContainerInfo.volumes: sandbox path 'a/../../etc' (at '/x') is not a path inside"
                + " the sandbox");
    }

    @Test
    void aParentSandboxPathIsOneDirectorySharedByTheTasksOfTheGroup() {
        Volume shared = sandboxPath(Volume.Source.SandboxPath.Type.PARENT, "shared", "/shared", Volume.Mode.RW);
        Volume relative = sandboxPath(Volume.Source.SandboxPath.Type.PARENT, "shared", "in-sandbox", Volume.Mode.RO);

        Pod pod = TaskPods.groupPodFor(EXECUTOR, List.of(task("writer", shared), task("reader", relative)),
                GROUP_TARGET, SETTINGS);

        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("sandbox");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("writer", "reader");
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getSubPath)
                .contains(tuple("sandbox", "/shared", "shared"));
        assertThat(pod.getSpec().getContainers().get(1).getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getSubPath,
                        VolumeMount::getReadOnly)
                .contains(tuple("sandbox", "/mnt/mesos/sandbox/in-sandbox", "shared", true));
    }

    @Test
    void aRelativeLegacyHostPathIsInTheSandboxAsMarathonUsesIt() {
        Volume legacy = Volume.newBuilder().setContainerPath("/etc/app/config.yml").setHostPath("config.yml")
                .setMode(Volume.Mode.RO).build();

        VolumeMount mount = podFor(task("t", legacy), SETTINGS).getSpec().getContainers().get(0).getVolumeMounts()
                .get(1);

        assertThat(mount.getName()).isEqualTo("sandbox");
        assertThat(mount.getSubPath()).isEqualTo("config.yml");
        assertThat(mount.getMountPath()).isEqualTo("/etc/app/config.yml");
    }

    @Test
    void hostPathsAreRefusedUnlessUnderAnAllowedPrefix() {
        Volume legacy = Volume.newBuilder().setContainerPath("/data").setHostPath("/srv/data")
                .setMode(Volume.Mode.RW).build();
        Volume outside = hostPath("/srv/shared-not/x", "/x", Volume.Mode.RW);
        Volume escaping = hostPath("/srv/shared/../../etc", "/x", Volume.Mode.RW);

        assertRefused(task("t", legacy), "ContainerInfo.volumes: host path '/srv/data' (at '/data') would be a"
                + " hostPath volume, which task Pods get only under a path of mesos-bridge.allowed-host-paths (none"
                + " is set)");
        assertThatThrownBy(() -> podFor(task("t", outside), HOST_PATHS_ALLOWED))
                .hasMessage("ContainerInfo.volumes: host path '/srv/shared-not/x' (at '/x') would be a hostPath"
                        + " volume, which task Pods get only under a path of mesos-bridge.allowed-host-paths"
                        + " (/srv/shared, /var/log)");
        assertThatThrownBy(() -> podFor(task("t", escaping), HOST_PATHS_ALLOWED))
                .hasMessageStartingWith("ContainerInfo.volumes: host path '/srv/shared/../../etc'");
    }

    @Test
    void anAllowedHostPathIsAHostPathVolumeReadOnlyUnlessRw() {
        Volume logs = hostPath("/var/log/app", "/logs", Volume.Mode.RO).toBuilder()
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.HOST_PATH)
                        .setHostPath(Volume.Source.HostPath.newBuilder().setPath("/var/log/app")
                                .setMountPropagation(MountPropagation.newBuilder()
                                        .setMode(MountPropagation.Mode.HOST_TO_CONTAINER)))).build();
        Volume data = hostPath("/srv/shared", "data", Volume.Mode.RW);

        Pod pod = podFor(task("t", logs, data), HOST_PATHS_ALLOWED);

        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName(), v -> v.getHostPath() == null ? null
                : v.getHostPath().getPath())
                .containsExactly(tuple("sandbox", null), tuple("host-0", "/var/log/app"),
                        tuple("host-1", "/srv/shared"));
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly,
                        VolumeMount::getMountPropagation)
                .containsExactly(tuple("sandbox", "/mnt/mesos/sandbox", null, null),
                        tuple("host-0", "/logs", true, "HostToContainer"),
                        tuple("host-1", "/mnt/mesos/sandbox/data", null, null));
        assertRefused(task("t", hostPath("/var/log", "/l", Volume.Mode.RO).toBuilder()
                        .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.HOST_PATH)
                                .setHostPath(Volume.Source.HostPath.newBuilder().setPath("/var/log")
                                        .setMountPropagation(MountPropagation.newBuilder()
                                                .setMode(MountPropagation.Mode.BIDIRECTIONAL)))).build()),
                HOST_PATHS_ALLOWED, "ContainerInfo.volumes: host path '/var/log' asks for BIDIRECTIONAL mount"
                        + " propagation, which only a privileged container may have");
    }

    @Test
    void allowedHostPathsMustBeAbsolute() {
        assertThatThrownBy(() -> SETTINGS.withAllowedHostPaths(List.of("srv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'srv' is not an absolute path without '..'");
        assertThatThrownBy(() -> SETTINGS.withAllowedHostPaths(List.of("/srv/../etc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SETTINGS.withAllowedHostPaths(List.of("/srv//a/")).allowedHostPaths()).containsExactly("/srv/a");
    }

    @Test
    void aDockerVolumeIsThePersistentVolumeClaimNamedAfterItOneVolumeForTheWholeGroup() {
        Volume external = dockerVolume("rexray", "Pg_Data", "/var/lib/postgresql", Volume.Mode.RW);
        Volume again = dockerVolume("rexray", "Pg_Data", "/backup", Volume.Mode.RO);

        Pod pod = TaskPods.groupPodFor(EXECUTOR, List.of(task("db", external), task("backup", again)), GROUP_TARGET,
                SETTINGS);

        assertThat(pod.getSpec().getVolumes()).hasSize(2).last().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("claim-0");
            assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("pg-data")
                    .isEqualTo(Volumes.claimName("Pg_Data"));
        });
        assertThat(pod.getSpec().getContainers()).extracting(c -> c.getVolumeMounts().get(1))
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactly(tuple("claim-0", "/var/lib/postgresql", null), tuple("claim-0", "/backup", true));
    }

    @Test
    void aSecretVolumeIsTheOneKeyOfItsSecretAsAReadOnlyFile() {
        Volume secret = secretVolume(reference("db/password", null), "/etc/db/password");
        Volume keyed = secretVolume(reference("tls", "tls.crt"), "certs/tls.crt");

        Pod pod = podFor(task("t", secret, keyed), SETTINGS);

        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName(), v -> v.getSecret() == null ? null
                : v.getSecret().getSecretName())
                .containsExactly(tuple("sandbox", null), tuple("secret-0", "db-password"), tuple("secret-1", "tls"));
        assertThat(pod.getSpec().getVolumes().get(1)).isEqualTo(Volumes.secretVolume("secret-0", "db-password"));
        assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getSubPath,
                        VolumeMount::getReadOnly)
                .containsExactly(tuple("sandbox", "/mnt/mesos/sandbox", null, null),
                        tuple("secret-0", "/etc/db/password", "value", true),
                        tuple("secret-1", "/mnt/mesos/sandbox/certs/tls.crt", "tls.crt", true));
    }

    @Test
    void aSecretVolumeNeedsAReferenceAndAKeyASecretCanHave() {
        Secret inline = Secret.newBuilder().setType(Secret.Type.VALUE)
                .setValue(Secret.Value.newBuilder().setData(ByteString.copyFromUtf8("s3cret"))).build();

        assertRefused(task("t", secretVolume(inline, "/etc/pw")), "ContainerInfo.volumes: the SECRET volume at"
                + " '/etc/pw' needs a Secret of type REFERENCE (a Kubernetes Secret in the task's namespace); a VALUE"
                + " secret has none to mount");
        assertRefused(task("t", secretVolume(reference("db", "a key"), "/etc/pw")), "Secret 'db': key 'a key' is"
                + " not a key a Kubernetes Secret can have (letters, digits, '-', '_' and '.')");
    }

    @Test
    void invalidVolumesAreRefusedInTheMastersWords() {
        Volume twoSources = Volume.newBuilder().setContainerPath("/x").setMode(Volume.Mode.RW).setHostPath("/srv")
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH)).build();
        Volume noSandboxPath = Volume.newBuilder().setContainerPath("/x").setMode(Volume.Mode.RW)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH)).build();
        Volume noSecret = Volume.newBuilder().setContainerPath("/x").setMode(Volume.Mode.RW)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SECRET)).build();
        Volume unknown = Volume.newBuilder().setContainerPath("/x").setMode(Volume.Mode.RW)
                .setSource(Volume.Source.newBuilder()).build();

        assertRefused(task("t", twoSources), "Task's `ContainerInfo` is invalid: Invalid volume: Only one of them"
                + " should be set: 'host_path', 'image' and 'source'");
        assertRefused(task("t", noSandboxPath), "Task's `ContainerInfo` is invalid: Invalid volume:"
                + " 'source.sandbox_path' is not set for SANDBOX_PATH volume");
        assertRefused(task("t", noSecret), "Task's `ContainerInfo` is invalid: Invalid volume: 'source.secret' is"
                + " not set for SECRET volume");
        assertRefused(task("t", unknown), "Task's `ContainerInfo` is invalid: Invalid volume: 'source.type' is"
                + " unknown");
    }

    @Test
    void imageAndCsiVolumesTwoVolumesAtOnePathAndExecutorVolumesAreRefused() {
        Volume image = Volume.newBuilder().setContainerPath("/tools").setMode(Volume.Mode.RO)
                .setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                        .setDocker(Image.Docker.newBuilder().setName("tools"))).build();
        Volume csi = Volume.newBuilder().setContainerPath("/csi").setMode(Volume.Mode.RW)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.CSI_VOLUME)
                        .setCsiVolume(Volume.Source.CSIVolume.newBuilder().setPluginName("csi")
                                .setStaticProvisioning(Volume.Source.CSIVolume.StaticProvisioning.newBuilder()
                                        .setVolumeId("v1").setVolumeCapability(
                                                Volume.Source.CSIVolume.VolumeCapability.newBuilder()
                                                        .setAccessMode(Volume.Source.CSIVolume.VolumeCapability
                                                                .AccessMode.newBuilder().setMode(Volume.Source
                                                                        .CSIVolume.VolumeCapability.AccessMode.Mode
                                                                        .SINGLE_NODE_WRITER)))))).build();
        Volume cache = sandboxPath(Volume.Source.SandboxPath.Type.SELF, "a", "/data", Volume.Mode.RW);
        Volume claim = dockerVolume("local", "data", "/data", Volume.Mode.RW);

        assertRefused(task("t", image), "ContainerInfo.volumes: an image volume (Volume.image, at '/tools') is not"
                + " supported; put the files into the task's image");
        assertRefused(task("t", csi), "ContainerInfo.volumes: CSI_VOLUME volumes (at '/csi') are not supported");
        assertRefused(task("t", cache, claim), "ContainerInfo.volumes: more than one volume at '/data'");
        assertRefused(task("t", sandboxPath(Volume.Source.SandboxPath.Type.SELF, "a", "/mnt/mesos/sandbox",
                Volume.Mode.RW)), "ContainerInfo.volumes: more than one volume at '/mnt/mesos/sandbox'");
        ExecutorInfo withVolumes = EXECUTOR.toBuilder().setContainer(ContainerInfo.newBuilder()
                .setType(ContainerInfo.Type.MESOS).addVolumes(claim)).build();
        assertThatThrownBy(() -> TaskPods.groupPodFor(withVolumes, List.of(task("a")), GROUP_TARGET, SETTINGS))
                .hasMessageStartingWith("ExecutorInfo.container.volumes are not supported");
    }

    @Test
    void secretVariablesComeFromTheirSecretOrWithTheirInlineValue() {
        TaskInfo task = withEnvironment(task("t"),
                Environment.Variable.newBuilder().setName("DB_PASSWORD").setType(Environment.Variable.Type.SECRET)
                        .setSecret(reference("db/password", null)).build(),
                Environment.Variable.newBuilder().setName("TLS_KEY").setType(Environment.Variable.Type.SECRET)
                        .setSecret(reference("tls", "tls.key")).build(),
                Environment.Variable.newBuilder().setName("TOKEN").setType(Environment.Variable.Type.SECRET)
                        .setSecret(Secret.newBuilder().setType(Secret.Type.VALUE).setValue(Secret.Value.newBuilder()
                                .setData(ByteString.copyFromUtf8("abc")))).build());

        List<EnvVar> env = podFor(task, SETTINGS).getSpec().getContainers().get(0).getEnv();

        assertThat(env).filteredOn(e -> e.getValueFrom() != null)
                .extracting(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly(tuple("DB_PASSWORD", "db-password", "value"), tuple("TLS_KEY", "tls", "tls.key"));
        assertThat(env).filteredOn(e -> e.getName().equals("TOKEN")).extracting(EnvVar::getValue)
                .containsExactly("abc");
    }

    @Test
    void invalidVariablesAreRefusedInTheMastersWords() {
        Secret.Reference reference = Secret.Reference.newBuilder().setName("db").build();
        Secret.Value value = Secret.Value.newBuilder().setData(ByteString.copyFromUtf8("x")).build();
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setType(Environment.Variable.Type.SECRET),
                "Environment variable 'A' of type 'SECRET' must have a secret set");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setType(Environment.Variable.Type.SECRET)
                .setValue("x").setSecret(reference("db", null)),
                "Environment variable 'A' of type 'SECRET' must not have a value set");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setType(Environment.Variable.Type.SECRET)
                        .setSecret(Secret.newBuilder().setType(Secret.Type.REFERENCE).setReference(reference)
                                .setValue(value)),
                "Environment variable 'A' specifies an invalid secret: Secret 'db' of type REFERENCE must not have"
                        + " the 'value' field set");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setType(Environment.Variable.Type.SECRET)
                        .setSecret(Secret.newBuilder().setType(Secret.Type.VALUE)),
                "Environment variable 'A' specifies an invalid secret: Secret of type VALUE must have the 'value'"
                        + " field set");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setType(Environment.Variable.Type.SECRET)
                        .setSecret(Secret.newBuilder().setType(Secret.Type.VALUE).setValue(Secret.Value.newBuilder()
                                .setData(ByteString.copyFrom(new byte[] {'a', 0, 'b'})))),
                "Environment variable 'A' specifies a secret containing null bytes, which is not allowed in the"
                        + " environment");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A"),
                "Environment variable 'A' of type 'VALUE' must have a value set");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setValue("x")
                        .setSecret(reference("db", null)),
                "Environment variable 'A' of type 'VALUE' must not have a secret set");
        assertVariableRefused(Environment.Variable.newBuilder().setName("A").setValue("x")
                        .setType(Environment.Variable.Type.UNKNOWN),
                "Environment variable of type 'UNKNOWN' is not allowed");
        assertThatThrownBy(() -> TaskVolumes.environmentVariable(Environment.Variable.newBuilder().setName("A")
                .build(), TaskVolumes.Owner.EXECUTOR)).hasMessage("Executor's `CommandInfo` is invalid: Environment"
                + " variable 'A' of type 'VALUE' must have a value set");
    }

    private static void assertVariableRefused(Environment.Variable.Builder variable, String mesosMessage) {
        assertRefused(withEnvironment(task("t"), variable.build()), "Task's `CommandInfo` is invalid: "
                + mesosMessage);
    }

    private static void assertRefused(TaskInfo task, String message) {
        assertRefused(task, SETTINGS, message);
    }

    private static void assertRefused(TaskInfo task, PodSettings settings, String message) {
        assertThatThrownBy(() -> podFor(task, settings)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessage(message);
    }

    @Test
    void aPersistentVolumeIsItsClaimMountedAtItsContainerPathAndNotEphemeralStorage() {
        Resource volume = Resources.scalar("disk", 64).toBuilder()
                .addReservations(Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.DYNAMIC)
                        .setRole("ads"))
                .setDisk(Resource.DiskInfo.newBuilder()
                        .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("Data_1"))
                        .setVolume(Volume.newBuilder().setContainerPath("data").setMode(Volume.Mode.RW)))
                .build();
        Resource readOnly = volume.toBuilder().setDisk(volume.getDisk().toBuilder()
                .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("conf"))
                .setVolume(Volume.newBuilder().setContainerPath("/etc/app").setMode(Volume.Mode.RO))).build();

        Pod pod = podFor(task("t").toBuilder().addResources(volume).addResources(readOnly).build(), SETTINGS);

        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName(),
                        v -> v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName())
                .containsExactly(tuple("sandbox", null), tuple("claim-0", "mesos-pv-data-1"),
                        tuple("claim-1", "mesos-pv-conf"));
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath,
                        VolumeMount::getReadOnly)
                .containsExactly(tuple("sandbox", "/mnt/mesos/sandbox", null),
                        tuple("claim-0", "/mnt/mesos/sandbox/data", null), tuple("claim-1", "/etc/app", true));
        assertThat(container.getResources().getRequests()).doesNotContainKey("ephemeral-storage");
    }

    @Test
    void diskSourcesAreRefused() {
        Resource mount = Resources.scalar("disk", 64).toBuilder().setDisk(Resource.DiskInfo.newBuilder()
                .setSource(Resource.DiskInfo.Source.newBuilder().setType(Resource.DiskInfo.Source.Type.MOUNT)))
                .build();

        assertThatThrownBy(() -> podFor(task("t").toBuilder().addResources(mount).build(), SETTINGS))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Disk sources and volumes without persistence are not supported");
    }

    private static Pod podFor(TaskInfo task, PodSettings settings) {
        return TaskPods.podFor(task, TARGET, settings);
    }

    private static TaskInfo task(String id, Volume... volumes) {
        TaskInfo.Builder task = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue("agent-7"))
                .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue("true"));
        if (volumes.length > 0) {
            task.setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                    .addAllVolumes(List.of(volumes)));
        }
        return task.build();
    }

    private static TaskInfo withEnvironment(TaskInfo task, Environment.Variable... variables) {
        return task.toBuilder().setCommand(task.getCommand().toBuilder()
                .setEnvironment(Environment.newBuilder().addAllVariables(List.of(variables)))).build();
    }

    private static Volume sandboxPath(Volume.Source.SandboxPath.Type type, String path, String containerPath,
                                      Volume.Mode mode) {
        return Volume.newBuilder().setContainerPath(containerPath).setMode(mode)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH)
                        .setSandboxPath(Volume.Source.SandboxPath.newBuilder().setType(type).setPath(path)))
                .build();
    }

    private static Volume hostPath(String path, String containerPath, Volume.Mode mode) {
        return Volume.newBuilder().setContainerPath(containerPath).setMode(mode)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.HOST_PATH)
                        .setHostPath(Volume.Source.HostPath.newBuilder().setPath(path)))
                .build();
    }

    private static Volume dockerVolume(String driver, String name, String containerPath, Volume.Mode mode) {
        return Volume.newBuilder().setContainerPath(containerPath).setMode(mode)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.DOCKER_VOLUME)
                        .setDockerVolume(Volume.Source.DockerVolume.newBuilder().setDriver(driver).setName(name)))
                .build();
    }

    private static Volume secretVolume(Secret secret, String containerPath) {
        return Volume.newBuilder().setContainerPath(containerPath).setMode(Volume.Mode.RO)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SECRET).setSecret(secret))
                .build();
    }

    private static Secret reference(String name, String key) {
        Secret.Reference.Builder reference = Secret.Reference.newBuilder().setName(name);
        if (key != null) {
            reference.setKey(key);
        }
        return Secret.newBuilder().setType(Secret.Type.REFERENCE).setReference(reference).build();
    }
}

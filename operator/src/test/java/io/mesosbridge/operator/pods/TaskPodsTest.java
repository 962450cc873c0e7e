package io.mesosbridge.operator.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.mesosbridge.conventions.HealthCheckProbes;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.Protos.Environment;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
import io.mesosbridge.mesos.v1.Protos.Image;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.Label;
import io.mesosbridge.mesos.v1.Protos.Labels;
import io.mesosbridge.mesos.v1.Protos.NetworkInfo;
import io.mesosbridge.mesos.v1.Protos.Parameter;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.Protos.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskPodsTest {

    private static final String FRAMEWORK_ID = "7d4f3c1e-0000";
    private static final TaskPodTarget TARGET =
            new TaskPodTarget(FRAMEWORK_ID, "node-7", "mesos", "mt-0123456789abcdef0123", "uid-42", "root");
    private static final PodSettings SETTINGS = PodSettings.defaults();
    private static final PodSettings RESTRICTED = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
            PodSecurity.Level.RESTRICTED, null, TaskUsers.defaults(), false);

    @Test
    void thePodIsNamedAfterAndOwnedByItsMesosTask() {
        Pod pod = podFor(task());

        assertThat(pod.getMetadata().getName()).isEqualTo("mt-0123456789abcdef0123");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("mesos");
        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(pod.getMetadata().getOwnerReferences()).hasSize(1);
        assertThat(owner.getApiVersion()).isEqualTo("mesos.mesosbridge.io/v1alpha1");
        assertThat(owner.getKind()).isEqualTo("MesosTask");
        assertThat(owner.getName()).isEqualTo("mt-0123456789abcdef0123");
        assertThat(owner.getUid()).isEqualTo("uid-42");
        assertThat(owner.getController()).isTrue();
        assertThat(owner.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void labelsAreHashedAndAnnotationsKeepTheExactIds() {
        Pod pod = podFor(task().toBuilder().setName("web server").build());

        assertThat(pod.getMetadata().getLabels()).containsExactly(
                entry("app.kubernetes.io/managed-by", "mesos-bridge"),
                entry("mesos.mesosbridge.io/framework", TaskNames.frameworkLabelValue(FRAMEWORK_ID)),
                entry("mesos.mesosbridge.io/task", TaskNames.objectName(FRAMEWORK_ID, "web.1")));
        assertThat(pod.getMetadata().getAnnotations()).contains(
                entry("mesos.mesosbridge.io/framework-id", FRAMEWORK_ID),
                entry("mesos.mesosbridge.io/task-id", "web.1"),
                entry("mesos.mesosbridge.io/task-name", "web server"));
    }

    @Test
    void everyTaskInfoLabelBecomesAPrefixedAnnotation() {
        Pod pod = podFor(task().toBuilder().setLabels(Labels.newBuilder()
                .addLabels(Label.newBuilder().setKey("HAPROXY_GROUP").setValue("external"))
                .addLabels(Label.newBuilder().setKey("team name").setValue("core")))
                .build());

        assertThat(pod.getMetadata().getAnnotations()).contains(
                entry("label.mesos.mesosbridge.io/HAPROXY_GROUP", "external"),
                entry(TaskNames.labelAnnotationKey("team name"), "core"));
    }

    @Test
    void thePodIsBoundToTheOfferedNodeAndRunsOnce() {
        Pod pod = podFor(task());

        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-7");
        assertThat(pod.getSpec().getSchedulerName()).isNull();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getEnableServiceLinks()).isFalse();
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("task");
    }

    @Test
    void theKillPolicyGracePeriodIsRoundedUpToWholeSeconds() {
        Pod pod = podFor(task().toBuilder().setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(1_500_000_000L))).build());

        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(2L);
    }

    @Test
    void withoutAKillPolicyTheCommandExecutorsThreeSecondsApply() {
        assertThat(podFor(task()).getSpec().getTerminationGracePeriodSeconds()).isEqualTo(3L);
        assertThat(TaskPods.gracePeriodSeconds(KillPolicy.getDefaultInstance())).isEqualTo(3L);
    }

    @Test
    void maxCompletionTimeBecomesTheActiveDeadline() {
        Pod pod = podFor(task().toBuilder()
                .setMaxCompletionTime(DurationInfo.newBuilder().setNanoseconds(90_000_000_001L)).build());

        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(91L);
        assertThat(podFor(task()).getSpec().getActiveDeadlineSeconds()).isNull();
    }

    @Test
    void aShellCommandRunsUnderBinShDashC() {
        Container container = containerOf(task());

        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c", "echo hello && sleep 5");
        assertThat(container.getArgs()).isEmpty();
    }

    @Test
    void aPlainCommandExecsTheValueWithTheArgumentsAfterArgvZero() {
        Container container = containerOf(withCommand(CommandInfo.newBuilder()
                .setShell(false).setValue("/usr/bin/env").addArguments("env").addArguments("-0")));

        assertThat(container.getCommand()).containsExactly("/usr/bin/env");
        assertThat(container.getArgs()).containsExactly("-0");
    }

    @Test
    void aPlainCommandWithoutValueRunsTheImageEntrypointWithAllArguments() {
        TaskInfo task = withCommand(CommandInfo.newBuilder().setShell(false).addArguments("--port").addArguments("80"))
                .toBuilder().setContainer(mesosImage("nginx:1.27")).build();

        Container container = containerOf(task);

        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).containsExactly("--port", "80");
    }

    @Test
    void theDockerContainerizerKeepsTheEntrypointAndPassesValueAndEveryArgument() {
        TaskInfo task = withCommand(CommandInfo.newBuilder().setShell(false).setValue("serve").addArguments("-v"))
                .toBuilder().setContainer(docker("redis:7")).build();

        Container container = containerOf(task);

        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).containsExactly("serve", "-v");
    }

    @Test
    void aPlainCommandWithNeitherValueNorImageIsRejected() {
        assertThatThrownBy(() -> podFor(withCommand(CommandInfo.newBuilder().setShell(false).addArguments("x"))))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("entrypoint");
    }

    @Test
    void theImageComesFromDockerInfoThenTheMesosImageThenTheDefault() {
        assertThat(containerOf(task().toBuilder().setContainer(docker("redis:7")).build()).getImage())
                .isEqualTo("redis:7");
        assertThat(containerOf(task().toBuilder().setContainer(mesosImage("nginx:1.27")).build()).getImage())
                .isEqualTo("nginx:1.27");
        assertThat(containerOf(task()).getImage()).isEqualTo("mesos-bridge/busybox:local");
        assertThat(containerOf(task()).getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @Test
    void forcePullImageMeansAlwaysPull() {
        ContainerInfo container = docker("redis:7").toBuilder()
                .setDocker(docker("redis:7").getDocker().toBuilder().setForcePullImage(true)).build();

        assertThat(containerOf(task().toBuilder().setContainer(container).build()).getImagePullPolicy())
                .isEqualTo("Always");
    }

    @Test
    void theTaskSeesTheMesosEnvironmentAndItsOwnVariablesWin() {
        TaskInfo task = withCommand(task().getCommand().toBuilder().setEnvironment(Environment.newBuilder()
                .addVariables(variable("ZETA", "1"))
                .addVariables(variable("ALPHA", "2"))
                .addVariables(variable("MESOS_TASK_ID", "overridden"))));

        Map<String, String> env = envOf(containerOf(task));

        assertThat(env).contains(
                entry("MESOS_FRAMEWORK_ID", FRAMEWORK_ID),
                entry("MESOS_EXECUTOR_ID", "web.1"),
                entry("MESOS_SLAVE_ID", "agent-S3"),
                entry("MESOS_SANDBOX", "/mnt/mesos/sandbox"),
                entry("MESOS_DIRECTORY", "/mnt/mesos/sandbox"),
                entry("MESOS_ALLOCATION_ROLE", "analytics"),
                entry("MESOS_TASK_ID", "overridden"));
        assertThat(List.copyOf(env.keySet())).containsSubsequence("ZETA", "ALPHA");
        assertThat(containerOf(task).getEnv()).extracting(EnvVar::getName).doesNotHaveDuplicates();
    }

    @Test
    void aSecretVariableWithoutASecretIsRefusedInTheMastersWords() {
        TaskInfo task = withCommand(task().getCommand().toBuilder().setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("DB_PASSWORD")
                        .setType(Environment.Variable.Type.SECRET))));

        assertThatThrownBy(() -> podFor(task))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Task's `CommandInfo` is invalid: Environment variable 'DB_PASSWORD' of type 'SECRET'"
                        + " must have a secret set");
    }

    @Test
    void theSandboxIsAnEmptyDirMountedAsTheWorkingDirectory() {
        Pod pod = podFor(task());
        Container container = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("sandbox");
            assertThat(volume.getEmptyDir()).isNotNull();
        });
        assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo("sandbox");
            assertThat(mount.getMountPath()).isEqualTo("/mnt/mesos/sandbox");
        });
        assertThat(container.getWorkingDir()).isEqualTo("/mnt/mesos/sandbox");
    }

    @Test
    void aTaskWithAnImageStartsInTheImagesWorkdirAsOnMesosWithTheSandboxStillMounted() {
        for (TaskInfo task : List.of(task().toBuilder().setContainer(mesosImage("registry.example.com/app:1")).build(),
                task().toBuilder().setContainer(docker("registry.example.com/app:1")).build())) {
            Container container = podFor(task).getSpec().getContainers().get(0);

            assertThat(container.getWorkingDir()).as(task.getContainer().getType().name()).isNull();
            assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                    .containsExactly("/mnt/mesos/sandbox");
        }
    }

    @Test
    void scalarsAreSummedAcrossRolesIntoEqualRequestsAndLimits() {
        TaskInfo task = task().toBuilder().clearResources()
                .addResources(scalar("cpus", 0.1, "analytics"))
                .addResources(scalar("cpus", 0.25, "*"))
                .addResources(scalar("mem", 96, "analytics"))
                .addResources(scalar("mem", 32, "*"))
                .addResources(scalar("disk", 1024, "*"))
                .build();

        Container container = containerOf(task);

        assertThat(container.getResources().getRequests()).containsOnly(
                entry("cpu", new Quantity("350m")),
                entry("memory", new Quantity("128Mi")),
                entry("ephemeral-storage", new Quantity("1024Mi")));
        assertThat(container.getResources().getLimits()).isEqualTo(container.getResources().getRequests());
    }

    @Test
    void wholeGpusBecomeAnNvidiaLimitAndFractionsAreRejected() {
        TaskInfo task = task().toBuilder().addResources(scalar("gpus", 2, "*")).build();

        assertThat(containerOf(task).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"));
        assertThat(containerOf(task).getResources().getRequests()).doesNotContainKey("nvidia.com/gpu");
        assertThatThrownBy(() -> podFor(task().toBuilder().addResources(scalar("gpus", 0.5, "*")).build()))
                .isInstanceOf(UnsupportedTaskException.class);
    }

    @Test
    void taskLimitsRaiseOrLiftTheCpuAndMemoryLimits() {
        TaskInfo task = task().toBuilder()
                .putLimits("cpus", Value.Scalar.newBuilder().setValue(2).build())
                .putLimits("mem", Value.Scalar.newBuilder().setValue(Double.POSITIVE_INFINITY).build())
                .build();

        Container container = containerOf(task);

        assertThat(container.getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("128Mi"));
        assertThat(container.getResources().getLimits())
                .containsEntry("cpu", new Quantity("2000m"))
                .doesNotContainKey("memory");
    }

    @Test
    void portResourcesBecomeHostPortsAndMarathonPortVariables() {
        TaskInfo task = task().toBuilder().addResources(ports(31000, 31001)).addResources(ports(31005, 31005)).build();

        Container container = containerOf(task);

        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort, ContainerPort::getHostPort,
                        ContainerPort::getProtocol)
                .containsExactly(
                        tuple(31000, 31000, "TCP"),
                        tuple(31001, 31001, "TCP"),
                        tuple(31005, 31005, "TCP"));
        assertThat(envOf(container)).contains(
                entry("PORT0", "31000"), entry("PORT1", "31001"), entry("PORT2", "31005"),
                entry("PORT", "31000"), entry("PORTS", "31000,31001,31005"));
    }

    @Test
    void withoutPortsThereAreNoPortVariables() {
        assertThat(envOf(containerOf(task()))).doesNotContainKeys("PORT", "PORTS", "PORT0");
    }

    @Test
    void portMappingsMapHostPortsToContainerPorts() {
        ContainerInfo container = docker("nginx:1.27").toBuilder()
                .setDocker(docker("nginx:1.27").getDocker().toBuilder()
                        .setNetwork(ContainerInfo.DockerInfo.Network.BRIDGE)
                        .addPortMappings(ContainerInfo.DockerInfo.PortMapping.newBuilder()
                                .setHostPort(31000).setContainerPort(80).setProtocol("tcp"))
                        .addPortMappings(ContainerInfo.DockerInfo.PortMapping.newBuilder()
                                .setHostPort(31001).setContainerPort(53).setProtocol("udp,tcp")))
                .build();
        TaskInfo task = task().toBuilder().addResources(ports(31000, 31001)).setContainer(container).build();

        Container pod = containerOf(task);

        assertThat(pod.getPorts()).extracting(ContainerPort::getContainerPort, ContainerPort::getHostPort,
                        ContainerPort::getProtocol)
                .containsExactly(
                        tuple(80, 31000, "TCP"),
                        tuple(53, 31001, "UDP"),
                        tuple(53, 31001, "TCP"));
        assertThat(envOf(pod)).contains(entry("PORT0", "31000"), entry("PORT1", "31001"));
    }

    @Test
    void theHealthCheckBecomesTheProbesTheSharedConventionsGiveIt() {
        HealthCheck check = HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/health"))
                .setDelaySeconds(5).setIntervalSeconds(10).setTimeoutSeconds(2.5)
                .setConsecutiveFailures(4).setGracePeriodSeconds(25)
                .build();

        Container container = containerOf(task().toBuilder().setHealthCheck(check).build());

        HealthCheckProbes.Probes probes = HealthCheckProbes.of(check);
        assertThat(container.getStartupProbe()).isEqualTo(probes.startup()).isNotNull();
        assertThat(container.getLivenessProbe()).isEqualTo(probes.liveness()).isNotNull();
        assertThat(container.getReadinessProbe()).isEqualTo(probes.readiness()).isNotNull();
    }

    @Test
    void aHealthCheckNoProbeCanExpressIsRejectedNotDropped() {
        TaskInfo task = task().toBuilder().setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setScheme("ftp")))
                .build();

        assertThatThrownBy(() -> containerOf(task)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessageStartingWith("TaskInfo.health_check: ");
    }

    @Test
    void noHealthCheckMeansNoProbes() {
        Container container = containerOf(task());

        assertThat(container.getStartupProbe()).isNull();
        assertThat(container.getLivenessProbe()).isNull();
        assertThat(container.getReadinessProbe()).isNull();
    }

    @Test
    void namedCniNetworksAreRejected() {
        ContainerInfo container = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addNetworkInfos(NetworkInfo.newBuilder().setName("overlay-1"))
                .build();

        assertThatThrownBy(() -> podFor(task().toBuilder().setContainer(container).build()))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("overlay-1");
    }

    @Test
    void customExecutorsAreNotCommandTasks() {
        TaskInfo task = task().toBuilder().clearCommand().setExecutor(ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
                .setCommand(CommandInfo.newBuilder().setValue("./executor")))
                .build();

        assertThatThrownBy(() -> podFor(task))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("executor");
    }

    @Test
    void unknownResourcesAreRejected() {
        TaskInfo task = task().toBuilder().addResources(scalar("network_bandwidth", 100, "*")).build();

        assertThatThrownBy(() -> podFor(task))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("network_bandwidth");
    }

    @Test
    void whatTheApiServerWouldRefuseIsRejectedBeforeAnythingIsCreated() {
        TaskInfo badName = task().toBuilder().setCommand(task().getCommand().toBuilder().setEnvironment(
                Environment.newBuilder().addVariables(Environment.Variable.newBuilder().setName("A=B").setValue("1"))))
                .build();
        assertThatThrownBy(() -> podFor(badName)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("CommandInfo.environment: 'A=B'");

        TaskInfo hugeLabels = task().toBuilder().setLabels(Labels.newBuilder().addLabels(Label.newBuilder()
                .setKey("blob").setValue("x".repeat(TaskPods.ANNOTATION_BYTES_LIMIT)))).build();
        assertThatThrownBy(() -> podFor(hugeLabels)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("TaskInfo.labels");

        TaskInfo hugeLimit = task().toBuilder().putLimits("cpus", Value.Scalar.newBuilder().setValue(1e300).build())
                .build();
        assertThatThrownBy(() -> podFor(hugeLimit)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("TaskInfo.limits['cpus'] of 1.0E300 is out of range");

        TaskInfo tooLong = task().toBuilder().setMaxCompletionTime(DurationInfo.newBuilder()
                .setNanoseconds(3_000_000_000L * 1_000_000_000L)).build();
        assertThatThrownBy(() -> podFor(tooLong)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessageStartingWith("TaskInfo.max_completion_time of 3000000000 s");

        assertThatThrownBy(() -> podFor(withPortMappings(0))).isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Port 0 is not a port number (1-65535)");
        assertThatThrownBy(() -> podFor(withPortMappings(80, 81))).isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Host port 31000/TCP is mapped more than once");
    }

    @Test
    void everyTaskPodIsHardenedByDefault() {
        Pod pod = podFor(task());
        Container container = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getHostNetwork()).isNull();
        assertThat(pod.getSpec().getHostPID()).isNull();
        assertThat(pod.getSpec().getHostIPC()).isNull();
        assertThat(pod.getSpec().getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getPrivileged()).isNull();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd())
                .containsExactlyElementsOf(PodSecurity.DEFAULT_TASK_CAPABILITIES);
    }

    @Test
    void theMesosUserBecomesTheUidOfItsTableEntryAndAnUnlistedUserRunsAsTheDefaultUid() {
        assertThat(podFor(task(), "root").getSpec().getSecurityContext())
                .extracting("runAsUser", "runAsGroup", "runAsNonRoot").containsExactly(0L, 0L, false);
        assertThat(podFor(task(), "nobody").getSpec().getSecurityContext())
                .extracting("runAsUser", "runAsGroup", "runAsNonRoot").containsExactly(65534L, 65534L, true);
        assertThat(podFor(task(), "alice").getSpec().getSecurityContext())
                .extracting("runAsUser", "runAsGroup", "runAsNonRoot").containsExactly(65534L, 65534L, true);

        PodSettings withAlice = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent", PodSecurity.Level.BASELINE,
                null, TaskUsers.parse("root=0,alice=1000:100", 65534), true);
        assertThat(TaskPods.podFor(task(), target("alice"), withAlice).getSpec().getSecurityContext())
                .extracting("runAsUser", "runAsGroup", "runAsNonRoot").containsExactly(1000L, 100L, true);
    }

    @Test
    void atRestrictedATaskRunsAsNonRootWithOnlyNetBindServiceAndARootTaskIsRefused() {
        Pod pod = TaskPods.podFor(task(), target("nobody"), RESTRICTED);
        Container container = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_BIND_SERVICE");
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThatThrownBy(() -> TaskPods.podFor(task(), target("root"), RESTRICTED))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Task would run as root (user 'root' is uid 0), which the Pod Security level restricted"
                        + " (mesos-bridge.pod-security-level) forbids; run it as another user (CommandInfo.user or"
                        + " FrameworkInfo.user)");
    }

    @Test
    void aPrivilegedDockerTaskIsRefusedBelowThePrivilegedLevel() {
        TaskInfo privileged = task().toBuilder().setContainer(docker("nginx").toBuilder()
                .setDocker(docker("nginx").getDocker().toBuilder().setPrivileged(true))).build();

        assertThatThrownBy(() -> podFor(privileged)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("ContainerInfo.docker.privileged is true, which the Pod Security level baseline forbids"
                        + " (mesos-bridge.pod-security-level=privileged allows it)");
        assertThatThrownBy(() -> TaskPods.podFor(privileged, TARGET, RESTRICTED))
                .hasMessageContaining("level restricted forbids");
        PodSettings atPrivileged = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
                PodSecurity.Level.PRIVILEGED, null, TaskUsers.defaults(), true);
        Container container = TaskPods.podFor(privileged, TARGET, atPrivileged).getSpec().getContainers().get(0);
        assertThat(container.getSecurityContext().getPrivileged()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isNull();
    }

    @Test
    void dockerParametersAreRefusedNamingTheField() {
        TaskInfo withParameters = task().toBuilder().setContainer(docker("nginx").toBuilder()
                .setDocker(docker("nginx").getDocker().toBuilder()
                        .addParameters(Parameter.newBuilder().setKey("cap-add").setValue("SYS_ADMIN"))
                        .addParameters(Parameter.newBuilder().setKey("pid").setValue("host")))).build();

        assertThatThrownBy(() -> podFor(withParameters)).isInstanceOf(UnsupportedTaskException.class)
                .hasMessageStartingWith("ContainerInfo.docker.parameters")
                .hasMessageEndingWith("[cap-add, pid]");
    }

    @Test
    void aHostPathVolumeIsRefusedNamingThePath() {
        ContainerInfo legacy = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addVolumes(Volume.newBuilder().setContainerPath("/data").setHostPath("/srv/data")
                        .setMode(Volume.Mode.RW))
                .build();
        ContainerInfo withSource = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addVolumes(Volume.newBuilder().setContainerPath("/sock").setMode(Volume.Mode.RW)
                        .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.HOST_PATH)
                                .setHostPath(Volume.Source.HostPath.newBuilder().setPath("/var/run/docker.sock"))))
                .build();

        assertThatThrownBy(() -> podFor(task().toBuilder().setContainer(legacy).build()))
                .hasMessageStartingWith("ContainerInfo.volumes: host path '/srv/data' (at '/data') would be a"
                        + " hostPath volume");
        assertThatThrownBy(() -> podFor(task().toBuilder().setContainer(withSource).build()))
                .hasMessageStartingWith("ContainerInfo.volumes: host path '/var/run/docker.sock'");
    }

    @Test
    void aPortMappingMayOnlyPublishAPortOfTheTasksResources() {
        ContainerInfo mapping = docker("nginx").toBuilder().setDocker(docker("nginx").getDocker().toBuilder()
                .setNetwork(ContainerInfo.DockerInfo.Network.BRIDGE)
                .addPortMappings(ContainerInfo.DockerInfo.PortMapping.newBuilder()
                        .setHostPort(31002).setContainerPort(80))).build();
        ContainerInfo cniMapping = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addNetworkInfos(NetworkInfo.newBuilder().addPortMappings(NetworkInfo.PortMapping.newBuilder()
                        .setHostPort(22).setContainerPort(22)))
                .build();

        assertThatThrownBy(() -> podFor(task().toBuilder().addResources(ports(31000, 31001)).setContainer(mapping)
                .build())).isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Port [31002] not included in resources");
        assertThatThrownBy(() -> podFor(task().toBuilder().setContainer(cniMapping).build()))
                .hasMessage("Port [22] not included in resources");
    }

    @Test
    void withoutHostPortsThePortsAreTheContainersOnly() {
        PodSettings noHostPorts = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
                PodSecurity.Level.BASELINE, null, TaskUsers.defaults(), false);
        TaskInfo task = task().toBuilder().addResources(ports(31000, 31000)).build();

        Container container = TaskPods.podFor(task, TARGET, noHostPorts).getSpec().getContainers().get(0);

        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort, ContainerPort::getHostPort)
                .containsExactly(tuple(31000, null));
        assertThat(envOf(container)).contains(entry("PORT0", "31000"));
    }

    /** A bridged Docker task mapping host port 31000 to each of {@code containerPorts}. */
    private static TaskInfo withPortMappings(int... containerPorts) {
        ContainerInfo.DockerInfo.Builder docker = ContainerInfo.DockerInfo.newBuilder().setImage("nginx")
                .setNetwork(ContainerInfo.DockerInfo.Network.BRIDGE);
        for (int containerPort : containerPorts) {
            docker.addPortMappings(ContainerInfo.DockerInfo.PortMapping.newBuilder().setHostPort(31000)
                    .setContainerPort(containerPort));
        }
        return task().toBuilder().addResources(ports(31000, 31000))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(docker)).build();
    }

    private static TaskInfo task() {
        return TaskInfo.newBuilder()
                .setName("web")
                .setTaskId(TaskID.newBuilder().setValue("web.1"))
                .setAgentId(AgentID.newBuilder().setValue("agent-S3"))
                .addResources(scalar("cpus", 0.5, "analytics"))
                .addResources(scalar("mem", 128, "analytics"))
                .setCommand(CommandInfo.newBuilder().setValue("echo hello && sleep 5"))
                .build();
    }

    private static TaskInfo withCommand(CommandInfo.Builder command) {
        return task().toBuilder().setCommand(command).build();
    }

    private static Resource scalar(String name, double value, String role) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                .build();
    }

    private static Resource ports(long begin, long end) {
        return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end)))
                .build();
    }

    private static ContainerInfo docker(String image) {
        return ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage(image))
                .build();
    }

    private static ContainerInfo mesosImage(String image) {
        return ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder()
                        .setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder().setName(image))))
                .build();
    }

    private static Environment.Variable variable(String name, String value) {
        return Environment.Variable.newBuilder().setName(name).setValue(value).build();
    }

    private static Pod podFor(TaskInfo task) {
        return TaskPods.podFor(task, TARGET, SETTINGS);
    }

    private static Pod podFor(TaskInfo task, String user) {
        return TaskPods.podFor(task, target(user), SETTINGS);
    }

    private static TaskPodTarget target(String user) {
        return new TaskPodTarget(FRAMEWORK_ID, "node-7", "mesos", "mt-0123456789abcdef0123", "uid-42", user);
    }

    private static Container containerOf(TaskInfo task) {
        return podFor(task).getSpec().getContainers().get(0);
    }

    private static Map<String, String> envOf(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue,
                (a, b) -> b, LinkedHashMap::new));
    }
}

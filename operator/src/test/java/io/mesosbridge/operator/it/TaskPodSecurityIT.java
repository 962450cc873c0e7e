package io.mesosbridge.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Task Pods are hardened on the real node: the Pod as created carries the security context, a task runs as the uid
 * its Mesos user maps to, a port mapping outside the task's ports is TASK_ERROR beside a task that runs, and the
 * namespace carries the Pod Security labels; at restricted (no host ports), admission itself enforces the level,
 * the bridge's Pods pass it and a root task is refused.
 */
@WithRealCluster
class TaskPodSecurityIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String BASELINE_NAMESPACE = "it-pod-security";
    private static final String RESTRICTED_NAMESPACE = "it-pod-security-restricted";
    private static final String IMAGE = "mesos-bridge/busybox:local";
    private static BridgeProcess baseline;
    private static BridgeProcess restricted;
    private static String realNode;

    @BeforeAll
    static void startBridges(RealCluster cluster) {
        realNode = cluster.realNodeName().orElseThrow();
        baseline = BridgeProcess.start(cluster, BASELINE_NAMESPACE, Map.of());
        restricted = BridgeProcess.start(cluster, RESTRICTED_NAMESPACE, Map.of(
                "mesos-bridge.pod-security-level", "restricted", "mesos-bridge.task-host-ports", "false"));
    }

    @AfterAll
    static void stopBridges() {
        baseline.stopAndRemoveNamespace();
        restricted.stopAndRemoveNamespace();
    }

    @Test
    void theTaskNamespacesCarryThePodSecurityLabels(RealCluster cluster) {
        assertThat(labelsOf(cluster, BASELINE_NAMESPACE)).containsEntry(PodSecurity.ENFORCE_LABEL, "privileged")
                .containsEntry(PodSecurity.WARN_LABEL, "baseline").containsEntry(PodSecurity.AUDIT_LABEL, "baseline");
        assertThat(labelsOf(cluster, RESTRICTED_NAMESPACE)).containsEntry(PodSecurity.ENFORCE_LABEL, "restricted")
                .containsEntry(PodSecurity.WARN_LABEL, "restricted")
                .containsEntry(PodSecurity.AUDIT_LABEL, "restricted");
    }

    @Test
    void aRootTasksPodIsHardenedAsCreated(RealCluster cluster) throws Exception {
        try (TestScheduler scheduler = new TestScheduler(baseline.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("hardened").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);

            scheduler.launch(offer, TestScheduler.commandTask("root-sleeper", offer,
                    "[ \"$(id -u)\" = 0 ] && sleep 600", 0.1, 32).build());
            scheduler.awaitState("root-sleeper", TaskState.TASK_RUNNING, TIMEOUT);

            Pod pod = cluster.client().pods().inNamespace(BASELINE_NAMESPACE)
                    .withName(TaskNames.objectName(scheduler.frameworkId(), "root-sleeper")).get();
            assertThat(pod.getSpec().getSecurityContext())
                    .extracting("runAsUser", "runAsNonRoot", "seccompProfile.type")
                    .containsExactly(0L, false, "RuntimeDefault");
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(java.util.Arrays.asList(pod.getSpec().getHostNetwork(), pod.getSpec().getHostPID(),
                    pod.getSpec().getHostIPC())).as("host network, PID and IPC namespaces").doesNotContain(true);
            assertThat(pod.getSpec().getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
            Container container = pod.getSpec().getContainers().get(0);
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getSecurityContext().getCapabilities().getAdd())
                    .containsExactlyElementsOf(PodSecurity.DEFAULT_TASK_CAPABILITIES);

            scheduler.kill("root-sleeper");
            scheduler.awaitState("root-sleeper", TaskState.TASK_KILLED, TIMEOUT);
        }
    }

    /** Linux capability numbers (linux/capability.h) of the names a Pod's securityContext takes. */
    private static final List<String> CAPABILITY_BITS = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH",
            "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE",
            "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT",
            "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME",
            "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP");

    @Test
    void theKernelHoldsARootTaskToItsCapabilitiesNoNewPrivilegesAndSeccomp() throws Exception {
        long mask = 0;
        for (String capability : PodSecurity.DEFAULT_TASK_CAPABILITIES) {
            mask |= 1L << CAPABILITY_BITS.indexOf(capability);
        }
        String effective = String.format("%016x", mask);
        // what the task's own process has, from /proc: each mismatch ends the task with its own exit status
        String check = "s=/proc/self/status; "
                + "[ \"$(awk '/^CapEff:/{print $2}' $s)\" = " + effective + " ] || exit 3; "
                + "[ \"$(awk '/^NoNewPrivs:/{print $2}' $s)\" = 1 ] || exit 4; "
                + "[ \"$(awk '/^Seccomp:/{print $2}' $s)\" = 2 ] || exit 5";
        try (TestScheduler scheduler = new TestScheduler(baseline.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("kernel-view").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);

            scheduler.launch(offer, TestScheduler.commandTask("proc-status", offer, check, 0.1, 32).build());

            TaskStatus last = scheduler.awaitState("proc-status", TaskState.TASK_FINISHED, TIMEOUT);
            assertThat(last.getState()).as(scheduler.updatesOf("proc-status").toString())
                    .isEqualTo(TaskState.TASK_FINISHED);
        }
    }

    @Test
    void aTaskOfUserNobodyRunsAsUid65534() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(baseline.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("as-nobody").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder task = TestScheduler.commandTask("whoami", offer,
                    "echo \"uid $(id -u) gid $(id -g)\"; [ \"$(id -u)\" = 65534 ] && [ \"$(id -g)\" = 65534 ] || exit 7",
                    0.1, 32);
            task.getCommandBuilder().setUser("nobody");

            assertThat(scheduler.launch(offer, task.build()).statusCode()).isEqualTo(202);

            scheduler.awaitState("whoami", TaskState.TASK_FINISHED, TIMEOUT);
            assertThat(scheduler.updatesOf("whoami")).extracting(TaskStatus::getState)
                    .containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED)
                    .doesNotContain(TaskState.TASK_FAILED);
        }
    }

    @Test
    void aPortMappingOutsideTheTasksPortsIsTaskErrorAndTheOtherTaskRuns() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(baseline.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("ports").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode)
                    && o.getResourcesList().stream().anyMatch(r -> r.getName().equals("ports")), TIMEOUT);
            long first = offer.getResourcesList().stream().filter(r -> r.getName().equals("ports")).findFirst()
                    .orElseThrow().getRanges().getRange(0).getBegin();
            Protos.TaskInfo outside = TestScheduler.commandTask("outside", offer, "sleep 1", 0.1, 32)
                    .addResources(ports(first))
                    .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
                            .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage(IMAGE)
                                    .setNetwork(Protos.ContainerInfo.DockerInfo.Network.BRIDGE)
                                    .addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder()
                                            .setHostPort((int) first + 1).setContainerPort(80))))
                    .build();
            Protos.TaskInfo inside = TestScheduler.commandTask("inside", offer, "true", 0.1, 32)
                    .addResources(ports(first + 2)).build();

            assertThat(scheduler.launch(offer, outside, inside).statusCode()).isEqualTo(202);

            TaskStatus error = scheduler.awaitState("outside", TaskState.TASK_ERROR, TIMEOUT);
            assertThat(error.getMessage()).isEqualTo("Port [" + (first + 1) + "] not included in resources");
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
            scheduler.awaitState("inside", TaskState.TASK_FINISHED, TIMEOUT);
        }
    }

    @Test
    void atRestrictedAdmissionAcceptsTheTaskPodsAndARootTaskIsTaskError() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(restricted.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("restricted").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder nobody = TestScheduler.commandTask("restricted-nobody", offer,
                    "[ \"$(id -u)\" = 65534 ]", 0.1, 32);
            nobody.getCommandBuilder().setUser("nobody");
            Protos.TaskInfo asRoot = TestScheduler.commandTask("restricted-root", offer, "true", 0.1, 32).build();

            assertThat(scheduler.launch(offer, asRoot, nobody.build()).statusCode()).isEqualTo(202);

            TaskStatus refused = scheduler.awaitState("restricted-root", TaskState.TASK_ERROR, TIMEOUT);
            assertThat(refused.getMessage()).startsWith("Task would run as root (user 'root' is uid 0), which the"
                    + " Pod Security level restricted");
            scheduler.awaitState("restricted-nobody", TaskState.TASK_FINISHED, TIMEOUT);
        }
    }

    private static Protos.Resource ports(long port) {
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                        .setBegin(port).setEnd(port)))
                .build();
    }

    private static Map<String, String> labelsOf(RealCluster cluster, String namespace) {
        Namespace found = cluster.client().namespaces().withName(namespace).get();
        return found.getMetadata().getLabels();
    }
}

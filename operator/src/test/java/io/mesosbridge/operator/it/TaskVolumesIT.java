package io.mesosbridge.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.Protos.Volume;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ContainerInfo.volumes on the real node: a PARENT sandbox path shared by the tasks of a group, a SECRET variable
 * and a SECRET volume from a Kubernetes Secret, a launch failing on a Secret or claim that is not there, and a host
 * path refused by default.
 */
@WithRealCluster
class TaskVolumesIT {

    private static final String NAMESPACE = "it-task-volumes";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static BridgeProcess bridge;
    private static TestScheduler scheduler;
    private static String realNode;
    private static final List<String> usedOffers = new ArrayList<>();

    @BeforeAll
    static void startBridge(RealCluster cluster) throws Exception {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(realNode));
        scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
        scheduler.subscribe(TestScheduler.frameworkInfo("task-volumes").build());
    }

    @AfterAll
    static void stopBridge() throws Exception {
        scheduler.close();
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void twoTasksOfAGroupShareAParentSandboxPath() throws Exception {
        Protos.Offer offer = freshOffer();
        Volume shared = Volume.newBuilder().setContainerPath("/shared").setMode(Volume.Mode.RW)
                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SANDBOX_PATH)
                        .setSandboxPath(Volume.Source.SandboxPath.newBuilder()
                                .setType(Volume.Source.SandboxPath.Type.PARENT).setPath("shared")))
                .build();
        Protos.ContainerInfo container = Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
                .addVolumes(shared).build();
        Protos.ExecutorInfo executor = Protos.ExecutorInfo.newBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("sharing"))
                .setFrameworkId(offer.getFrameworkId())
                .addResources(TestScheduler.scalar("cpus", 0.1)).addResources(TestScheduler.scalar("mem", 32))
                .addResources(TestScheduler.scalar("disk", 10))
                .build();

        scheduler.launchGroup(offer, executor,
                TestScheduler.commandTask("writer", offer, "echo hello > /shared/greeting.tmp"
                        + " && mv /shared/greeting.tmp /shared/greeting", 0.1, 32).setContainer(container).build(),
                TestScheduler.commandTask("reader", offer, "while [ ! -f /shared/greeting ]; do sleep 0.2; done;"
                        + " test \"$(cat /shared/greeting)\" = hello", 0.1, 32).setContainer(container).build());

        for (String taskId : List.of("writer", "reader")) {
            assertThat(scheduler.awaitState(taskId, TaskState.TASK_FINISHED, TIMEOUT).getMessage())
                    .isEqualTo("Command exited with status 0");
        }
    }

    @Test
    void aTaskReadsASecretVariableAndASecretVolumeAndAMissingSecretOrClaimFailsTheLaunch(RealCluster cluster)
            throws Exception {
        cluster.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("db-password").endMetadata().withStringData(Map.of("value", "s3cret")).build()).create();
        cluster.client().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("tls").endMetadata().withStringData(Map.of("tls.crt", "a certificate")).build()).create();
        Protos.Offer offer = freshOffer();
        Protos.TaskInfo.Builder reads = TestScheduler.commandTask("reads-secrets", offer,
                "test \"$DB_PASSWORD\" = s3cret && test \"$(cat /etc/tls/tls.crt)\" = 'a certificate'", 0.1, 32);
        reads.getCommandBuilder().setEnvironment(Protos.Environment.newBuilder()
                .addVariables(secretVariable("DB_PASSWORD", "db/password")));
        reads.setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
                        .addVolumes(Volume.newBuilder().setContainerPath("/etc/tls/tls.crt").setMode(Volume.Mode.RO)
                                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.SECRET)
                                        .setSecret(Protos.Secret.newBuilder().setType(Protos.Secret.Type.REFERENCE)
                                                .setReference(Protos.Secret.Reference.newBuilder().setName("tls")
                                                        .setKey("tls.crt"))))));
        Protos.TaskInfo.Builder missingSecret = TestScheduler.commandTask("missing-secret", offer, "true", 0.1, 32);
        missingSecret.getCommandBuilder().setEnvironment(Protos.Environment.newBuilder()
                .addVariables(secretVariable("TOKEN", "absent")));
        Protos.TaskInfo missingClaim = TestScheduler.commandTask("missing-claim", offer, "true", 0.1, 32)
                .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
                        .addVolumes(Volume.newBuilder().setContainerPath("/data").setMode(Volume.Mode.RW)
                                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.DOCKER_VOLUME)
                                        .setDockerVolume(Volume.Source.DockerVolume.newBuilder().setDriver("rexray")
                                                .setName("pg-data")))))
                .build();

        scheduler.launch(offer, reads.build(), missingSecret.build(), missingClaim);

        assertThat(scheduler.awaitState("reads-secrets", TaskState.TASK_FINISHED, TIMEOUT).getMessage())
                .isEqualTo("Command exited with status 0");
        TaskStatus noSecret = scheduler.awaitState("missing-secret", TaskState.TASK_FAILED, TIMEOUT);
        assertThat(noSecret.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(noSecret.getMessage()).isEqualTo("Failed to launch container: Secret 'absent' does not exist in"
                + " namespace '" + NAMESPACE + "'");
        TaskStatus noClaim = scheduler.awaitState("missing-claim", TaskState.TASK_FAILED, TIMEOUT);
        assertThat(noClaim.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(noClaim.getMessage()).isEqualTo("Failed to launch container: PersistentVolumeClaim 'pg-data'"
                + " does not exist in namespace '" + NAMESPACE + "'; mesos-bridge mounts existing claims only");
    }

    @Test
    void aHostPathIsRefusedByDefault(RealCluster cluster) throws Exception {
        Protos.Offer offer = freshOffer();
        scheduler.launch(offer, TestScheduler.commandTask("host-path", offer, "true", 0.1, 32)
                .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.MESOS)
                        .addVolumes(Volume.newBuilder().setContainerPath("/host-etc").setMode(Volume.Mode.RO)
                                .setSource(Volume.Source.newBuilder().setType(Volume.Source.Type.HOST_PATH)
                                        .setHostPath(Volume.Source.HostPath.newBuilder().setPath("/etc")))))
                .build());

        TaskStatus refused = scheduler.awaitState("host-path", TaskState.TASK_ERROR, TIMEOUT);
        assertThat(refused.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(refused.getMessage()).isEqualTo("ContainerInfo.volumes: host path '/etc' (at '/host-etc') would be"
                + " a hostPath volume, which task Pods get only under a path of mesos-bridge.allowed-host-paths (none"
                + " is set)");
        assertThat(cluster.client().pods().inNamespace(NAMESPACE).list().getItems()).noneMatch(pod ->
                pod.getSpec().getVolumes().stream().anyMatch(volume -> volume.getHostPath() != null));
    }

    private static Protos.Environment.Variable secretVariable(String name, String reference) {
        return Protos.Environment.Variable.newBuilder().setName(name).setType(Protos.Environment.Variable.Type.SECRET)
                .setSecret(Protos.Secret.newBuilder().setType(Protos.Secret.Type.REFERENCE)
                        .setReference(Protos.Secret.Reference.newBuilder().setName(reference)))
                .build();
    }

    /** An offer of the real node not used yet (each test launches on its own). */
    private static synchronized Protos.Offer freshOffer() {
        Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode)
                && !usedOffers.contains(o.getId().getValue()), TIMEOUT);
        usedOffers.add(offer.getId().getValue());
        return offer;
    }
}

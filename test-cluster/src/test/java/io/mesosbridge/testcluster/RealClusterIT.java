package io.mesosbridge.testcluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local cluster is a real Kubernetes: pods run on kwok and on the real node, and the garbage collector works. */
@WithRealCluster
class RealClusterIT {

    private static final String NAMESPACE = "real-cluster-it";

    @BeforeAll
    static void createNamespace(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .createOr(existing -> existing.update());
        await().atMost(Duration.ofMinutes(1)).until(() ->
                client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
    }

    @AfterAll
    static void deleteNamespace(KubernetesClient client) {
        client.namespaces().withName(NAMESPACE).delete();
    }

    @Test
    void aPodPinnedToAKwokNodeRuns(RealCluster cluster) {
        cluster.createKwokNode("kwok-it-node", Map.of("cpu", "4", "memory", "8Gi"), Map.of("rack", "rack1"));
        cluster.awaitNodeReady("kwok-it-node", Duration.ofMinutes(1));
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("on-kwok").endMetadata()
                .withNewSpec()
                    .withNodeName("kwok-it-node")
                    .addNewContainer().withName("main").withImage("mesos-bridge/busybox:local")
                        .withCommand("sleep", "3600").endContainer()
                .endSpec()
                .build();
        KubernetesClient client = cluster.client();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();

        Pod running = client.pods().inNamespace(NAMESPACE).withName("on-kwok")
                .waitUntilCondition(p -> p != null && "Running".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);

        assertThat(running.getSpec().getNodeName()).isEqualTo("kwok-it-node");
        assertThat(running.getStatus().getContainerStatuses()).singleElement()
                .satisfies(status -> assertThat(status.getReady()).isTrue());
    }

    @Test
    void aPodOnTheRealNodeRunsItsShellAndReportsExitCodeAndLogs(RealCluster cluster) {
        String realNode = cluster.realNodeName().orElseThrow();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("exit-three").endMetadata()
                .withNewSpec()
                    .withNodeName(realNode)
                    .withRestartPolicy("Never")
                    .addNewContainer().withName("main").withImage("mesos-bridge/busybox:local")
                        .withImagePullPolicy("Never")
                        .withCommand("sh", "-c", "echo hello; exit 3").endContainer()
                .endSpec()
                .build();
        KubernetesClient client = cluster.client();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();

        Pod finished = client.pods().inNamespace(NAMESPACE).withName("exit-three")
                .waitUntilCondition(p -> p != null && "Failed".equals(p.getStatus().getPhase()), 3, TimeUnit.MINUTES);

        ContainerStateTerminated terminated = finished.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(client.pods().inNamespace(NAMESPACE).withName("exit-three").getLog()).isEqualTo("hello\n");
    }

    @Test
    void deletingAnOwnerGarbageCollectsWhatItOwns(KubernetesClient client) {
        ConfigMap owner = client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owner").endMetadata().addToData("role", "owner").build()).create();
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owned")
                    .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
                        .withName("owner").withUid(owner.getMetadata().getUid()).endOwnerReference()
                .endMetadata().addToData("role", "owned").build()).create();

        client.configMaps().inNamespace(NAMESPACE).withName("owner").delete();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(client.configMaps().inNamespace(NAMESPACE).withName("owned").get()).isNull());
    }

    @Test
    void theRealNodeAndTheDefaultKwokNodesAreReady(RealCluster cluster) {
        String realNode = cluster.realNodeName().orElseThrow();
        assertThat(cluster.client().nodes().list().getItems())
                .filteredOn(RealCluster::isReady)
                .extracting(node -> node.getMetadata().getName())
                .contains(realNode, "kwok-node-0", "kwok-node-1");
    }
}

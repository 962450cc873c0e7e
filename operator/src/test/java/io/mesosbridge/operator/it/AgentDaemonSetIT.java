package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's agent DaemonSet with the locally built image (mesos-bridge/agent:local) on the real node: the agent
 * starts without a reachable operator, puts its --attributes and --resources on its Node as labels and the ports
 * annotation (the flag winning over the legacy /etc/mesos-slave file), is Ready on its port, and stops when its
 * DaemonSet goes.
 */
@WithRealCluster
class AgentDaemonSetIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String RELEASE = "it-agent";
    private static final String NAMESPACE = "it-agent";
    private static final String RACK_LABEL = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "rack";
    private static final String OS_LABEL = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX + "os";
    private static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    private static RealCluster cluster;
    private static String node;
    private static Path legacyConfig;
    private static Map<String, String> labelsBefore;

    @BeforeAll
    static void buildTheImage(RealCluster realCluster) throws Exception {
        cluster = realCluster;
        node = cluster.realNodeName().orElseThrow();
        labelsBefore = cluster.client().nodes().withName(node).get().getMetadata().getLabels();
        Process build = new ProcessBuilder(cluster.repositoryRoot().resolve("bin/dev-cluster").toString(), "agent-image")
                .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(output).isZero();
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .endMetadata().build()).serverSideApply();
        legacyConfig = Files.createTempDirectory("mesos-slave");
        Files.writeString(legacyConfig.resolve("attributes"), "rack:legacy;os:linux\n");
    }

    @AfterAll
    static void removeWhatTheTestAdded() throws IOException {
        cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=false");
        cluster.client().rbac().clusterRoleBindings().withName(RELEASE + "-agent").delete();
        cluster.client().rbac().clusterRoles().withName(RELEASE + "-agent").delete();
        Map<String, Object> removed = new java.util.HashMap<>();
        for (String label : List.of(RACK_LABEL, ZONE_LABEL, OS_LABEL)) {
            if (labelsBefore == null || !labelsBefore.containsKey(label)) {
                removed.put(label, null);
            }
        }
        Map<String, Object> annotations = new java.util.HashMap<>();
        annotations.put(KubernetesKeys.PORTS_ANNOTATION, null);
        cluster.client().nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
                cluster.client().getKubernetesSerialization().asJson(
                        Map.of("metadata", Map.of("labels", removed, "annotations", annotations))));
        Files.deleteIfExists(legacyConfig.resolve("attributes"));
        Files.deleteIfExists(legacyConfig);
    }

    @Test
    void theAgentPutsItsSettingsOnItsNodeIsReadyAndStopsWithItsDaemonSet() throws Exception {
        int port = freePort();
        URI apiServer = URI.create(cluster.client().getMasterUrl().toString());
        Path kubeletRoot = cluster.kubeconfig().getParent().resolve("kubelet/root");
        List<String> args = new ArrayList<>(List.of("template", RELEASE,
                cluster.repositoryRoot().resolve("charts/mesos-bridge").toString(), "--namespace", NAMESPACE,
                "--show-only", "templates/agent.yaml",
                "--set", "agent.image.tag=local", "--set", "agent.port=" + port,
                "--set", "agent.mesosAttributes=rack:r1;zone:z1",
                "--set", "agent.mesosResources=ports:[31000-31005]",
                "--set", "agent.legacyConfigDir=" + legacyConfig,
                "--set", "agent.kubeletRootDir=" + kubeletRoot,
                // no kube-proxy here: the kubernetes Service is not reachable, the API server's own address is
                "--set", "agent.apiServer.host=" + apiServer.getHost(),
                "--set-string", "agent.apiServer.port=" + apiServer.getPort(),
                "--set-json", "agent.nodeSelector={\"kubernetes.io/hostname\":\"" + node + "\"}"));
        ProcessResult rendered = cluster.helm(args.toArray(String[]::new));
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        // the agent's --master is the operator's Service, which is not there: the agent serves anyway
        assertThat(rendered.output()).contains("--master=" + RELEASE + "." + NAMESPACE + ".svc:5052");
        ProcessResult applied = cluster.kubectlWithInput(rendered.output(), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();

        Pod agent = Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(this::agentPod,
                pod -> pod != null && Readiness.isPodReady(pod));
        assertThat(agent.getSpec().getNodeName()).isEqualTo(node);
        assertThat(agent.getSpec().getHostNetwork()).isTrue();
        try (Socket connected = new Socket(agent.getStatus().getHostIP(), port)) {
            assertThat(connected.isConnected()).isTrue();
        }

        Node labelled = cluster.client().nodes().withName(node).get();
        assertThat(labelled.getMetadata().getLabels()).containsEntry(RACK_LABEL, "r1").containsEntry(ZONE_LABEL, "z1")
                .as("the flag wins over the legacy attributes file").doesNotContainKey(OS_LABEL)
                .as("the Node's other labels stay").containsKey("kubernetes.io/hostname");
        assertThat(labelled.getMetadata().getAnnotations())
                .containsEntry(KubernetesKeys.PORTS_ANNOTATION, "[31000-31005]");
        assertThat(cluster.client().pods().inNamespace(NAMESPACE).withName(agent.getMetadata().getName()).getLog())
                .contains("Node " + node + " has the agent's labels");

        ProcessResult deleted = cluster.kubectl("delete", "daemonset", RELEASE + "-agent", "-n", NAMESPACE,
                "--wait=false");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        long start = System.nanoTime();
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> agentPod() == null);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("the agent exits on SIGTERM, before its 10 s grace period ends").isLessThan(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !listening(agent.getStatus().getHostIP(), port));
    }

    private Pod agentPod() {
        return cluster.client().pods().inNamespace(NAMESPACE)
                .withLabel("app.kubernetes.io/name", "mesos-bridge-agent").list().getItems().stream()
                .findFirst().orElse(null);
    }

    private static boolean listening(String host, int port) {
        try (Socket ignored = new Socket(host, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

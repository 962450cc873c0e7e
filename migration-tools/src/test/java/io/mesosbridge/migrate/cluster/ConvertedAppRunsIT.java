package io.mesosbridge.migrate.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.testing.Corpus;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus app, converted by the CLI and applied for real, runs on the real node. The node has no registry, so the
 * image is overridden with the locally imported busybox; the app is pinned to the real node with a Marathon
 * {@code hostname CLUSTER} constraint, which exercises the constraint translation on a real scheduler too.
 */
@WithRealCluster
class ConvertedAppRunsIT {

    static final String IMAGE = "mesos-bridge/busybox:local";

    /**
     * The corpus's docker-http-server with busybox's httpd in place of Python (the image has no Python) and the
     * seed's kind of health check: the pod becomes Ready only once the converted startup probe has reached the
     * server on its container port, and the converted Service routes to it.
     */
    @Test
    void httpServerBecomesReadyThroughItsConvertedProbes(RealCluster cluster) throws Exception {
        String node = cluster.realNodeName().orElseThrow(() -> new AssertionError("the cluster has no real node"));
        ObjectNode app = (ObjectNode) JsonDocuments.mapper().readTree(Files.readString(Corpus.file("apps/docker-http-server.json")));
        app.put("cmd", "mkdir -p www && echo ok > www/index.html && exec httpd -f -p 8080 -h www");
        ObjectNode check = JsonDocuments.mapper().createObjectNode();
        check.put("protocol", "HTTP").put("path", "/index.html").put("portIndex", 0).put("gracePeriodSeconds", 30)
                .put("intervalSeconds", 2).put("timeoutSeconds", 2).put("maxConsecutiveFailures", 3);
        app.putArray("healthChecks").add(check);
        app.putArray("constraints").add(JsonDocuments.mapper().createArrayNode().add("hostname").add("CLUSTER").add(node));
        Path input = Files.createTempFile("docker-http-server", ".json");
        Files.writeString(input, app.toString());
        String namespace = "migrate-it-" + Long.toHexString(System.nanoTime());
        assertThat(cluster.kubectl("create", "namespace", namespace).exitCode()).isZero();
        try {
            CliRunner.Run converted = CliRunner.run("marathon", "--namespace", namespace, "--image-override", IMAGE,
                    "--image-pull-policy", "IfNotPresent", input.toString());
            assertThat(converted.exit()).as(converted.err()).isZero();
            ProcessResult applied = cluster.kubectlWithInput(converted.out(), "apply", "-f", "-");
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            assertThat(applied.output()).contains("service/docker-http-server created")
                    .contains("deployment.apps/docker-http-server created");

            cluster.client().apps().deployments().inNamespace(namespace).withName("docker-http-server")
                    .waitUntilCondition(d -> d != null && d.getStatus() != null
                            && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()), 4, TimeUnit.MINUTES);
            Pod pod = cluster.client().pods().inNamespace(namespace)
                    .withLabel("app.kubernetes.io/name", "docker-http-server").list().getItems().get(0);
            assertThat(pod.getSpec().getNodeName()).isEqualTo(node);
            var container = pod.getSpec().getContainers().get(0);
            assertThat(container.getStartupProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
            assertThat(container.getLivenessProbe().getFailureThreshold()).as("Marathon kills on the 4th failure")
                    .isEqualTo(3 + 1);
            assertThat(pod.getStatus().getContainerStatuses().get(0).getStarted()).isTrue();
            assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue();

            // The Service's endpoints list the pod, ready, once the probes let it be Ready.
            String podIp = pod.getStatus().getPodIP();
            assertThat(podIp).isNotBlank();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            boolean routed = false;
            while (!routed && System.nanoTime() < deadline) {
                routed = cluster.client().discovery().v1().endpointSlices().inNamespace(namespace)
                        .withLabel("kubernetes.io/service-name", "docker-http-server").list().getItems().stream()
                        .filter(slice -> slice.getEndpoints() != null)
                        .flatMap(slice -> slice.getEndpoints().stream())
                        .anyMatch(e -> e.getAddresses().contains(podIp) && e.getConditions() != null
                                && Boolean.TRUE.equals(e.getConditions().getReady()));
                if (!routed) {
                    Thread.sleep(500);
                }
            }
            assertThat(routed).as("Service docker-http-server routes to the ready pod " + podIp).isTrue();
        } finally {
            cluster.kubectl("delete", "namespace", namespace, "--wait=false");
            Files.deleteIfExists(input);
        }
    }

    @Test
    void sleepAppRunsOnTheRealNode(RealCluster cluster) throws Exception {
        String node = cluster.realNodeName().orElseThrow(() -> new AssertionError("the cluster has no real node"));
        ObjectNode app = (ObjectNode) JsonDocuments.mapper().readTree(Files.readString(Corpus.file("apps/sleep-app.json")));
        ArrayNode constraint = JsonDocuments.mapper().createArrayNode().add("hostname").add("CLUSTER").add(node);
        app.putArray("constraints").add(constraint);
        Path input = Files.createTempFile("sleep-app", ".json");
        Files.writeString(input, app.toString());
        String namespace = "migrate-it-" + Long.toHexString(System.nanoTime());
        ProcessResult created = cluster.kubectl("create", "namespace", namespace);
        assertThat(created.exitCode()).as(created.output()).isZero();
        try {
            CliRunner.Run converted = CliRunner.run("marathon", "--namespace", namespace, "--image-override", IMAGE,
                    "--image-pull-policy", "IfNotPresent", input.toString());
            assertThat(converted.exit()).as(converted.err()).isZero();
            ProcessResult applied = cluster.kubectlWithInput(converted.out(), "apply", "-f", "-");
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            assertThat(applied.output()).contains("deployment.apps/sleep created");

            Deployment ready = cluster.client().apps().deployments().inNamespace(namespace).withName("sleep")
                    .waitUntilCondition(d -> d != null && d.getStatus() != null
                            && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()), 4, TimeUnit.MINUTES);
            assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(1);

            List<Pod> pods = cluster.client().pods().inNamespace(namespace)
                    .withLabel("app.kubernetes.io/name", "sleep").list().getItems();
            assertThat(pods).singleElement().satisfies(pod -> {
                assertThat(pod.getSpec().getNodeName()).isEqualTo(node);
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(status -> {
                    assertThat(status.getImage()).contains("busybox");
                    assertThat(status.getState().getRunning()).isNotNull();
                    assertThat(status.getRestartCount()).isZero();
                });
                assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName)
                        .contains("MARATHON_APP_ID", "MESOS_SANDBOX", "HOST");
                assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").toString())
                        .isEqualTo("10m");
            });
        } finally {
            cluster.kubectl("delete", "namespace", namespace, "--wait=false");
            Files.deleteIfExists(input);
        }
    }
}

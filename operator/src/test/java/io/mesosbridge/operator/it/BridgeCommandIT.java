package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's main command: {@code bin/bridge} serves the Mesos master on 127.0.0.1:5050. */
@WithRealCluster
class BridgeCommandIT {

    @Test
    void binBridgeAnswersHealthOnPort5050(RealCluster cluster) throws Exception {
        Path log = Path.of("target", "bin-bridge.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(cluster.repositoryRoot().resolve("bin/bridge").toString(),
                "-Dmesos-bridge.namespace=it-bin-bridge")
                .directory(cluster.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
        Process bridge = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (health == null && System.nanoTime() < deadline && bridge.isAlive()) {
                try {
                    health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:5050/health")).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYetListening) {
                    Thread.sleep(500);
                }
            }
            assertThat(health).as("bin/bridge answered on 127.0.0.1:5050; see %s", log).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEmpty();
        } finally {
            bridge.destroy();
            if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
            }
            cluster.client().namespaces().withName("it-bin-bridge").delete();
        }
    }
}

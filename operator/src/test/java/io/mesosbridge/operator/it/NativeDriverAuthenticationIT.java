package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --authenticate_frameworks} and a {@code --credentials} file, a native-driver framework registers only
 * after CRAM-MD5 with the right secret (the real cyrus-sasl client of libmesos against the bridge), as with Mesos.
 */
@WithRealCluster
class NativeDriverAuthenticationIT {

    private static final String NAMESPACE = "it-native-auth";
    private static final Duration RUN = Duration.ofMinutes(2);
    private static BridgeProcess bridge;
    private static String master;

    @BeforeAll
    static void startBridge(RealCluster cluster) throws Exception {
        Path credentials = Files.createTempFile("credentials", ".json");
        Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"alice\", \"secret\": \"s3cret\"}]}");
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.authenticate-frameworks", "true",
                "mesos-bridge.credentials", "file://" + credentials,
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + cluster.realNodeName().orElseThrow()));
        master = "127.0.0.1:" + bridge.port();
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void theRightSecretAuthenticatesAndTheFrameworkRegistersAsItsPrincipal(RealCluster cluster) throws Exception {
        ProcessResult run = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "auth",
                "--principal", "alice", "--secret", "s3cret", "--name", "authenticated framework");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Authentication success", "NATIVE: registered", "NATIVE: PASS");
        JsonNode state = MasterHttp.await(bridge.url(), "/master/state",
                s -> byName(s.get("completed_frameworks"), "authenticated framework") != null, Duration.ofSeconds(30));
        assertThat(byName(state.get("completed_frameworks"), "authenticated framework").get("principal").asText())
                .isEqualTo("alice");
        JsonNode metrics = MasterHttp.get(bridge.url(), "/metrics/snapshot");
        assertThat(metrics.get("master/messages_authenticate").asDouble()).isPositive();
    }

    @Test
    void aWrongSecretIsRefusedAndTheDriverAborts(RealCluster cluster) throws Exception {
        ProcessResult run = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "auth",
                "--principal", "alice", "--secret", "wrong");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("NATIVE: error Master refused authentication")
                .doesNotContain("NATIVE: registered");
    }

    @Test
    void aFrameworkWithoutACredentialIsRefusedAsNotAuthenticated(RealCluster cluster) throws Exception {
        ProcessResult run = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "auth");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).containsPattern("NATIVE: error Framework at scheduler-\\S+@127\\.0\\.0\\.1:\\d+ is not "
                + "authenticated").doesNotContain("NATIVE: registered");
    }

    private static JsonNode byName(JsonNode frameworks, String name) {
        return StreamSupport.stream(frameworks.spliterator(), false)
                .filter(f -> f.get("name").asText().equals(name)).findFirst().orElse(null);
    }
}

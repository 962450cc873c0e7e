package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaged bridge reads {@code mesos-bridge.acls} and {@code mesos-bridge.authorizers} at start-up. */
@WithRealCluster
class AuthorizationSettingsIT {

    @Test
    void badAclsStopTheBridgeWithAMessageNamingTheField(RealCluster cluster) throws Exception {
        String namespace = "it-authz-settings-bad";
        assertThatThrownBy(() -> BridgeProcess.start(cluster, namespace, Map.of(
                "mesos-bridge.acls", "{\"run_task\": []}")))
                .hasMessageContaining("the bridge exited");
        try {
            String log = Files.readString(BridgeProcess.logOf(namespace));
            assertThat(log).contains("Invalid ACLs in the value of mesos-bridge.acls: 'run_task': unknown field");
        } finally {
            cluster.client().namespaces().withName(namespace).delete();
        }
    }

    @Test
    void aBridgeWithAclsAndBothAuthorizersStarts(RealCluster cluster) throws Exception {
        BridgeProcess bridge = BridgeProcess.start(cluster, "it-authz-settings-good", Map.of(
                "mesos-bridge.acls", "{\"permissive\": false, \"run_tasks\": "
                        + "[{\"principals\": {\"type\": \"ANY\"}, \"users\": {\"values\": [\"nobody\"]}}]}",
                "mesos-bridge.authorizers", "local,kubernetes"));
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(bridge.url().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            bridge.stopAndRemoveNamespace();
        }
    }
}

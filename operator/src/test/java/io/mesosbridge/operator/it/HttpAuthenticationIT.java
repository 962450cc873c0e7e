package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bridge with every HTTP realm authenticated ({@code --authenticate_http_frameworks}, {@code _readwrite},
 * {@code _readonly}) against a credentials file, and Kubernetes bearer tokens: each attack on the scheduler API, the
 * operator API and the state endpoints is refused with a Mesos master's status and message, while the legitimate
 * framework beside it keeps its stream, its principal and its calls.
 */
@WithRealCluster
class HttpAuthenticationIT {

    private static final String NAMESPACE = "it-http-authentication";
    private static final String NODE = "http-authentication-node";
    private static final String SPARE_NODE = "http-authentication-spare";
    private static final String AGENT_LABEL = "mesos-bridge-it";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String ALICE = TestScheduler.basic("alice", "alice-secret");
    private static final String BOB = TestScheduler.basic("bob", "bob-secret");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) throws IOException {
        for (String node : new String[] {NODE, SPARE_NODE}) {
            cluster.createKwokNode(node, Map.of("cpu", "4", "memory", "8Gi"), Map.of(AGENT_LABEL, "authentication"));
            cluster.awaitNodeReady(node, TIMEOUT);
        }
        Path credentials = Path.of("target", "http-authentication-credentials.json").toAbsolutePath();
        Files.writeString(credentials, """
                {"credentials": [{"principal": "alice", "secret": "alice-secret"},
                                 {"principal": "bob", "secret": "bob-secret"}]}
                """);
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", AGENT_LABEL + "=authentication",
                "mesos-bridge.authenticate-http-frameworks", "true",
                "mesos-bridge.authenticate-http-readwrite", "true",
                "mesos-bridge.authenticate-http-readonly", "true",
                "mesos-bridge.credentials", "file://" + credentials));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
        for (String node : new String[] {NODE, SPARE_NODE}) {
            cluster.client().nodes().withName(node).delete();
        }
    }

    @Test
    void aSubscribeWithoutCredentialsGets401WithTheSchedulerRealmsChallenges() throws Exception {
        try (TestScheduler anonymous = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            HttpResponse<InputStream> response = anonymous.subscribe(TestScheduler.frameworkInfo("anonymous").build());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .containsExactlyInAnyOrder("Basic realm=\"mesos-master-scheduler\"",
                            "Bearer realm=\"mesos-master-scheduler\"");
        }
    }

    @Test
    void aWrongSecretOrAnUnknownPrincipalGets401() throws Exception {
        for (String authorization : new String[] {TestScheduler.basic("alice", "bob-secret"),
                TestScheduler.basic("mallory", "alice-secret"), "Bearer not-a-kubernetes-token"}) {
            try (TestScheduler impostor = new TestScheduler(bridge.url(), MediaTypes.JSON, authorization)) {
                assertThat(impostor.subscribe(TestScheduler.frameworkInfo("impostor").build()).statusCode())
                        .as(authorization).isEqualTo(401);
            }
        }
    }

    @Test
    void aFrameworkInfoNamingAnotherPrincipalThanTheAuthenticatedOneIsRefused() throws Exception {
        try (TestScheduler bob = new TestScheduler(bridge.url(), MediaTypes.JSON, BOB)) {
            HttpResponse<InputStream> response = bob.subscribe(TestScheduler.frameworkInfo("as-alice")
                    .setPrincipal("alice").build());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(new String(response.body().readAllBytes())).isEqualTo("Failed to validate scheduler::Call:"
                    + " Authenticated principal 'bob' does not match principal 'alice' set in `FrameworkInfo`");
        }
    }

    @Test
    void anAuthenticatedFrameworkWithoutAPrincipalIsRegisteredAsTheOneItProved() throws Exception {
        try (TestScheduler alice = new TestScheduler(bridge.url(), MediaTypes.JSON, ALICE)) {
            assertThat(alice.subscribe(TestScheduler.frameworkInfo("no-principal").build()).statusCode())
                    .isEqualTo(200);

            assertThat(framework(alice.frameworkId()).get("principal").asText()).isEqualTo("alice");
        }
    }

    @Test
    void anotherPrincipalCannotTakeAFrameworkOverByItsId() throws Exception {
        try (TestScheduler alice = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF, ALICE);
             TestScheduler bob = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF, BOB)) {
            alice.subscribe(TestScheduler.frameworkInfo("victim").setPrincipal("alice").build());
            Protos.FrameworkID victim = Protos.FrameworkID.newBuilder().setValue(alice.frameworkId()).build();

            // bob, authenticated as bob, re-subscribes with alice's framework id and his own principal
            HttpResponse<InputStream> hijack = bob.subscribe(TestScheduler.frameworkInfo("victim")
                    .setId(victim).setPrincipal("bob").build());
            assertThat(hijack.statusCode()).isEqualTo(200);
            Event refused = bob.awaitEvent(e -> e.getType() == Event.Type.ERROR, TIMEOUT);
            assertThat(refused.getError().getMessage()).isEqualTo("Changing framework's principal is not allowed.");
            assertThat(bob.frameworkId()).isNull();

            // calls on alice's framework with bob's credentials are refused before they reach it
            HttpResponse<String> kill = bob.send(Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(victim)
                    .build(), alice.streamId());
            assertThat(kill.statusCode()).isEqualTo(400);
            assertThat(kill.body()).isEqualTo("Authenticated principal 'bob' does not match principal 'alice' set in"
                    + " `FrameworkInfo`");

            // alice was not failed over: her stream is still the framework's, her calls are answered
            assertThat(alice.events()).noneMatch(e -> e.getType() == Event.Type.ERROR);
            assertThat(alice.call(Call.newBuilder().setType(Call.Type.REVIVE)).statusCode()).isEqualTo(202);
            JsonNode framework = framework(alice.frameworkId());
            assertThat(framework.get("principal").asText()).isEqualTo("alice");
            assertThat(framework.get("connected").asBoolean()).isTrue();
        }
    }

    @Test
    void aServiceAccountTokenAuthenticatesAsItsKubernetesUser(RealCluster cluster) throws Exception {
        cluster.client().serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("framework").endMetadata().build()).serverSideApply();
        String token = cluster.client().serviceAccounts().inNamespace(NAMESPACE).withName("framework")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
        String user = "system:serviceaccount:" + NAMESPACE + ":framework";

        try (TestScheduler framework = new TestScheduler(bridge.url(), MediaTypes.JSON, "Bearer " + token)) {
            assertThat(framework.subscribe(TestScheduler.frameworkInfo("in-cluster").build()).statusCode())
                    .isEqualTo(200);
            assertThat(framework(framework.frameworkId()).get("principal").asText()).isEqualTo(user);
        }
        try (TestScheduler other = new TestScheduler(bridge.url(), MediaTypes.JSON, "Bearer " + token)) {
            HttpResponse<InputStream> response = other.subscribe(TestScheduler.frameworkInfo("as-alice")
                    .setPrincipal("alice").build());
            assertThat(response.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theOperatorApiIsReadWriteAndTheStateEndpointsReadOnly() throws Exception {
        HttpResponse<String> operator = post("/api/v1", "{\"type\": \"GET_HEALTH\"}", null);
        assertThat(operator.statusCode()).isEqualTo(401);
        assertThat(operator.headers().allValues("WWW-Authenticate"))
                .contains("Basic realm=\"mesos-master-readwrite\"");
        assertThat(post("/api/v1", "{\"type\": \"GET_HEALTH\"}", ALICE).statusCode()).isEqualTo(200);

        for (String path : new String[] {"/master/state", "/state.json", "/metrics/snapshot", "/master/flags",
                "/master/tasks"}) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().allValues("WWW-Authenticate")).as(path)
                    .contains("Basic realm=\"mesos-master-readonly\"");
            assertThat(get(path, BOB).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : new String[] {"/health", "/master/health", "/version"}) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void reactivatingAnAgentNeverLiftsACordonSomeoneElseSet(RealCluster cluster) throws Exception {
        String agentId = MasterHttp.agentIdOf(bridge.url(), SPARE_NODE, ALICE, TIMEOUT);
        cluster.client().nodes().withName(SPARE_NODE).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\": {\"unschedulable\": true}}");

        assertThat(agentCall("DEACTIVATE_AGENT", "deactivate_agent", agentId).statusCode()).isEqualTo(200);
        HttpResponse<String> reactivate = agentCall("REACTIVATE_AGENT", "reactivate_agent", agentId);
        assertThat(reactivate.statusCode()).isEqualTo(409);
        assertThat(reactivate.body()).contains("cordoned by someone other than mesos-bridge");
        assertThat(cordoned(cluster, SPARE_NODE)).isTrue();

        // once its owner lifted that cordon, the bridge's own cordon comes and goes with DEACTIVATE and REACTIVATE
        cluster.client().nodes().withName(SPARE_NODE).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\": {\"unschedulable\": null}}");
        assertThat(agentCall("DEACTIVATE_AGENT", "deactivate_agent", agentId).statusCode()).isEqualTo(200);
        assertThat(cordoned(cluster, SPARE_NODE)).isTrue();
        assertThat(agentCall("REACTIVATE_AGENT", "reactivate_agent", agentId).statusCode()).isEqualTo(200);
        assertThat(cordoned(cluster, SPARE_NODE)).isFalse();
    }

    private static boolean cordoned(RealCluster cluster, String nodeName) {
        Node node = cluster.client().nodes().withName(nodeName).get();
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    private static HttpResponse<String> agentCall(String type, String field, String agentId) throws Exception {
        return post("/api/v1", "{\"type\": \"" + type + "\", \"" + field + "\": {\"agent_id\": {\"value\": \""
                + agentId + "\"}}}", ALICE);
    }

    private static JsonNode framework(String frameworkId) throws Exception {
        for (JsonNode framework : JSON.readTree(get("/master/state", ALICE).body()).get("frameworks")) {
            if (framework.get("id").asText().equals(frameworkId)) {
                return framework;
            }
        }
        throw new AssertionError("framework " + frameworkId + " not in /master/state");
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException,
            InterruptedException {
        return MasterHttp.getAs(bridge.url(), path, authorization);
    }

    private static HttpResponse<String> post(String path, String json, String authorization) throws IOException,
            InterruptedException {
        return MasterHttp.postJsonAs(bridge.url(), path, json, authorization);
    }
}

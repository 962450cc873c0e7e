package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bridge with authentication on and Mesos ACLs ({@code --acls}, not permissive): a principal may only register
 * with its roles, run tasks as the users it is allowed, tear down, drain or deactivate what its ACLs name, and see
 * the frameworks and tasks of the users it may view. Each refusal has the Mesos master's status and message; the
 * allowed action beside it succeeds.
 */
@WithRealCluster
class AuthorizationIT {

    private static final String NAMESPACE = "it-authorization";
    private static final String NODE = "authorization-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String ALICE = TestScheduler.basic("alice", "alice-secret");
    private static final String BOB = TestScheduler.basic("bob", "bob-secret");
    private static final String OPS = TestScheduler.basic("ops", "ops-secret");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) throws IOException {
        cluster.createKwokNode(NODE, Map.of("cpu", "8", "memory", "16Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        Path credentials = Path.of("target", "authorization-credentials").toAbsolutePath();
        Files.writeString(credentials, "alice alice-secret\nbob bob-secret\nops ops-secret\n");
        Path acls = Path.of("target", "authorization-acls.json").toAbsolutePath();
        Files.writeString(acls, """
                {
                  "permissive": false,
                  "register_frameworks": [
                    {"principals": {"values": ["alice", "bob"]}, "roles": {"values": ["web"]}}
                  ],
                  "run_tasks": [
                    {"principals": {"values": ["alice", "bob"]}, "users": {"values": ["nobody"]}}
                  ],
                  "teardown_frameworks": [
                    {"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}},
                    {"principals": {"values": ["alice"]}, "framework_principals": {"values": ["alice"]}}
                  ],
                  "view_frameworks": [
                    {"principals": {"values": ["ops", "alice"]}, "users": {"type": "ANY"}},
                    {"principals": {"values": ["bob"]}, "users": {"values": ["nobody"]}}
                  ],
                  "view_roles": [
                    {"principals": {"values": ["ops", "alice"]}, "roles": {"type": "ANY"}},
                    {"principals": {"values": ["bob"]}, "roles": {"type": "NONE"}}
                  ],
                  "view_tasks": [
                    {"principals": {"values": ["ops", "alice"]}, "users": {"type": "ANY"}},
                    {"principals": {"values": ["bob"]}, "users": {"values": ["nobody"]}}
                  ],
                  "drain_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}],
                  "deactivate_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}],
                  "reactivate_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}]
                }
                """);
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + NODE,
                "mesos-bridge.authenticate-http-frameworks", "true",
                "mesos-bridge.authenticate-http-readwrite", "true",
                "mesos-bridge.authenticate-http-readonly", "true",
                "mesos-bridge.credentials", credentials.toString(),
                "mesos-bridge.acls", "file://" + acls));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
        cluster.client().nodes().withName(NODE).delete();
    }

    private static TestScheduler scheduler(String authorization) {
        return new TestScheduler(bridge.url(), MediaTypes.JSON, authorization);
    }

    @Test
    void aFrameworkMayRegisterOnlyWithTheRolesItsPrincipalIsAllowed() throws Exception {
        try (TestScheduler refused = scheduler(ALICE); TestScheduler allowed = scheduler(ALICE)) {
            refused.subscribe(TestScheduler.frameworkInfo("wrong-role").setPrincipal("alice").setRole("ops").build());
            Event error = refused.awaitEvent(e -> e.getType() == Event.Type.ERROR, TIMEOUT);
            assertThat(error.getError().getMessage()).isEqualTo("Not authorized to use roles '{ ops }'");
            assertThat(refused.frameworkId()).isNull();

            allowed.subscribe(TestScheduler.frameworkInfo("right-role").setPrincipal("alice").setRole("web").build());
            assertThat(allowed.frameworkId()).isNotNull();
        }
    }

    @Test
    void aTaskMayRunOnlyAsAUserItsPrincipalIsAllowed() throws Exception {
        try (TestScheduler alice = scheduler(ALICE)) {
            alice.subscribe(TestScheduler.frameworkInfo("runs-tasks").setPrincipal("alice").setRole("web").build());
            Protos.Offer offer = alice.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
            Protos.TaskInfo.Builder asRoot = TestScheduler.commandTask("as-root", offer, "sleep 60", 0.1, 32);
            Protos.TaskInfo.Builder asNobody = TestScheduler.commandTask("as-nobody", offer, "sleep 60", 0.1, 32);
            asNobody.getCommandBuilder().setUser("nobody");

            assertThat(alice.launch(offer, asRoot.build(), asNobody.build()).statusCode()).isEqualTo(202);

            TaskStatus refused = alice.awaitState("as-root", TaskState.TASK_ERROR, TIMEOUT);
            assertThat(refused.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_UNAUTHORIZED);
            assertThat(refused.getMessage()).isEqualTo("Not authorized to launch as user 'root'");
            alice.awaitState("as-nobody", TaskState.TASK_RUNNING, TIMEOUT);
        }
    }

    @Test
    void onlyAPrincipalTheTeardownAclNamesMayTearDownAnotherFramework() throws Exception {
        try (TestScheduler alice = scheduler(ALICE)) {
            alice.subscribe(TestScheduler.frameworkInfo("torn-down").setPrincipal("alice").setRole("web").build());
            String teardown = "{\"type\": \"TEARDOWN\", \"teardown\": {\"framework_id\": {\"value\": \""
                    + alice.frameworkId() + "\"}}}";

            HttpResponse<String> byBob = post(teardown, BOB);
            assertThat(byBob.statusCode()).isEqualTo(403);
            assertThat(framework(alice.frameworkId(), OPS)).isNotNull();
            assertThat(alice.events()).noneMatch(e -> e.getType() == Event.Type.ERROR);

            assertThat(post(teardown, OPS).statusCode()).isEqualTo(200);
            assertThat(framework(alice.frameworkId(), OPS)).isNull();
        }
    }

    @Test
    void drainingAndDeactivatingAnAgentNeedTheirAcls(RealCluster cluster) throws Exception {
        String agentId = MasterHttp.agentIdOf(bridge.url(), NODE, OPS, TIMEOUT);
        for (String type : new String[] {"DRAIN_AGENT", "DEACTIVATE_AGENT"}) {
            HttpResponse<String> byBob = post(agentCall(type, agentId), BOB);
            assertThat(byBob.statusCode()).as(type).isEqualTo(403);
        }
        assertThat(cordoned(cluster)).isFalse();

        assertThat(post(agentCall("DEACTIVATE_AGENT", agentId), OPS).statusCode()).isEqualTo(200);
        assertThat(cordoned(cluster)).isTrue();
        assertThat(post(agentCall("REACTIVATE_AGENT", agentId), BOB).statusCode()).isEqualTo(403);
        assertThat(post(agentCall("REACTIVATE_AGENT", agentId), OPS).statusCode()).isEqualTo(200);
        assertThat(cordoned(cluster)).isFalse();
    }

    @Test
    void theStateEndpointsAndTheOperatorApiShowOnlyWhatTheViewAclsAllow() throws Exception {
        try (TestScheduler alice = scheduler(ALICE)) {
            alice.subscribe(TestScheduler.frameworkInfo("seen-by-some").setPrincipal("alice").setRole("web").build());

            assertThat(framework(alice.frameworkId(), OPS)).isNotNull();
            assertThat(framework(alice.frameworkId(), ALICE)).isNotNull();
            assertThat(framework(alice.frameworkId(), BOB)).as("bob may view only frameworks of user nobody")
                    .isNull();

            assertThat(operatorFrameworkIds(BOB)).doesNotContain(alice.frameworkId());
            assertThat(operatorFrameworkIds(OPS)).contains(alice.frameworkId());

            assertThat(roleNames(OPS)).contains("web");
            assertThat(roleNames(ALICE)).contains("web");
            assertThat(roleNames(BOB)).as("bob may view no role").isEmpty();
        }
    }

    @Test
    void theOperatorEventStreamTellsOnlyOfTheFrameworksTheViewAclsAllow() throws Exception {
        try (OperatorStream bob = new OperatorStream(BOB); OperatorStream ops = new OperatorStream(OPS);
             TestScheduler alice = scheduler(ALICE)) {
            io.mesosbridge.mesos.v1.master.Protos.Event bobSubscribed = bob.await(e -> e.getType() == io.mesosbridge.mesos.v1.master.Protos.Event.Type.SUBSCRIBED);
            ops.await(e -> e.getType() == io.mesosbridge.mesos.v1.master.Protos.Event.Type.SUBSCRIBED);
            assertThat(bobSubscribed.getSubscribed().getGetState().getGetFrameworks().getFrameworksList())
                    .allMatch(f -> f.getFrameworkInfo().getUser().equals("nobody"));

            alice.subscribe(TestScheduler.frameworkInfo("streamed").setPrincipal("alice").setRole("web").build());
            String id = alice.frameworkId();
            ops.await(e -> e.getType() == io.mesosbridge.mesos.v1.master.Protos.Event.Type.FRAMEWORK_ADDED
                    && e.getFrameworkAdded().getFramework().getFrameworkInfo().getId().getValue().equals(id));
            // both streams are fed by the same change; a heartbeat later, bob's would have it too
            Thread.sleep(2000);
            assertThat(bob.events()).noneMatch(e -> e.getType() == io.mesosbridge.mesos.v1.master.Protos.Event.Type.FRAMEWORK_ADDED
                    || e.getType() == io.mesosbridge.mesos.v1.master.Protos.Event.Type.FRAMEWORK_UPDATED);
        }
    }

    /** An operator API SUBSCRIBE stream (protobuf records) that records every event. */
    private static final class OperatorStream implements AutoCloseable {

        private final List<io.mesosbridge.mesos.v1.master.Protos.Event> events = new CopyOnWriteArrayList<>();
        private final HttpResponse<InputStream> response;

        OperatorStream(String authorization) throws IOException, InterruptedException {
            response = HTTP.send(HttpRequest.newBuilder(bridge.url().resolve("/api/v1"))
                    .header("Content-Type", MediaTypes.PROTOBUF).header("Accept", MediaTypes.PROTOBUF)
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(io.mesosbridge.mesos.v1.master.Protos.Call.newBuilder()
                            .setType(io.mesosbridge.mesos.v1.master.Protos.Call.Type.SUBSCRIBE).build().toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread reader = new Thread(this::read, "operator-stream");
            reader.setDaemon(true);
            reader.start();
        }

        List<io.mesosbridge.mesos.v1.master.Protos.Event> events() {
            return List.copyOf(events);
        }

        io.mesosbridge.mesos.v1.master.Protos.Event await(Predicate<io.mesosbridge.mesos.v1.master.Protos.Event> matching) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (io.mesosbridge.mesos.v1.master.Protos.Event event : events) {
                    if (matching.test(event)) {
                        return event;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no matching event; received " + events.stream().map(io.mesosbridge.mesos.v1.master.Protos.Event::getType)
                    .toList());
        }

        private void read() {
            RecordIoDecoder decoder = new RecordIoDecoder();
            byte[] buffer = new byte[65536];
            try (InputStream body = response.body()) {
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    for (byte[] record : decoder.feed(buffer, 0, n)) {
                        events.add(io.mesosbridge.mesos.v1.master.Protos.Event.parseFrom(record));
                    }
                }
            } catch (Exception ended) {
                // the stream ended or was closed by the test
            }
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }

    private static String agentCall(String type, String agentId) {
        String field = type.toLowerCase();
        return "{\"type\": \"" + type + "\", \"" + field + "\": {\"agent_id\": {\"value\": \"" + agentId + "\"}}}";
    }

    private static boolean cordoned(RealCluster cluster) {
        Node node = cluster.client().nodes().withName(NODE).get();
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** The framework as {@code authorization}'s principal sees it in /master/state; null when it sees none. */
    private static JsonNode framework(String frameworkId, String authorization) throws Exception {
        HttpResponse<String> state = get("/master/state", authorization);
        assertThat(state.statusCode()).isEqualTo(200);
        for (JsonNode framework : JSON.readTree(state.body()).get("frameworks")) {
            if (framework.get("id").asText().equals(frameworkId)) {
                return framework;
            }
        }
        return null;
    }

    /** The roles {@code /roles} shows this principal; the same as GET_ROLES shows it. */
    private static List<String> roleNames(String authorization) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode role : JSON.readTree(get("/roles", authorization).body()).get("roles")) {
            names.add(role.get("name").asText());
        }
        List<String> operatorNames = new ArrayList<>();
        HttpResponse<String> answer = post("{\"type\": \"GET_ROLES\"}", authorization);
        for (JsonNode role : JSON.readTree(answer.body()).path("get_roles").path("roles")) {
            operatorNames.add(role.get("name").asText());
        }
        assertThat(operatorNames).isEqualTo(names);
        return names;
    }

    private static List<String> operatorFrameworkIds(String authorization) throws Exception {
        HttpResponse<String> answer = post("{\"type\": \"GET_FRAMEWORKS\"}", authorization);
        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JsonNode frameworks = JSON.readTree(answer.body()).path("get_frameworks").path("frameworks");
        for (JsonNode framework : frameworks) {
            ids.add(framework.path("framework_info").path("id").path("value").asText());
        }
        return ids;
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException,
            InterruptedException {
        return MasterHttp.getAs(bridge.url(), path, authorization);
    }

    private static HttpResponse<String> post(String json, String authorization) throws IOException,
            InterruptedException {
        return MasterHttp.postJsonAs(bridge.url(), "/api/v1", json, authorization);
    }
}

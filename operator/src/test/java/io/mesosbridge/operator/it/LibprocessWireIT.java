package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libprocess endpoint on the wire, driven by hand: what a driver of the older message set (RegisterFrameworkMessage,
 * named by {@code User-Agent: libprocess/<pid>}) gets back, and what bad input gets: 202 and a counted drop for what
 * a process cannot use, 404 for a process the master does not run, 400 for a request that is not addressed as a
 * message, 413 for an oversize body; a framework whose pid cannot be dialled is disconnected and removed. The bridge
 * stays healthy throughout.
 */
@WithRealCluster
class LibprocessWireIT {

    private static final String NAMESPACE = "it-libprocess";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of("mesos-bridge.agent-node-selector", "none=none"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void aDriverOfTheOlderMessageSetIsAnsweredOnItsOwnServerFromTheMastersPid() throws Exception {
        try (ServerSocket driver = new ServerSocket(0)) {
            driver.setSoTimeout(30_000);
            String pid = "scheduler(1)@127.0.0.1:" + driver.getLocalPort();
            byte[] register = Messages.RegisterFrameworkMessage.newBuilder()
                    .setFramework(FrameworkInfo.newBuilder().setUser("root").setName("older driver")).build()
                    .toByteArray();

            HttpResponse<String> answer = post("/master/mesos.internal.RegisterFrameworkMessage",
                    Map.of("User-Agent", "libprocess/" + pid), register);

            assertThat(answer.statusCode()).isEqualTo(202);
            try (Socket fromMaster = driver.accept()) {
                LibprocessRequest registered = LibprocessRequest.read(fromMaster.getInputStream());
                assertThat(registered.line())
                        .isEqualTo("POST /scheduler(1)/mesos.internal.FrameworkRegisteredMessage HTTP/1.1");
                assertThat(registered.headers().get("libprocess-from"))
                        .isEqualTo("master@127.0.0.1:" + bridge.port());
                Messages.FrameworkRegisteredMessage message =
                        Messages.FrameworkRegisteredMessage.parseFrom(registered.body());
                assertThat(message.getMasterInfo().getPid()).isEqualTo("master@127.0.0.1:" + bridge.port());
                JsonNode frameworks = MasterHttp.get(bridge.url(), "/master/frameworks").get("frameworks");
                JsonNode framework = StreamSupport.stream(frameworks.spliterator(), false)
                        .filter(f -> f.get("id").asText().equals(message.getFrameworkId().getValue()))
                        .findFirst().orElseThrow();
                assertThat(framework.get("pid").asText()).isEqualTo(pid);
                assertThat(framework.get("name").asText()).isEqualTo("older driver");
            }
        }
    }

    @Test
    void aBodyThatIsNotTheMessageItNamesIsAcceptedThenDroppedAndCounted() throws Exception {
        double before = dropped();
        byte[] garbage = new byte[512];
        ThreadLocalRandom.current().nextBytes(garbage);

        assertThat(post("/master/mesos.scheduler.Call", from(), garbage).statusCode()).isEqualTo(202);
        assertThat(post("/master/mesos.internal.NoSuchMessage", from(), new byte[0]).statusCode()).isEqualTo(202);

        MasterHttp.await(bridge.url(), "/metrics/snapshot",
                m -> m.get("master/dropped_messages").asDouble() >= before + 2, Duration.ofSeconds(10));
        assertHealthy();
    }

    @Test
    void aMessageToAProcessTheMasterDoesNotRunIsNotFound() throws Exception {
        HttpResponse<String> answer = post("/slave(1)/mesos.internal.FrameworkToExecutorMessage", from(), new byte[0]);

        assertThat(answer.statusCode()).isEqualTo(404);
    }

    @Test
    void aRequestThatIsNotAddressedAsAMessageIsABadRequestNamingWhy() throws Exception {
        HttpResponse<String> badPath = post("/master/api/v1/scheduler", from(), new byte[0]);
        HttpResponse<String> badSender = post("/master/mesos.scheduler.Call",
                Map.of("Libprocess-From", "no pid at all"), new byte[0]);

        assertThat(badPath.statusCode()).isEqualTo(400);
        assertThat(badPath.body()).contains("not a message name");
        assertThat(badSender.statusCode()).isEqualTo(400);
        assertThat(badSender.body()).contains("bad sender");
        assertHealthy();
    }

    @Test
    void anOversizeBodyIsRefusedWith413AndTheConnectionClosed() throws Exception {
        byte[] huge = new byte[16 * 1024 * 1024 + 1];

        HttpResponse<String> answer;
        try {
            answer = post("/master/mesos.scheduler.Call", from(), huge);
        } catch (IOException closedWhileSending) {
            assertHealthy();
            return;
        }
        assertThat(answer.statusCode()).isEqualTo(413);
        assertHealthy();
    }

    @Test
    void aFrameworkWhosePidCannotBeDialledIsDisconnectedAndRemoved() throws Exception {
        int nobodyListens;
        try (ServerSocket closed = new ServerSocket(0)) {
            nobodyListens = closed.getLocalPort();
        }
        byte[] subscribe = io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder()
                .setType(Call.Type.SUBSCRIBE)
                .setSubscribe(io.mesosbridge.mesos.v0.scheduler.Protos.Call.Subscribe.newBuilder()
                        .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("root").setName("undialable")))
                .build().toByteArray();

        HttpResponse<String> answer = post("/master/mesos.scheduler.Call",
                Map.of("Libprocess-From", "scheduler-gone@127.0.0.1:" + nobodyListens), subscribe);

        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode state = MasterHttp.await(bridge.url(), "/master/state",
                s -> StreamSupport.stream(s.get("completed_frameworks").spliterator(), false)
                        .anyMatch(f -> f.get("name").asText().equals("undialable")), Duration.ofSeconds(30));
        assertThat(StreamSupport.stream(state.get("frameworks").spliterator(), false)
                .noneMatch(f -> f.get("name").asText().equals("undialable"))).isTrue();
        assertHealthy();
    }

    private static Map<String, String> from() {
        return Map.of("Libprocess-From", "scheduler-wire@127.0.0.1:9");
    }

    private static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bridge.url() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double dropped() throws Exception {
        return MasterHttp.get(bridge.url(), "/metrics/snapshot").get("master/dropped_messages").asDouble();
    }

    private static void assertHealthy() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(bridge.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }
}

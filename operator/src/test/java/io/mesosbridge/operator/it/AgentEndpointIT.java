package io.mesosbridge.operator.it;

import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent endpoint on the real node: the agent runs as a host process with {@code --master} at the bridge's
 * agent link, and shows a command task in its {@code /state} with its sandbox directory, whose {@code stdout} (the
 * container's log) and files (the Pod's sandbox emptyDir) the files API serves; nothing outside a sandbox.
 */
@WithRealCluster
class AgentEndpointIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String LINE = "hello from the agent endpoint";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static BridgeProcess bridge;
    private static AgentProcess agent;
    private static String realNode;
    private static URI agentUrl;

    @BeforeAll
    static void start(RealCluster cluster) throws Exception {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, "it-agent-endpoint", Map.of());
        agent = AgentProcess.start(cluster, realNode, "127.0.0.1", AgentProcess.freePort(), bridge.agentLinkPort(),
                "--work_dir=/var/lib/mesos");
        agentUrl = agent.url();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get("/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
    }

    @Test
    void aCommandTasksSandboxIsListedInTheAgentsStateAndItsStdoutIsReadable() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("agent-endpoint").setUser("nobody").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder task = TestScheduler.commandTask("echoing", offer,
                    "echo '" + LINE + "'; echo kept > \"$MESOS_SANDBOX/note.txt\"; echo oops >&2; sleep 600", 0.1, 32);
            assertThat(scheduler.launch(offer, task.build()).statusCode()).isEqualTo(202);
            scheduler.awaitState("echoing", TaskState.TASK_RUNNING, TIMEOUT);

            JsonObject executor = await().atMost(TIMEOUT).ignoreExceptions().until(
                    () -> executorOf(new JsonObject(get("/slave(1)/state").body()), "echoing"),
                    found -> found != null && !found.getString("directory").isEmpty());
            String directory = executor.getString("directory");
            assertThat(directory).matches("/var/lib/mesos/slaves/[^/]+/frameworks/" + scheduler.frameworkId()
                    + "/executors/echoing/runs/[0-9a-f-]+");
            assertThat(executor.getJsonArray("tasks").getJsonObject(0).getString("state")).isEqualTo("TASK_RUNNING");
            JsonObject state = new JsonObject(get("/state").body());
            assertThat(state.getString("hostname")).isEqualTo(realNode);
            assertThat(state.getString("pid")).startsWith("slave(1)@127.0.0.1:");

            JsonObject read = await().atMost(TIMEOUT).until(
                    () -> new JsonObject(get("/files/read?offset=0&path=" + encode(directory + "/stdout")).body()),
                    answer -> answer.getString("data").contains(LINE));
            assertThat(read.getString("data")).isEqualTo(LINE + "\n");
            assertThat(read.getLong("offset")).isZero();
            assertThat(new JsonObject(get("/files/read?offset=-1&path=" + encode(directory + "/stderr")).body())
                    .getLong("offset")).isEqualTo("oops\n".length());

            JsonArray listing = await().atMost(TIMEOUT).until(
                    () -> new JsonArray(get("/files/browse?path=" + encode(directory)).body()),
                    entries -> entries.size() == 3);
            assertThat(listing.stream().map(e -> ((JsonObject) e).getString("path")).toList())
                    .containsExactly(directory + "/note.txt", directory + "/stderr", directory + "/stdout");
            assertThat(get("/files/download?path=" + encode(directory + "/note.txt")).body()).isEqualTo("kept\n");

            HttpResponse<String> escape = get("/files/read?offset=0&path=" + encode(directory + "/../../../../../.."));
            assertThat(escape.statusCode()).isEqualTo(400);
            assertThat(escape.body()).endsWith("is inaccessible.\n");
            assertThat(get("/files/read?offset=0&path=" + encode("/etc/passwd")).statusCode()).isEqualTo(404);
            assertThat(get("/files/browse?path=" + encode("/var/lib/mesos")).statusCode()).isEqualTo(404);

            JsonObject metrics = new JsonObject(get("/metrics/snapshot").body());
            assertThat(metrics.getDouble("slave/tasks_running")).isGreaterThanOrEqualTo(1.0);
        }
    }

    private static JsonObject executorOf(JsonObject state, String executorId) {
        for (Object framework : state.getJsonArray("frameworks")) {
            for (Object executor : ((JsonObject) framework).getJsonArray("executors")) {
                if (((JsonObject) executor).getString("id").equals(executorId)) {
                    return (JsonObject) executor;
                }
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(agentUrl.resolve(path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

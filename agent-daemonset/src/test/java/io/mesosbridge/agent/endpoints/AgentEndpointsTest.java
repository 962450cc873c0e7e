package io.mesosbridge.agent.endpoints;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agent.AgentFlags;
import io.mesosbridge.agent.files.SandboxFiles;
import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.agentlink.AgentStatesGrpc;
import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.agentlink.StateRequest;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.agent.Protos.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's routes over a real HTTP server, fed by a small AgentStates server standing in for the operator. */
class AgentEndpointsTest {

    private static final String DIRECTORY = "/var/lib/mesos/slaves/a-S0/frameworks/f-0000/executors/t1/runs/uid-1";

    @TempDir
    Path kubelet;
    @TempDir
    Path logs;

    private final AtomicReference<StateRequest> asked = new AtomicReference<>();
    private final AtomicReference<Status> refusal = new AtomicReference<>();
    private Server operator;
    private Vertx vertx;
    private OperatorStates states;
    private int port;

    @BeforeEach
    void start() throws Exception {
        operator = ServerBuilder.forPort(0).addService(new AgentStatesGrpc.AgentStatesImplBase() {
            @Override
            public void getState(StateRequest request, StreamObserver<AgentState> answer) {
                asked.set(request);
                if (refusal.get() != null) {
                    answer.onError(refusal.get().asRuntimeException());
                    return;
                }
                answer.onNext(state());
                answer.onCompleted();
            }
        }).build().start();
        AgentFlags flags = AgentFlags.load(new String[] {"--master=127.0.0.1:" + operator.getPort(),
                "--ip=127.0.0.1", "--port=5999", "--node_name=node-1", "--work_dir=/var/lib/mesos",
                "--kubelet_root_dir=" + kubelet, "--pod_log_dir=" + logs}, Map.of());
        vertx = Vertx.vertx();
        states = new OperatorStates(vertx, flags.value("master"), flags.value("node_name"), flags.value("work_dir"));
        Router router = Router.router(vertx);
        new AgentEndpoints(flags, states).mount(router);
        new SandboxFiles(vertx, states::sandboxes, kubelet, logs).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        port = server.actualPort();
        Files.createDirectories(logs.resolve("mesos_t1-pod_uid-1/task"));
        Files.writeString(logs.resolve("mesos_t1-pod_uid-1/task/0.log"), "2026-12-01T00:00:00Z stdout F hello\n");
    }

    @AfterEach
    void stop() throws Exception {
        states.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        operator.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void stateRendersTheOperatorsAnswerAsAMesosAgentUnderEveryName() throws Exception {
        for (String path : List.of("/state", "/state.json", "/slave(1)/state", "/slave(1)/state.json")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            JsonObject state = new JsonObject(answer.body());
            assertThat(state.getString("id")).isEqualTo("a-S0");
            assertThat(state.getString("pid")).isEqualTo("slave(1)@127.0.0.1:5999");
            assertThat(state.getString("hostname")).isEqualTo("node-1");
            assertThat(state.getString("version")).isEqualTo("1.11.0");
            assertThat(state.getString("master_hostname")).isEqualTo("10.0.0.9");
            assertThat(state.getJsonObject("resources").getDouble("cpus")).isEqualTo(4.0);
            assertThat(state.getJsonObject("resources").getString("ports")).isEqualTo("[31000-32000]");
            assertThat(state.getJsonObject("unreserved_resources_allocated").getDouble("cpus")).isEqualTo(0.5);
            assertThat(state.getJsonObject("attributes").getString("rack")).isEqualTo("r1");
            assertThat(state.getJsonObject("flags").getString("port")).isEqualTo("5999");
            JsonObject framework = state.getJsonArray("frameworks").getJsonObject(0);
            assertThat(framework.getString("id")).isEqualTo("f-0000");
            assertThat(framework.getString("name")).isEqualTo("one");
            assertThat(framework.getString("role")).isEqualTo("dev");
            JsonObject executor = framework.getJsonArray("executors").getJsonObject(0);
            assertThat(executor.getString("id")).isEqualTo("t1");
            assertThat(executor.getString("directory")).isEqualTo(DIRECTORY);
            assertThat(executor.getString("container")).isEqualTo("uid-1");
            assertThat(executor.getJsonArray("tasks").getJsonObject(0).getString("id")).isEqualTo("t1");
            assertThat(executor.getJsonArray("tasks").getJsonObject(0).getString("state")).isEqualTo("TASK_RUNNING");
            assertThat(executor.getJsonArray("tasks").getJsonObject(0).getString("role")).isEqualTo("dev");
            assertThat(executor.getJsonArray("completed_tasks")).isEmpty();
            JsonObject completed = framework.getJsonArray("completed_executors").getJsonObject(0);
            assertThat(completed.getString("id")).isEqualTo("t0");
            assertThat(completed.getJsonArray("completed_tasks").getJsonObject(0).getString("id")).isEqualTo("t0");
            assertThat(state.getJsonArray("completed_frameworks")).isEmpty();
        }
        assertThat(asked.get().getNodeName()).isEqualTo("node-1");
        assertThat(asked.get().getWorkDir()).isEqualTo("/var/lib/mesos");
    }

    @Test
    void flagsMetricsVersionAndHealth() throws Exception {
        JsonObject flags = new JsonObject(get("/flags").body()).getJsonObject("flags");
        JsonObject metrics = new JsonObject(get("/metrics/snapshot").body());

        assertThat(flags.getString("node_name")).isEqualTo("node-1");
        assertThat(flags.getString("pod_log_dir")).isEqualTo(logs.toString());
        assertThat(metrics.getDouble("slave/tasks_running")).isEqualTo(1.0);
        assertThat(metrics.getDouble("slave/tasks_finished")).isEqualTo(1.0);
        assertThat(metrics.getDouble("slave/executors_running")).isEqualTo(1.0);
        assertThat(metrics.getDouble("slave/frameworks_active")).isEqualTo(1.0);
        assertThat(metrics.getDouble("slave/cpus_used")).isEqualTo(0.5);
        assertThat(metrics.getDouble("slave/cpus_percent")).isEqualTo(0.125);
        assertThat(new JsonObject(get("/version").body()).getString("version")).isEqualTo("1.11.0");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theFilesApiServesTheSandboxesTheOperatorNames() throws Exception {
        HttpResponse<String> read = get("/files/read?offset=0&path=" + encode(DIRECTORY + "/stdout"));
        HttpResponse<String> missingPath = get("/files/read");

        assertThat(new JsonObject(read.body())).isEqualTo(new JsonObject().put("data", "hello\n").put("offset", 0));
        assertThat(missingPath.statusCode()).isEqualTo(400);
        assertThat(missingPath.body()).isEqualTo("Expecting 'path=value' in query.\n");
        assertThat(get("/files/browse?path=" + encode("/etc")).statusCode()).isEqualTo(404);
        assertThat(new JsonObject(get("/files/debug").body()).getString(DIRECTORY))
                .isEqualTo(kubelet.resolve("pods/uid-1/volumes/kubernetes.io~empty-dir/sandbox").toString());
    }

    @Test
    void anOperatorThatDoesNotKnowTheNodeIsUnavailable() throws Exception {
        refusal.set(Status.NOT_FOUND.withDescription("No agent on node 'node-1'"));

        HttpResponse<String> answer = get("/state");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("NOT_FOUND: No agent on node 'node-1'");
    }

    @Test
    void anAgentWithoutAMasterSaysSo() throws Exception {
        try (OperatorStates nowhere = new OperatorStates(vertx, "", "node-1", "/var/lib/mesos")) {
            Throwable failure = nowhere.state().toCompletionStage().toCompletableFuture()
                    .handle((state, error) -> error).get(10, TimeUnit.SECONDS);
            assertThat(failure).hasMessageEndingWith("no --master given");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static AgentState state() {
        Protos.FrameworkID framework = Protos.FrameworkID.newBuilder().setValue("f-0000").build();
        Protos.Resource.AllocationInfo dev = Protos.Resource.AllocationInfo.newBuilder().setRole("dev").build();
        Protos.Task running = Protos.Task.newBuilder().setName("t1").setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setFrameworkId(framework).setAgentId(Protos.AgentID.newBuilder().setValue("a-S0"))
                .setState(Protos.TaskState.TASK_RUNNING)
                .addResources(Resources.scalar("cpus", 0.5).toBuilder().setAllocationInfo(dev)).build();
        Protos.Task done = running.toBuilder().setName("t0").setTaskId(Protos.TaskID.newBuilder().setValue("t0"))
                .setState(Protos.TaskState.TASK_FINISHED).build();
        Protos.ExecutorInfo executor = Protos.ExecutorInfo.newBuilder()
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("t1")).setFrameworkId(framework)
                .setName("Command Executor (Task: t1) (Command: sh -c 'echo hello')").setSource("t1").build();
        Protos.ExecutorInfo executor0 = executor.toBuilder()
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("t0")).build();
        return AgentState.newBuilder()
                .setAgentInfo(Protos.AgentInfo.newBuilder().setId(Protos.AgentID.newBuilder().setValue("a-S0"))
                        .setHostname("node-1").setPort(5051)
                        .addResources(Resources.scalar("cpus", 4)).addResources(Resources.scalar("mem", 1024))
                        .addResources(Resources.ranges("ports", 31000, 32000))
                        .addAttributes(Protos.Attribute.newBuilder().setName("rack").setType(Protos.Value.Type.TEXT)
                                .setText(Protos.Value.Text.newBuilder().setValue("r1"))))
                .setState(Response.GetState.newBuilder()
                        .setGetTasks(Response.GetTasks.newBuilder().addLaunchedTasks(running).addCompletedTasks(done))
                        .setGetExecutors(Response.GetExecutors.newBuilder()
                                .addExecutors(Response.GetExecutors.Executor.newBuilder().setExecutorInfo(executor))
                                .addCompletedExecutors(Response.GetExecutors.Executor.newBuilder()
                                        .setExecutorInfo(executor0)))
                        .setGetFrameworks(Response.GetFrameworks.newBuilder()
                                .addFrameworks(Response.GetFrameworks.Framework.newBuilder()
                                        .setFrameworkInfo(Protos.FrameworkInfo.newBuilder().setId(framework)
                                                .setName("one").setUser("u").setRole("dev")))))
                .addSandboxes(Sandbox.newBuilder().setDirectory(DIRECTORY).setFrameworkId(framework)
                        .setExecutorId(executor.getExecutorId()).setPodNamespace("mesos").setPodName("t1-pod")
                        .setPodUid("uid-1").setContainerName("task").setVolumeName("sandbox"))
                .setMaster("10.0.0.9:5052")
                .build();
    }
}

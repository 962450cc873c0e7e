package io.mesosbridge.operator.it;

import com.google.protobuf.Duration;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator API ({@code POST /api/v1}) of the packaged bridge against the real cluster. */
@WithRealCluster
class OperatorApiIT {

    private static final String NAMESPACE = "it-operator-api";
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofMinutes(2);
    private static final List<String> NODES = List.of("op-api-events", "op-api-deactivate", "op-api-kubectl",
            "op-api-drain");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
            .build();
    private static BridgeProcess bridge;
    private static String realNode;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of());
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        bridge.stop();
        for (String node : NODES) {
            cluster.client().nodes().withName(node).delete();
        }
        cluster.client().namespaces().withName(NAMESPACE).delete();
    }

    @Test
    void readCallsAnswerInJsonAndInProtobuf() throws Exception {
        HttpResponse<byte[]> version = post("/api/v1", MediaTypes.JSON, null, "{\"type\":\"GET_VERSION\"}".getBytes());
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.headers().firstValue("Content-Type")).hasValue(MediaTypes.JSON);
        assertThat(new String(version.body())).startsWith("{\"type\":\"GET_VERSION\",\"get_version\":{");
        assertThat(json(version).getGetVersion().getVersionInfo().getVersion()).isEqualTo("1.11.0");

        HttpResponse<byte[]> health = post("/master/api/v1", MediaTypes.PROTOBUF, MediaTypes.PROTOBUF,
                Call.newBuilder().setType(Call.Type.GET_HEALTH).build().toByteArray());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValue(MediaTypes.PROTOBUF);
        Response healthy = Response.parseFrom(health.body());
        assertThat(healthy.getType()).isEqualTo(Response.Type.GET_HEALTH);
        assertThat(healthy.getGetHealth().getHealthy()).isTrue();

        Response jsonAgents = call(Call.newBuilder().setType(Call.Type.GET_AGENTS).build(), MediaTypes.JSON);
        Response protoAgents = call(Call.newBuilder().setType(Call.Type.GET_AGENTS).build(), MediaTypes.PROTOBUF);
        for (Response agents : List.of(jsonAgents, protoAgents)) {
            assertThat(agents.getType()).isEqualTo(Response.Type.GET_AGENTS);
            Response.GetAgents.Agent real = agents.getGetAgents().getAgentsList().stream()
                    .filter(a -> a.getAgentInfo().getHostname().equals(realNode)).findFirst().orElseThrow();
            assertThat(real.getActive()).isTrue();
            assertThat(real.getVersion()).isEqualTo("1.11.0");
            assertThat(real.getPid()).startsWith("slave(1)@").endsWith(":5051");
            assertThat(real.getTotalResourcesList()).extracting(Protos.Resource::getName).contains("cpus", "mem");
        }

        Response master = call(Call.newBuilder().setType(Call.Type.GET_MASTER).build(), MediaTypes.JSON);
        assertThat(master.getGetMaster().getMasterInfo().getVersion()).isEqualTo("1.11.0");
        assertThat(master.getGetMaster().getStartTime()).isPositive();
        Response metrics = call(Call.newBuilder().setType(Call.Type.GET_METRICS).build(), MediaTypes.JSON);
        assertThat(metrics.getGetMetrics().getMetricsList()).extracting(Protos.Metric::getName)
                .contains("master/elected", "master/slaves_active");
        Response state = call(Call.newBuilder().setType(Call.Type.GET_STATE).build(), MediaTypes.PROTOBUF);
        assertThat(state.getGetState().getGetAgents().getAgentsCount())
                .isEqualTo(protoAgents.getGetAgents().getAgentsCount());
        Response flags = call(Call.newBuilder().setType(Call.Type.GET_FLAGS).build(), MediaTypes.JSON);
        assertThat(flags.getGetFlags().getFlagsList()).anyMatch(f -> f.getName().equals("port")
                && f.getValue().equals(Integer.toString(bridge.port())));
        Response executors = call(Call.newBuilder().setType(Call.Type.GET_EXECUTORS).build(), MediaTypes.JSON);
        assertThat(executors.getType()).isEqualTo(Response.Type.GET_EXECUTORS);
        assertThat(executors.getGetExecutors().getExecutorsCount()).isZero();
    }

    @Test
    void badRequestsAndUnsupportedCallsGetTheStatusCodesOfAMesosMaster() throws Exception {
        URI endpoint = bridge.url().resolve("/api/v1");
        assertThat(HTTP.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("GET").isEqualTo(405);
        assertThat(HTTP.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no Content-Type").isEqualTo(400);
        assertThat(post("/api/v1", "text/plain", null, "{}".getBytes()).statusCode()).as("text/plain").isEqualTo(415);
        assertThat(post("/api/v1", MediaTypes.JSON, null, "{not json".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("/api/v1", MediaTypes.JSON, null, "{}".getBytes()).statusCode()).as("no type").isEqualTo(400);
        assertThat(post("/api/v1", MediaTypes.JSON, "text/html", "{\"type\":\"GET_HEALTH\"}".getBytes()).statusCode())
                .as("unacceptable Accept").isEqualTo(406);
        HttpResponse<byte[]> missing = post("/api/v1", MediaTypes.JSON, null, "{\"type\":\"DRAIN_AGENT\"}".getBytes());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(new String(missing.body())).contains("drain_agent");
        HttpResponse<byte[]> unknownAgent = post("/api/v1", MediaTypes.JSON, null,
                "{\"type\":\"DEACTIVATE_AGENT\",\"deactivate_agent\":{\"agent_id\":{\"value\":\"nope\"}}}".getBytes());
        assertThat(unknownAgent.statusCode()).isEqualTo(400);

        HttpResponse<byte[]> reserve = post("/api/v1", MediaTypes.JSON, null,
                "{\"type\":\"RESERVE_RESOURCES\",\"reserve_resources\":{\"agent_id\":{\"value\":\"a\"}}}".getBytes());
        assertThat(reserve.statusCode()).isEqualTo(400);
        assertThat(new String(reserve.body())).contains("No agent found with specified ID");
        HttpResponse<byte[]> logging = post("/api/v1", MediaTypes.JSON, null,
                "{\"type\":\"GET_LOGGING_LEVEL\"}".getBytes());
        assertThat(logging.statusCode()).isEqualTo(501);
        assertThat(new String(logging.body())).contains("GET_LOGGING_LEVEL");
    }

    @Test
    void subscribersGetTheStateThenTaskAgentAndFrameworkEvents(RealCluster cluster) throws Exception {
        try (Subscriber json = new Subscriber(MediaTypes.JSON)) {
            Event first = json.await(e -> true);
            assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(first.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15.0);
            assertThat(first.getSubscribed().getGetState().getGetAgents().getAgentsList())
                    .anyMatch(a -> a.getAgentInfo().getHostname().equals(realNode));
        }
        try (Subscriber subscriber = new Subscriber(MediaTypes.PROTOBUF)) {
            assertThat(subscriber.await(e -> true).getType()).isEqualTo(Event.Type.SUBSCRIBED);

            cluster.createKwokNode("op-api-events", Map.of("cpu", "4", "memory", "8Gi"), Map.of());
            Event agentAdded = subscriber.await(e -> e.getType() == Event.Type.AGENT_ADDED
                    && e.getAgentAdded().getAgent().getAgentInfo().getHostname().equals("op-api-events"));
            String agentId = agentAdded.getAgentAdded().getAgent().getAgentInfo().getId().getValue();
            cluster.awaitNodeReady("op-api-events", TIMEOUT);

            String frameworkId;
            try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
                scheduler.subscribe(TestScheduler.frameworkInfo("op-api-events").build());
                frameworkId = scheduler.frameworkId();
                subscriber.await(e -> e.getType() == Event.Type.FRAMEWORK_ADDED && e.getFrameworkAdded().getFramework()
                        .getFrameworkInfo().getId().getValue().equals(frameworkId));
                Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals("op-api-events"), TIMEOUT);
                scheduler.launch(offer, TestScheduler.commandTask("watched", offer, "sleep 3600", 0.1, 32).build());

                Event added = subscriber.await(e -> e.getType() == Event.Type.TASK_ADDED
                        && e.getTaskAdded().getTask().getTaskId().getValue().equals("watched"));
                assertThat(added.getTaskAdded().getTask().getFrameworkId().getValue()).isEqualTo(frameworkId);
                assertThat(added.getTaskAdded().getTask().getAgentId().getValue()).isEqualTo(agentId);
                assertThat(added.getTaskAdded().getTask().getName()).isEqualTo("task watched");
                scheduler.awaitState("watched", TaskState.TASK_RUNNING, TIMEOUT);
                Event running = subscriber.await(e -> e.getType() == Event.Type.TASK_UPDATED
                        && e.getTaskUpdated().getStatus().getTaskId().getValue().equals("watched")
                        && e.getTaskUpdated().getStatus().getState() == TaskState.TASK_RUNNING);
                assertThat(running.getTaskUpdated().getFrameworkId().getValue()).isEqualTo(frameworkId);

                Response tasks = call(Call.newBuilder().setType(Call.Type.GET_TASKS).build(), MediaTypes.JSON);
                assertThat(tasks.getGetTasks().getTasksList())
                        .anyMatch(t -> t.getTaskId().getValue().equals("watched")
                                && t.getState() == TaskState.TASK_RUNNING);
                Response frameworks = call(Call.newBuilder().setType(Call.Type.GET_FRAMEWORKS).build(),
                        MediaTypes.PROTOBUF);
                assertThat(frameworks.getGetFrameworks().getFrameworksList())
                        .anyMatch(f -> f.getFrameworkInfo().getId().getValue().equals(frameworkId) && f.getConnected());
                Response roles = call(Call.newBuilder().setType(Call.Type.GET_ROLES).build(), MediaTypes.JSON);
                assertThat(roles.getGetRoles().getRolesList()).anyMatch(r -> r.getName().equals("*")
                        && r.getFrameworksList().stream().anyMatch(id -> id.getValue().equals(frameworkId)));

                HttpResponse<byte[]> teardown = post("/api/v1", MediaTypes.JSON, null, MesosJson.printBytes(Call
                        .newBuilder().setType(Call.Type.TEARDOWN).setTeardown(Call.Teardown.newBuilder()
                                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))).build()));
                assertThat(teardown.statusCode()).isEqualTo(200);
                subscriber.await(e -> e.getType() == Event.Type.FRAMEWORK_REMOVED
                        && e.getFrameworkRemoved().getFrameworkInfo().getId().getValue().equals(frameworkId));
                Event killed = subscriber.await(e -> e.getType() == Event.Type.TASK_UPDATED
                        && e.getTaskUpdated().getStatus().getTaskId().getValue().equals("watched")
                        && e.getTaskUpdated().getState() == TaskState.TASK_KILLED);
                assertThat(killed.getTaskUpdated().getFrameworkId().getValue()).isEqualTo(frameworkId);
                Response after = call(Call.newBuilder().setType(Call.Type.GET_FRAMEWORKS).build(), MediaTypes.JSON);
                assertThat(after.getGetFrameworks().getFrameworksList())
                        .noneMatch(f -> f.getFrameworkInfo().getId().getValue().equals(frameworkId));
                assertThat(after.getGetFrameworks().getCompletedFrameworksList())
                        .anyMatch(f -> f.getFrameworkInfo().getId().getValue().equals(frameworkId));
            }

            cluster.client().nodes().withName("op-api-events").delete();
            subscriber.await(e -> e.getType() == Event.Type.AGENT_REMOVED
                    && e.getAgentRemoved().getAgentId().getValue().equals(agentId));
            subscriber.await(e -> e.getType() == Event.Type.HEARTBEAT);
        }
    }

    @Test
    void aTaskThatLivesForAMomentIsToldAsItHappensOneUpdateAtATime() throws Exception {
        try (Subscriber subscriber = new Subscriber(MediaTypes.JSON);
             TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            subscriber.await(e -> e.getType() == Event.Type.SUBSCRIBED);
            scheduler.subscribe(TestScheduler.frameworkInfo("op-api-blink").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("blink", offer, "true", 0.05, 16).build());
            scheduler.awaitState("blink", TaskState.TASK_FINISHED, TIMEOUT);

            subscriber.await(e -> e.getType() == Event.Type.TASK_UPDATED
                    && e.getTaskUpdated().getStatus().getTaskId().getValue().equals("blink")
                    && e.getTaskUpdated().getStatus().getState() == TaskState.TASK_FINISHED);
            List<Event> told = subscriber.events.stream().filter(e -> e.hasTaskAdded()
                    ? e.getTaskAdded().getTask().getTaskId().getValue().equals("blink")
                    : e.hasTaskUpdated() && e.getTaskUpdated().getStatus().getTaskId().getValue().equals("blink"))
                    .toList();
            assertThat(told.get(0).getType()).as("added before its updates").isEqualTo(Event.Type.TASK_ADDED);
            assertThat(told.subList(1, told.size())).extracting(e -> e.getTaskUpdated().getStatus().getState())
                    .as("each update once, in the order the framework got them")
                    .containsExactlyElementsOf(scheduler.updatesOf("blink").stream()
                            .map(Protos.TaskStatus::getState).distinct().toList());
            assertThat(told.subList(1, told.size())).allSatisfy(e -> assertThat(e.getTaskUpdated().getState())
                    .as("the task's state when that update happened").isEqualTo(e.getTaskUpdated().getStatus()
                            .getState()));
        }
    }

    @Test
    void deactivateCordonsTheNodeAndReactivateUncordonsIt(RealCluster cluster) throws Exception {
        String agentId = kwokAgent(cluster, "op-api-deactivate");

        HttpResponse<byte[]> deactivate = post("/api/v1", MediaTypes.JSON, null, MesosJson.printBytes(Call.newBuilder()
                .setType(Call.Type.DEACTIVATE_AGENT).setDeactivateAgent(Call.DeactivateAgent.newBuilder()
                        .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))).build()));
        assertThat(deactivate.statusCode()).isEqualTo(200);
        assertThat(unschedulable(cluster, "op-api-deactivate")).isTrue();
        Response.GetAgents.Agent inactive = awaitAgent("op-api-deactivate", a -> !a.getActive());
        assertThat(inactive.getDeactivated()).isTrue();

        HttpResponse<byte[]> reactivate = post("/api/v1", MediaTypes.PROTOBUF, null, Call.newBuilder()
                .setType(Call.Type.REACTIVATE_AGENT).setReactivateAgent(Call.ReactivateAgent.newBuilder()
                        .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))).build().toByteArray());
        assertThat(reactivate.statusCode()).isEqualTo(200);
        assertThat(unschedulable(cluster, "op-api-deactivate")).isFalse();
        Response.GetAgents.Agent active = awaitAgent("op-api-deactivate", Response.GetAgents.Agent::getActive);
        assertThat(active.getDeactivated()).isFalse();
    }

    @Test
    void aNodeCordonedWithKubectlIsAnInactiveAgent(RealCluster cluster) throws Exception {
        kwokAgent(cluster, "op-api-kubectl");

        var cordon = cluster.kubectl("cordon", "op-api-kubectl");
        assertThat(cordon.exitCode()).as(cordon.output()).isZero();

        Response.GetAgents.Agent cordoned = awaitAgent("op-api-kubectl", a -> !a.getActive());
        assertThat(cordoned.getDeactivated()).isTrue();
        assertThat(cordoned.hasDrainInfo()).isFalse();
    }

    @Test
    void drainKillsTheTasksOnTheAgentAndEndsDrained(RealCluster cluster) throws Exception {
        String agentId = kwokAgent(cluster, "op-api-drain");
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("op-api-drain").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals("op-api-drain"), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("drained", offer, "sleep 3600", 0.1, 32).build());
            scheduler.awaitState("drained", TaskState.TASK_RUNNING, TIMEOUT);

            HttpResponse<byte[]> drain = post("/api/v1", MediaTypes.PROTOBUF, null, Call.newBuilder()
                    .setType(Call.Type.DRAIN_AGENT).setDrainAgent(Call.DrainAgent.newBuilder()
                            .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                            .setMaxGracePeriod(Duration.newBuilder().setSeconds(1))).build().toByteArray());
            assertThat(drain.statusCode()).isEqualTo(200);
            assertThat(unschedulable(cluster, "op-api-drain")).isTrue();

            scheduler.awaitState("drained", TaskState.TASK_KILLED, TIMEOUT);
            Response.GetAgents.Agent drained = awaitAgent("op-api-drain",
                    a -> a.hasDrainInfo() && a.getDrainInfo().getState() == Protos.DrainState.DRAINED);
            assertThat(drained.getActive()).isFalse();
            assertThat(drained.getDeactivated()).isTrue();
            assertThat(drained.getDrainInfo().getConfig().getMaxGracePeriod().getNanoseconds())
                    .isEqualTo(1_000_000_000L);
            awaitTrue(() -> annotations(cluster, "op-api-drain").getOrDefault("mesos.mesosbridge.io/drain-info", "")
                    .contains("DRAINED"));
        }

        HttpResponse<byte[]> reactivate = post("/api/v1", MediaTypes.JSON, null, MesosJson.printBytes(Call.newBuilder()
                .setType(Call.Type.REACTIVATE_AGENT).setReactivateAgent(Call.ReactivateAgent.newBuilder()
                        .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))).build()));
        assertThat(reactivate.statusCode()).isEqualTo(200);
        assertThat(unschedulable(cluster, "op-api-drain")).isFalse();
        assertThat(annotations(cluster, "op-api-drain")).doesNotContainKey("mesos.mesosbridge.io/drain-info");
        Response.GetAgents.Agent back = awaitAgent("op-api-drain", Response.GetAgents.Agent::getActive);
        assertThat(back.hasDrainInfo()).isFalse();
    }

    // -- helpers --------------------------------------------------------------------------------------------------

    /** Creates a kwok node and waits until the bridge reports it as an active agent; returns the agent id. */
    private static String kwokAgent(RealCluster cluster, String name) throws Exception {
        cluster.createKwokNode(name, Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady(name, TIMEOUT);
        return awaitAgent(name, Response.GetAgents.Agent::getActive).getAgentInfo().getId().getValue();
    }

    private static Response.GetAgents.Agent awaitAgent(String hostname, Predicate<Response.GetAgents.Agent> matching)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Optional<Response.GetAgents.Agent> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = call(Call.newBuilder().setType(Call.Type.GET_AGENTS).build(), MediaTypes.JSON).getGetAgents()
                    .getAgentsList().stream().filter(a -> a.getAgentInfo().getHostname().equals(hostname)).findFirst();
            if (last.isPresent() && matching.test(last.get())) {
                return last.get();
            }
            Thread.sleep(200);
        }
        String agentId = last.map(agent -> agent.getAgentInfo().getId().getValue()).orElse("");
        String tasksOnAgent = call(Call.newBuilder().setType(Call.Type.GET_TASKS).build(), MediaTypes.JSON)
                .getGetTasks().getTasksList().stream().filter(task -> task.getAgentId().getValue().equals(agentId))
                .map(MesosJson::print).collect(java.util.stream.Collectors.joining("\n  "));
        throw new AssertionError("agent " + hostname + " did not match within " + TIMEOUT + "; last seen: "
                + last.map(MesosJson::print).orElse("none") + "\nits tasks as the master reports them:\n  "
                + tasksOnAgent);
    }

    private static void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met within " + TIMEOUT);
    }

    private static boolean unschedulable(RealCluster cluster, String node) {
        Node current = cluster.client().nodes().withName(node).get();
        return current.getSpec() != null && Boolean.TRUE.equals(current.getSpec().getUnschedulable());
    }

    private static Map<String, String> annotations(RealCluster cluster, String node) {
        Map<String, String> annotations = cluster.client().nodes().withName(node).get().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** Sends a call in {@code type} (asking for the answer in it too) and returns the parsed 200 answer. */
    private static Response call(Call call, String type) throws Exception {
        byte[] body = MediaTypes.PROTOBUF.equals(type) ? call.toByteArray() : MesosJson.printBytes(call);
        HttpResponse<byte[]> answer = post("/api/v1", type, type, body);
        assertThat(answer.statusCode()).as(call.getType() + ": " + new String(answer.body())).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(type);
        return MediaTypes.PROTOBUF.equals(type) ? Response.parseFrom(answer.body()) : json(answer);
    }

    private static Response json(HttpResponse<byte[]> answer) throws Exception {
        return MesosJson.parse(answer.body(), Response.newBuilder()).build();
    }

    private static HttpResponse<byte[]> post(String path, String contentType, String accept, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(bridge.url().resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** An operator API SUBSCRIBE stream that records every event it receives. */
    private static final class Subscriber implements AutoCloseable {

        private final String type;
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final HttpResponse<InputStream> response;

        Subscriber(String type) throws IOException, InterruptedException {
            this.type = type;
            Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
            byte[] body = MediaTypes.PROTOBUF.equals(type) ? subscribe.toByteArray() : MesosJson.printBytes(subscribe);
            response = HTTP.send(HttpRequest.newBuilder(bridge.url().resolve("/api/v1"))
                    .header("Content-Type", type).header("Accept", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(type);
            Thread reader = new Thread(this::read, "operator-api-subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        Event await(Predicate<Event> matching) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (Event event : events) {
                    if (matching.test(event)) {
                        return event;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no matching event within " + TIMEOUT + "; received: "
                    + events.stream().map(Event::getType).toList());
        }

        private void read() {
            RecordIoDecoder decoder = new RecordIoDecoder();
            byte[] buffer = new byte[65536];
            try (InputStream body = response.body()) {
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    for (byte[] record : decoder.feed(buffer, 0, n)) {
                        events.add(MediaTypes.PROTOBUF.equals(type) ? Event.parseFrom(record)
                                : MesosJson.parse(record, Event.newBuilder()).build());
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
}

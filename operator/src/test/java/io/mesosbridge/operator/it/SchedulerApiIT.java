package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler API against the real cluster: the wire contract, and tasks run as Pods through their lifecycle. */
@WithRealCluster
class SchedulerApiIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static BridgeProcess bridge;
    private static String realNode;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, "it-scheduler-api", Map.of());
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void subscribeAnswersAChunkedStreamInTheNegotiatedTypeThatStartsWithSubscribed() throws Exception {
        for (String type : new String[] {MediaTypes.JSON, MediaTypes.PROTOBUF}) {
            try (TestScheduler scheduler = new TestScheduler(bridge.url(), type)) {
                HttpResponse<InputStream> response = scheduler.subscribe(TestScheduler.frameworkInfo("wire-" + type).build());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue(type);
                assertThat(response.headers().firstValue("Content-Length")).isEmpty();
                assertThat(response.headers().firstValue("Mesos-Stream-Id")).isPresent();
                Event first = scheduler.events().get(0);
                assertThat(first.getType()).isEqualTo(Event.Type.SUBSCRIBED);
                assertThat(first.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15);
                assertThat(first.getSubscribed().getMasterInfo().getVersion()).isEqualTo("1.11.0");
                assertThat(scheduler.frameworkId())
                        .isEqualTo(first.getSubscribed().getMasterInfo().getId() + scheduler.frameworkId()
                                .substring(scheduler.frameworkId().length() - 5))
                        .matches(".+-\\d{4}");
            }
        }
    }

    @Test
    void badRequestsGetTheStatusCodesOfAMesosMaster() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = bridge.url().resolve("/api/v1/scheduler");
        assertThat(http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("GET").isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no Content-Type").isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("unsupported Content-Type").isEqualTo(415);
        assertThat(http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", MediaTypes.JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("malformed body").isEqualTo(400);
        String subscribe = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"n\"}}}";
        assertThat(http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", MediaTypes.JSON)
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(subscribe)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("unacceptable Accept").isEqualTo(406);

        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("errors").build());
            Call revive = Call.newBuilder().setType(Call.Type.REVIVE)
                    .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(scheduler.frameworkId())).build();
            assertThat(scheduler.send(revive, null).statusCode()).as("no Mesos-Stream-Id").isEqualTo(400);
            assertThat(scheduler.send(revive, "not-the-stream").statusCode()).as("wrong stream id").isEqualTo(400);
            assertThat(scheduler.send(revive.toBuilder().setFrameworkId(Protos.FrameworkID.newBuilder()
                    .setValue("no-such-framework")).build(), scheduler.streamId()).statusCode())
                    .as("unknown framework").isEqualTo(400);
            assertThat(scheduler.send(revive, scheduler.streamId()).statusCode()).as("valid call").isEqualTo(202);
        }
        HttpResponse<String> version = http.send(HttpRequest.newBuilder(bridge.url().resolve("/version")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(version.body()).contains("\"version\":\"1.11.0\"");
    }

    @Test
    void aTaskThatExitsWithThreeRunsOnTheRealNodeAndFails() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("exit-three").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);

            assertThat(scheduler.launch(offer, TestScheduler.commandTask("exit-3", offer, "echo hello; exit 3", 0.1, 32)
                    .build()).statusCode()).isEqualTo(202);

            TaskStatus failed = scheduler.awaitState("exit-3", TaskState.TASK_FAILED, TIMEOUT);
            assertThat(failed.getMessage()).isEqualTo("Command exited with status 3");
            assertThat(failed.hasUuid()).isTrue();
            assertThat(scheduler.updatesOf("exit-3")).extracting(TaskStatus::getState)
                    .containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FAILED);
        }
    }

    @Test
    void aKilledTaskEndsKilled(RealCluster cluster) throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("killer").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("sleeper", offer, "sleep 600", 0.1, 32).build());
            scheduler.awaitState("sleeper", TaskState.TASK_RUNNING, TIMEOUT);

            String taskName = TaskNames.objectName(scheduler.frameworkId(), "sleeper");
            String listed = cluster.kubectl("get", "mtask", "-n", bridge.namespace()).output();
            assertThat(listed).contains(taskName).contains("TASK_RUNNING").contains(realNode);
            org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                    cluster.kubectl("describe", "mtask", taskName, "-n", bridge.namespace()).output())
                    .as("kubectl describe: the TaskInfo, the status history and an Event per transition")
                    .contains("sleep 600").contains("Task Info")
                    .contains("History").contains("TASK_STARTING").contains("TASK_RUNNING")
                    .containsPattern("Normal\\s+TASK_RUNNING"));

            assertThat(scheduler.kill("sleeper").statusCode()).isEqualTo(202);

            TaskStatus killed = scheduler.awaitState("sleeper", TaskState.TASK_KILLED, TIMEOUT);
            assertThat(killed.hasUuid()).isTrue();
        }
    }

    @Test
    void tasksKilledTogetherEachEndWithExactlyOneTerminalUpdate(RealCluster cluster) throws Exception {
        cluster.createKwokNode("kill-many-node", Map.of("cpu", "32", "memory", "64Gi"), Map.of());
        cluster.awaitNodeReady("kill-many-node", TIMEOUT);
        int count = 20;
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("kill-many").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals("kill-many-node"), TIMEOUT);
            Protos.TaskInfo[] tasks = new Protos.TaskInfo[count];
            for (int i = 0; i < count; i++) {
                tasks[i] = TestScheduler.commandTask("many-" + i, offer, "sleep 600", 0.5, 64).build();
            }
            assertThat(scheduler.launch(offer, tasks).statusCode()).isEqualTo(202);
            for (int i = 0; i < count; i++) {
                scheduler.awaitState("many-" + i, TaskState.TASK_RUNNING, TIMEOUT);
            }
            for (int i = 0; i < count; i++) {
                assertThat(scheduler.kill("many-" + i).statusCode()).isEqualTo(202);
            }
            for (int i = 0; i < count; i++) {
                scheduler.awaitState("many-" + i, TaskState.TASK_KILLED, TIMEOUT);
            }
            // a second TASK_KILLED would follow the acknowledgement of the first at once
            Thread.sleep(Duration.ofSeconds(3).toMillis());

            for (int i = 0; i < count; i++) {
                assertThat(scheduler.updatesOf("many-" + i).stream()
                        .filter(status -> TaskStates.isTerminal(status.getState()))
                        .map(TaskStatus::getUuid).distinct())
                        .as("terminal updates of many-" + i).hasSize(1);
            }
        } finally {
            cluster.client().nodes().withName("kill-many-node").delete();
        }
    }

    @Test
    void aTaskAskingForMoreThanTheOfferGetsTaskErrorWithoutUuid() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("greedy").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("too-big", offer, "true", 1000, 32).build());

            TaskStatus error = scheduler.awaitState("too-big", TaskState.TASK_ERROR, TIMEOUT);
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
            assertThat(error.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
            assertThat(error.hasUuid()).isFalse();
            assertThat(error.getMessage()).contains("more resources");
        }
    }

    @Test
    void offersShrinkWhenAPodOutsideMesosTakesCapacityOnTheNode(RealCluster cluster) throws Exception {
        cluster.createKwokNode("shrinking-node", Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady("shrinking-node", TIMEOUT);
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("watcher").build());
            Protos.Offer before = scheduler.awaitOffer(o -> o.getHostname().equals("shrinking-node"), TIMEOUT);
            assertThat(cpus(before)).isEqualTo(4.0);

            cluster.client().pods().inNamespace("default").resource(new PodBuilder()
                    .withNewMetadata().withName("not-mesos").endMetadata()
                    .withNewSpec().withNodeName("shrinking-node")
                        .addNewContainer().withName("main").withImage("mesos-bridge/busybox:local")
                            .withCommand("sleep", "3600")
                            .withNewResources().addToRequests("cpu", new Quantity("3")).endResources()
                        .endContainer()
                    .endSpec().build()).create();

            scheduler.awaitEvent(e -> e.getType() == Event.Type.RESCIND
                    && e.getRescind().getOfferId().equals(before.getId()), TIMEOUT);
            Protos.Offer after = scheduler.awaitOffer(o -> o.getHostname().equals("shrinking-node")
                    && !o.getId().equals(before.getId()), TIMEOUT);
            assertThat(cpus(after)).isEqualTo(1.0);
        } finally {
            cluster.client().pods().inNamespace("default").withName("not-mesos").withGracePeriod(0).delete();
        }
    }

    private static double cpus(Protos.Offer offer) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    @Test
    void reconciliationAnswersFromTheMasterWithoutUuid() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("reconciler").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("known", offer, "sleep 600", 0.05, 16).build());
            scheduler.awaitState("known", TaskState.TASK_RUNNING, TIMEOUT);

            scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
                    .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("known")))
                    .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("never"))
                            .setAgentId(offer.getAgentId()))));

            TaskStatus known = scheduler.awaitEvent(e -> e.getType() == Event.Type.UPDATE
                    && e.getUpdate().getStatus().getTaskId().getValue().equals("known")
                    && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, TIMEOUT)
                    .getUpdate().getStatus();
            assertThat(known.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(known.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
            assertThat(known.hasUuid()).isFalse();
            TaskStatus never = scheduler.awaitState("never", TaskState.TASK_GONE, TIMEOUT);
            assertThat(never.hasUuid()).isFalse();
        }
    }

    @Test
    void aFrameworkThatStaysAwayPastItsFailoverTimeoutIsRemovedWithItsTasks(RealCluster cluster) throws Exception {
        TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON);
        String frameworkId;
        try {
            scheduler.subscribe(TestScheduler.frameworkInfo("short-lived").setFailoverTimeout(2).build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("orphan", offer, "sleep 600", 0.05, 16).build());
            scheduler.awaitState("orphan", TaskState.TASK_RUNNING, TIMEOUT);
            frameworkId = scheduler.frameworkId();
        } finally {
            scheduler.disconnect();
        }

        String taskName = TaskNames.objectName(frameworkId, "orphan");
        org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.client()
                .pods().inNamespace(bridge.namespace()).withName(taskName).get()).isNull());
        try (TestScheduler returning = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            returning.subscribe(TestScheduler.frameworkInfo("short-lived")
                    .setId(Protos.FrameworkID.newBuilder().setValue(frameworkId)).build());
            Event refused = returning.events().get(0);
            assertThat(refused.getType()).isEqualTo(Event.Type.ERROR);
            assertThat(refused.getError().getMessage()).isEqualTo("Framework has been removed");
        }
    }
}

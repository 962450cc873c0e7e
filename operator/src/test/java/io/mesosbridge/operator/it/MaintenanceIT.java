package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.allocator.Protos.InverseOfferStatus;
import io.mesosbridge.mesos.v1.maintenance.Protos.ClusterStatus;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance on the real cluster, on a kwok node of its own: a schedule sends the framework with a task there an
 * inverse offer with the window's unavailability, its answer shows in /maintenance/status, /machine/down cordons the
 * node and ends the task as a Mesos master does (TASK_LOST, REASON_AGENT_REMOVED), /machine/up brings it back.
 */
@WithRealCluster
class MaintenanceIT {

    private static final String NAMESPACE = "it-maintenance";
    private static final String NODE = "maint-it-node";
    private static final String LABEL = "it.mesosbridge.io/maintenance";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"), Map.of(LABEL, NODE));
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of("mesos-bridge.agent-node-selector",
                LABEL + "=" + NODE));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        bridge.stop();
        cluster.client().nodes().withName(NODE).delete();
        cluster.client().namespaces().withName(NAMESPACE).delete();
    }

    @Test
    void badSchedulesAndMachinesGetTheMessagesOfAMesosMaster() throws Exception {
        String twice = "{\"windows\":[" + window("{\"hostname\":\"twice\"}") + "," + window("{\"hostname\":\"TWICE\"}")
                + "]}";
        assertAnswer(post("/maintenance/schedule", twice), 400,
                "Machine '{\"hostname\":\"TWICE\"}' appears more than once in the schedule");
        assertAnswer(post("/master/maintenance/schedule", "{\"windows\":[" + window("{\"ip\":\"10.0.0.300\"}") + "]}"),
                400, "Failed to parse IPv4: 10.0.0.300");
        assertAnswer(post("/machine/down", "[{\"hostname\":\"nowhere\"}]"), 400,
                "Machine '{\"hostname\":\"nowhere\"}' is not part of a maintenance schedule");
        assertAnswer(post("/machine/up", "[]"), 400, "List of machines is empty");
        assertAnswer(post("/maintenance/schedule", "{\"windows\":[" + window("") + "]}"), 400,
                "List of machines in the maintenance window is empty");

        HttpResponse<String> operatorCall = post("/api/v1", "{\"type\":\"START_MAINTENANCE\",\"start_maintenance\":"
                + "{\"machines\":[{\"hostname\":\"nowhere\"}]}}");
        assertAnswer(operatorCall, 400, "Machine '{\"hostname\":\"nowhere\"}' is not part of a maintenance schedule");
    }

    @Test
    void theScheduleSurvivesARestartAndTheAclsDecideWhoMayChangeIt(RealCluster cluster) throws Exception {
        String probe = "{\"windows\":[" + window("{\"hostname\":\"restart-probe\"}") + "]}";
        assertAnswer(post("/api/v1", "{\"type\":\"UPDATE_MAINTENANCE_SCHEDULE\",\"update_maintenance_schedule\":"
                + "{\"schedule\":" + probe + "}}"), 200, "");
        Path acls = Path.of("target", "maintenance-acls.json").toAbsolutePath();
        Files.writeString(acls, """
                {"permissive": true,
                 "update_maintenance_schedules": [{"principals": {"type": "ANY"}, "machines": {"type": "NONE"}}]}
                """);
        bridge.kill();
        try (BridgeProcess restricted = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", LABEL + "=" + NODE, "mesos-bridge.acls", "file://" + acls))) {
            HttpResponse<String> kept = HTTP.send(HttpRequest.newBuilder(restricted.url()
                    .resolve("/maintenance/schedule")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(MesosJson.parse(kept.body(), Schedule.newBuilder()).build())
                    .isEqualTo(MesosJson.parse(probe, Schedule.newBuilder()).build());
            HttpResponse<String> denied = HTTP.send(HttpRequest.newBuilder(restricted.url()
                    .resolve("/maintenance/schedule")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertAnswer(denied, 403, "");
        } finally {
            bridge.launch();
        }
        assertAnswer(post("/maintenance/schedule", "{}"), 200, "");
        assertThat(status()).isEqualTo(ClusterStatus.getDefaultInstance());
    }

    @Test
    void aWindowDrainsTheMachineDownEndsItsTasksAndUpBringsItBack(RealCluster cluster) throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("maintenance-it").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
            assertThat(offer.hasUnavailability()).isFalse();
            scheduler.launch(offer, TestScheduler.commandTask("on-maintained", offer, "sleep 3600", 0.1, 32).build());
            scheduler.awaitState("on-maintained", TaskState.TASK_RUNNING, TIMEOUT);

            long start = System.currentTimeMillis() * 1_000_000L + HOUR_NANOS;
            String schedule = "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"" + NODE + "\"}],"
                    + "\"unavailability\":{\"start\":{\"nanoseconds\":" + start + "},"
                    + "\"duration\":{\"nanoseconds\":" + HOUR_NANOS + "}}}]}";
            assertAnswer(post("/maintenance/schedule", schedule), 200, "");
            Schedule stored = MesosJson.parse(get("/maintenance/schedule").body(), Schedule.newBuilder()).build();
            assertThat(stored).isEqualTo(MesosJson.parse(schedule, Schedule.newBuilder()).build());
            ConfigMap map = cluster.client().configMaps().inNamespace(NAMESPACE).withName("mesos-bridge-maintenance")
                    .get();
            assertThat(map.getData().get("schedule.json")).contains(NODE);

            Event inverse = scheduler.awaitEvent(e -> e.getType() == Event.Type.INVERSE_OFFERS, TIMEOUT);
            Protos.InverseOffer inverseOffer = inverse.getInverseOffers().getInverseOffers(0);
            assertThat(inverseOffer.getAgentId()).isEqualTo(offer.getAgentId());
            assertThat(inverseOffer.getFrameworkId().getValue()).isEqualTo(scheduler.frameworkId());
            assertThat(inverseOffer.getUnavailability().getStart().getNanoseconds()).isEqualTo(start);
            assertThat(inverseOffer.getUnavailability().getDuration().getNanoseconds()).isEqualTo(HOUR_NANOS);

            // offers made from now on tell the window too
            declineOffersOf(scheduler);
            Protos.Offer during = scheduler.awaitOffer(o -> o.getHostname().equals(NODE) && o.hasUnavailability(),
                    TIMEOUT);
            assertThat(during.getUnavailability()).isEqualTo(inverseOffer.getUnavailability());

            assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT_INVERSE_OFFERS)
                    .setAcceptInverseOffers(Call.AcceptInverseOffers.newBuilder()
                            .addInverseOfferIds(inverseOffer.getId()))).statusCode()).isEqualTo(202);
            // an inverse offer answered already: ignored (202), the first answer stays
            assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE_INVERSE_OFFERS)
                    .setDeclineInverseOffers(Call.DeclineInverseOffers.newBuilder()
                            .addInverseOfferIds(inverseOffer.getId()))).statusCode()).isEqualTo(202);
            ClusterStatus draining = status();
            assertThat(draining.getDrainingMachinesCount()).isEqualTo(1);
            assertThat(draining.getDrainingMachines(0).getId().getHostname()).isEqualTo(NODE);
            assertThat(draining.getDrainingMachines(0).getStatusesList()).singleElement().satisfies(answer -> {
                assertThat(answer.getStatus()).isEqualTo(InverseOfferStatus.Status.ACCEPT);
                assertThat(answer.getFrameworkId().getValue()).isEqualTo(scheduler.frameworkId());
            });
            Response operatorStatus = MesosJson.parse(post("/api/v1", "{\"type\":\"GET_MAINTENANCE_STATUS\"}").body(),
                    Response.newBuilder()).build();
            assertThat(operatorStatus.getGetMaintenanceStatus().getStatus()).isEqualTo(draining);
            Response operatorSchedule = MesosJson.parse(post("/api/v1", "{\"type\":\"GET_MAINTENANCE_SCHEDULE\"}")
                    .body(), Response.newBuilder()).build();
            assertThat(operatorSchedule.getGetMaintenanceSchedule().getSchedule()).isEqualTo(stored);

            assertAnswer(post("/machine/up", "[{\"hostname\":\"" + NODE + "\"}]"), 400,
                    "Machine '{\"hostname\":\"" + NODE + "\"}' is not in DOWN mode and cannot be brought up");
            assertAnswer(post("/machine/down", "[{\"hostname\":\"" + NODE + "\"}]"), 200, "");
            assertThat(unschedulable(cluster)).isTrue();
            TaskStatus lost = scheduler.awaitState("on-maintained", TaskState.TASK_LOST, TIMEOUT);
            assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
            assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
            assertThat(lost.getMessage()).isEqualTo("Agent " + NODE + " removed: Operator initiated 'Machine DOWN'");
            assertThat(status().getDownMachinesList()).extracting(Protos.MachineID::getHostname).containsExactly(NODE);
            assertAnswer(post("/maintenance/schedule", "{\"windows\":[]}"), 400,
                    "Machine '{\"hostname\":\"" + NODE + "\"}' is deactivated and cannot be removed from the schedule");

            int seen = scheduler.events().size();
            Thread.sleep(3000);
            assertThat(scheduler.events().subList(seen, scheduler.events().size()))
                    .noneMatch(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList().stream()
                            .anyMatch(o -> o.getHostname().equals(NODE)));

            assertAnswer(post("/machine/up", "[{\"hostname\":\"" + NODE + "\"}]"), 200, "");
            assertThat(unschedulable(cluster)).isFalse();
            assertThat(MesosJson.parse(get("/maintenance/schedule").body(), Schedule.newBuilder()).build()
                    .getWindowsCount()).isZero();
            assertThat(status()).isEqualTo(ClusterStatus.getDefaultInstance());
            List<Protos.OfferID> before = offerIds(scheduler);
            declineOffersOf(scheduler);
            Protos.Offer back = scheduler.awaitOffer(o -> o.getHostname().equals(NODE)
                    && !before.contains(o.getId()), TIMEOUT);
            assertThat(back.hasUnavailability()).isFalse();
        }
    }

    private static List<Protos.OfferID> offerIds(TestScheduler scheduler) {
        return scheduler.events().stream().filter(e -> e.getType() == Event.Type.OFFERS)
                .flatMap(e -> e.getOffers().getOffersList().stream()).map(Protos.Offer::getId).toList();
    }

    /** Declines every offer received so far (those already used or rescinded are ignored), to get new ones. */
    private static void declineOffersOf(TestScheduler scheduler) throws Exception {
        scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0.1)).addAllOfferIds(offerIds(scheduler))));
    }

    private static String window(String machine) {
        return "{\"machine_ids\":[" + machine + "],\"unavailability\":{\"start\":{\"nanoseconds\":0}}}";
    }

    private static ClusterStatus status() throws Exception {
        HttpResponse<String> answer = get("/master/maintenance/status");
        assertThat(answer.statusCode()).isEqualTo(200);
        return MesosJson.parse(answer.body(), ClusterStatus.newBuilder()).build();
    }

    private static boolean unschedulable(RealCluster cluster) {
        Node current = cluster.client().nodes().withName(NODE).get();
        return current.getSpec() != null && Boolean.TRUE.equals(current.getSpec().getUnschedulable());
    }

    private static void assertAnswer(HttpResponse<String> answer, int status, String body) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(body);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(bridge.url().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(bridge.url().resolve(path)).header("Content-Type", MediaTypes.JSON)
                .header("Accept", MediaTypes.JSON).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

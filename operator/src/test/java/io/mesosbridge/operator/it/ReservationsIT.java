package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.ReservedResources;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reservations on a kwok node of this test's own, between a framework of role {@code ads} and one of role
 * {@code web}: a static reservation (the Node's annotation, as the agent DaemonSet writes it) and dynamic ones made by
 * an ACCEPT's RESERVE and by the operator API's RESERVE_RESOURCES are offered only to {@code ads}, in the refined
 * format, survive a bridge restart, and after UNRESERVE (ACCEPT and operator API) are everyone's again.
 */
@WithRealCluster
class ReservationsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String NAMESPACE = "it-reservations";
    private static final String NODE = "it-reservations-node";
    private static final String LABEL = "it.mesosbridge.io/reservations";

    private final Set<String> used = new HashSet<>();

    @Test
    void reservedResourcesGoOnlyToTheirRoleAndOutliveTheBridge(RealCluster cluster) throws Exception {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi", "ephemeral-storage", "10Gi"),
                Map.of(LABEL, "yes"));
        cluster.awaitNodeReady(NODE, TIMEOUT);
        Resource staticMem = reserved(TestScheduler.scalar("mem", 256), ReservationInfo.Type.STATIC, "ads", null);
        cluster.client().nodes().withName(NODE).edit(node -> {
            node.getMetadata().getAnnotations().put(KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION,
                    ReservedResources.annotationValue(Resources.of(staticMem)));
            return node;
        });
        BridgeProcess bridge = BridgeProcess.start(cluster, NAMESPACE,
                Map.of("mesos-bridge.agent-node-selector", LABEL + "=yes"));
        Resource adsCpus = reserved(TestScheduler.scalar("cpus", 1), ReservationInfo.Type.DYNAMIC, "ads", "ads-ops");
        Resource adsMem = reserved(TestScheduler.scalar("mem", 512), ReservationInfo.Type.DYNAMIC, "ads", "ads-ops");
        try {
            try (TestScheduler ads = new TestScheduler(bridge.url(), MediaTypes.JSON);
                 TestScheduler web = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
                ads.subscribe(framework("ads"));
                Protos.Offer first = awaitOffer(ads, offer -> true);
                assertThat(reservedOf(first)).as("the static reservation").containsExactly(staticMem);
                accept(ads, first, Operation.newBuilder().setType(Operation.Type.RESERVE)
                        .setReserve(Operation.Reserve.newBuilder().addResources(adsCpus)).build(), 0);

                Protos.Offer reservedOffer = awaitOffer(ads, offer -> reservedOf(offer).contains(adsCpus));
                Resource offeredCpus = reservedOffer.getResourcesList().stream()
                        .filter(r -> r.getName().equals("cpus") && r.getReservationsCount() > 0).findFirst()
                        .orElseThrow();
                assertThat(offeredCpus.getReservationsList()).as("as Mesos 1.11 prints a dynamic reservation")
                        .containsExactly(ReservationInfo.newBuilder().setType(ReservationInfo.Type.DYNAMIC)
                                .setRole("ads").setPrincipal("ads-ops").build());
                assertThat(offeredCpus.hasRole()).isFalse();
                decline(ads, reservedOffer);

                web.subscribe(framework("web"));
                Protos.Offer webOffer = awaitOffer(web, offer -> true);
                assertThat(reservedOf(webOffer)).as("web is offered nothing reserved to ads").isEmpty();
                // 4 cpus less the 1 reserved (less what another test's DaemonSet Pod may request here)
                assertThat(scalar(webOffer, "cpus")).isCloseTo(3.0, within(0.5));

                HttpResponse<String> reserve = MasterHttp.postJsonAs(bridge.url(), "/api/v1",
                        "{\"type\":\"RESERVE_RESOURCES\",\"reserve_resources\":{\"agent_id\":{\"value\":\""
                                + webOffer.getAgentId().getValue() + "\"},\"resources\":[" + json(adsMem) + "]}}",
                        null);
                assertThat(reserve.statusCode()).as(reserve.body()).isEqualTo(202);
                // web's offer held the memory that is now ads's: it is rescinded and made again without it
                Protos.Offer webAgain = awaitOffer(web, offer -> !offer.getId().equals(webOffer.getId()));
                assertThat(reservedOf(webAgain)).isEmpty();
                assertThat(scalar(webAgain, "mem")).isCloseTo(scalar(webOffer, "mem") - 512, within(128.0));

                HttpResponse<String> foreign = MasterHttp.postJsonAs(bridge.url(), "/api/v1",
                        "{\"type\":\"RESERVE_RESOURCES\",\"reserve_resources\":{\"agent_id\":{\"value\":\"nope\"},"
                                + "\"resources\":[" + json(adsMem) + "]}}", null);
                assertThat(foreign.statusCode()).isEqualTo(400);
                assertThat(foreign.body()).isEqualTo("No agent found with specified ID");
            }
            Node recorded = cluster.client().nodes().withName(NODE).get();
            assertThat(ReservedResources.parse(recorded.getMetadata().getAnnotations()
                    .get(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION))).isEqualTo(Resources.of(adsCpus, adsMem));

            bridge.kill();
            bridge.launch();

            try (TestScheduler ads = new TestScheduler(bridge.url(), MediaTypes.JSON);
                 TestScheduler web = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
                ads.subscribe(framework("ads"));
                Protos.Offer afterRestart = awaitOffer(ads, offer -> reservedOf(offer).size() == 3);
                assertThat(reservedOf(afterRestart)).as("both dynamic reservations outlived the bridge")
                        .containsExactlyInAnyOrder(staticMem, adsCpus, adsMem);
                accept(ads, afterRestart, Operation.newBuilder().setType(Operation.Type.UNRESERVE)
                        .setUnreserve(Operation.Unreserve.newBuilder().addResources(adsCpus)).build(), 3600);
                JsonNode agent = MasterHttp.await(bridge.url(), "/slaves",
                        slaves -> slaves.path("slaves").path(0).path("reserved_resources").path("ads")
                                .path("cpus").asDouble() == 0, TIMEOUT);
                assertThat(agent.path("slaves").path(0).path("reserved_resources").path("ads").path("mem").asDouble())
                        .isEqualTo(768.0);
                assertThat(agent.path("slaves").path(0).path("reserved_resources_full").path("ads"))
                        .as("as Mesos prints them").anySatisfy(resource -> assertThat(resource.toString())
                                .isEqualTo("{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":512.0},"
                                        + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"ads\","
                                        + "\"principal\":\"ads-ops\"}]}"));

                HttpResponse<String> unreserve = MasterHttp.postJsonAs(bridge.url(), "/api/v1",
                        "{\"type\":\"UNRESERVE_RESOURCES\",\"unreserve_resources\":{\"agent_id\":{\"value\":\""
                                + afterRestart.getAgentId().getValue() + "\"},\"resources\":[" + json(adsMem)
                                + "]}}", null);
                assertThat(unreserve.statusCode()).as(unreserve.body()).isEqualTo(202);

                web.subscribe(framework("web"));
                Protos.Offer everyones = awaitOffer(web, offer -> scalar(offer, "cpus") > 3.5);
                assertThat(reservedOf(everyones)).isEmpty();
                assertThat(scalar(everyones, "mem")).as("all but the static reservation")
                        .isCloseTo(8192.0 - 256, within(300.0));
            }
            assertThat(cluster.client().nodes().withName(NODE).get().getMetadata().getAnnotations())
                    .doesNotContainKey(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION);
        } finally {
            bridge.stopAndRemoveNamespace();
            cluster.client().nodes().withName(NODE).delete();
        }
    }

    @Test
    void aPersistentVolumeOutlivesItsTaskAndIsOfferedBackToItsRole(RealCluster cluster) throws Exception {
        String realNode = cluster.realNodeName().orElseThrow();
        Path root = Files.createTempDirectory("mesos-bridge-volumes");
        String namespace = NAMESPACE + "-volumes";
        Map<String, String> settings = new HashMap<>(BridgeProcess.onlyNode(realNode));
        settings.put("mesos-bridge.persistent-volume-root", root.toString());
        BridgeProcess bridge = BridgeProcess.start(cluster, namespace, settings);
        String id = "v-" + System.nanoTime();
        Resource disk = reserved(TestScheduler.scalar("disk", 16), ReservationInfo.Type.DYNAMIC, "ads", "ads-ops");
        Resource volume = disk.toBuilder().setDisk(Resource.DiskInfo.newBuilder()
                .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId(id).setPrincipal("ads-ops"))
                .setVolume(Protos.Volume.newBuilder().setContainerPath("data").setMode(Protos.Volume.Mode.RW)))
                .build();
        String claim = ReservedResources.persistentVolumeClaimName(id);
        String pv = ReservedResources.persistentVolumeName(namespace, id);
        try (TestScheduler ads = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            ads.subscribe(framework("ads"));
            Protos.Offer offer = awaitOffer(ads, o -> o.getHostname().equals(realNode));
            Protos.TaskInfo writer = TestScheduler.commandTask("writer", offer, "echo kept > data/f", 0.05, 16)
                    .addResources(volume).build();
            HttpResponse<String> accepted = ads.call(Call.newBuilder().setType(Call.Type.ACCEPT)
                    .setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
                            .addOperations(Operation.newBuilder().setType(Operation.Type.RESERVE)
                                    .setReserve(Operation.Reserve.newBuilder().addResources(disk)))
                            .addOperations(Operation.newBuilder().setType(Operation.Type.CREATE)
                                    .setCreate(Operation.Create.newBuilder().addVolumes(volume)))
                            .addOperations(Operation.newBuilder().setType(Operation.Type.LAUNCH)
                                    .setLaunch(Operation.Launch.newBuilder().addTaskInfos(writer)))
                            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            ads.awaitState("writer", Protos.TaskState.TASK_FINISHED, TIMEOUT);
            assertThat(cluster.client().persistentVolumeClaims().inNamespace(namespace).withName(claim).get()
                    .getStatus().getPhase()).isEqualTo("Bound");

            Protos.Offer back = awaitOfferDecliningOthers(ads, o -> reservedOf(o).contains(volume));
            Protos.TaskInfo reader = TestScheduler.commandTask("reader", back, "test \"$(cat data/f)\" = kept",
                    0.05, 16).addResources(volume).build();
            ads.launch(back, reader);
            ads.awaitState("reader", Protos.TaskState.TASK_FINISHED, TIMEOUT);

            Protos.Offer again = awaitOfferDecliningOthers(ads, o -> reservedOf(o).contains(volume));
            ads.launch(again, TestScheduler.commandTask("holder", again, "sleep 300", 0.05, 16)
                    .addResources(volume).build());
            ads.awaitState("holder", Protos.TaskState.TASK_RUNNING, TIMEOUT);
            String agentId = "{\"value\":\"" + again.getAgentId().getValue() + "\"}";
            String destroy = "{\"type\":\"DESTROY_VOLUMES\",\"destroy_volumes\":{\"agent_id\":" + agentId
                    + ",\"volumes\":[" + json(volume) + "]}}";
            HttpResponse<String> inUse = MasterHttp.postJsonAs(bridge.url(), "/api/v1", destroy, null);
            assertThat(inUse.statusCode()).isEqualTo(400);
            assertThat(inUse.body()).endsWith(": Persistent volumes in use");
            ads.kill("holder");
            ads.awaitState("holder", Protos.TaskState.TASK_KILLED, TIMEOUT);

            HttpResponse<String> destroyed = MasterHttp.postJsonAs(bridge.url(), "/api/v1", destroy, null);
            assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(202);
            cluster.client().persistentVolumeClaims().inNamespace(namespace).withName(claim)
                    .waitUntilCondition(c -> c == null, 30, java.util.concurrent.TimeUnit.SECONDS);
            cluster.client().persistentVolumes().withName(pv).waitUntilCondition(p -> p == null, 30,
                    java.util.concurrent.TimeUnit.SECONDS);
            HttpResponse<String> unreserved = MasterHttp.postJsonAs(bridge.url(), "/api/v1",
                    "{\"type\":\"UNRESERVE_RESOURCES\",\"unreserve_resources\":{\"agent_id\":" + agentId
                            + ",\"resources\":[" + json(disk) + "]}}", null);
            assertThat(unreserved.statusCode()).as(unreserved.body()).isEqualTo(202);
            assertThat(cluster.client().nodes().withName(realNode).get().getMetadata().getAnnotations())
                    .doesNotContainKey(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION);
        } finally {
            bridge.stopAndRemoveNamespace();
            cluster.client().persistentVolumes().withName(pv).delete();
            cluster.client().nodes().withName(realNode).edit(node -> {
                node.getMetadata().getAnnotations().remove(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION);
                return node;
            });
        }
    }

    private static Protos.FrameworkInfo framework(String role) {
        return TestScheduler.frameworkInfo("reservations-" + role).setRole(role).setPrincipal(role + "-ops")
                .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
                        .setType(Protos.FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT)).build();
    }

    private static Resource reserved(Resource resource, ReservationInfo.Type type, String role, String principal) {
        ReservationInfo.Builder entry = ReservationInfo.newBuilder().setType(type).setRole(role);
        if (principal != null) {
            entry.setPrincipal(principal);
        }
        return resource.toBuilder().addReservations(entry).build();
    }

    private Protos.Offer awaitOffer(TestScheduler scheduler, Predicate<Protos.Offer> matching) {
        Protos.Offer offer = scheduler.awaitOffer(o -> !used.contains(o.getId().getValue()) && matching.test(o),
                TIMEOUT);
        used.add(offer.getId().getValue());
        return offer;
    }

    /** The next offer matching; the framework holds one offer per agent, so the ones before it are declined. */
    private Protos.Offer awaitOfferDecliningOthers(TestScheduler scheduler, Predicate<Protos.Offer> matching)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Protos.Offer next = awaitOffer(scheduler, offer -> true);
            if (matching.test(next)) {
                return next;
            }
            HttpResponse<String> answer = scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE)
                    .setDecline(Call.Decline.newBuilder().addOfferIds(next.getId())
                            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
        throw new AssertionError("no matching offer within " + TIMEOUT);
    }

    private static List<Resource> reservedOf(Protos.Offer offer) {
        return offer.getResourcesList().stream().filter(r -> r.getReservationsCount() > 0)
                .map(r -> r.toBuilder().clearAllocationInfo().build()).toList();
    }

    private static double scalar(Protos.Offer offer, String name) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals(name) && r.getReservationsCount() == 0)
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static void accept(TestScheduler scheduler, Protos.Offer offer, Operation operation, double refuseSeconds)
            throws Exception {
        HttpResponse<String> answer = scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT)
                .setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId()).addOperations(operation)
                        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    private static void decline(TestScheduler scheduler, Protos.Offer offer) throws Exception {
        HttpResponse<String> answer = scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE)
                .setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())
                        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    private static String json(Resource resource) {
        return io.mesosbridge.mesos.json.MesosJson.print(resource);
    }
}

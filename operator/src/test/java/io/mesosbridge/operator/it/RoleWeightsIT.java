package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two frameworks in two roles compete for twelve one-cpu agents. Weights 2:1 set with UPDATE_WEIGHTS give the roles
 * a 2:1 share, each framework launching a task on every offer it gets; the weights show in GET_WEIGHTS and
 * {@code /weights} and survive a bridge restart (they are in the roles ConfigMap).
 */
@WithRealCluster
class RoleWeightsIT {

    private static final String NAMESPACE = "it-weights";
    private static final String LABEL = "it-weights-agent";
    private static final int AGENTS = 12;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RealCluster cluster;
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster realCluster) {
        cluster = realCluster;
        IntStream.range(0, AGENTS).forEach(i -> cluster.createKwokNode(node(i), Map.of("cpu", "1", "memory",
                "1Gi"), Map.of()));
        IntStream.range(0, AGENTS).forEach(i -> cluster.awaitNodeReady(node(i), TIMEOUT));
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", LABEL + "=yes",
                "mesos-bridge.allocation-interval-millis", "500"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
        IntStream.range(0, AGENTS).forEach(i -> cluster.client().nodes().withName(node(i)).delete());
    }

    @Test
    void weights2To1GiveTheRolesA2To1ShareAndSurviveARestart() throws Exception {
        MasterHttp.operatorCall(bridge.url(), "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":"
                + "[{\"role\":\"gold\",\"weight\":2.0}]}}");
        assertThat(put("/weights", "[{\"role\":\"silver\",\"weight\":1.0}]").statusCode()).isEqualTo(200);
        assertWeights();
        HttpResponse<String> zero = put("/master/weights", "[{\"role\":\"silver\",\"weight\":0}]");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).isEqualTo("Failed to validate update weights request JSON for role 'silver': Invalid"
                + " weight '0': Weights must be positive");
        HttpResponse<String> badRole = MasterHttp.postJsonAs(bridge.url(), "/api/v1", "{\"type\":\"UPDATE_WEIGHTS\","
                + "\"update_weights\":{\"weight_infos\":[{\"role\":\"a//b\",\"weight\":1}]}}", null);
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.body()).isEqualTo("Failed to validate update weights request JSON: Invalid role 'a//b':"
                + " Role 'a//b' cannot contain two adjacent slashes");

        try (TestScheduler gold = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
             TestScheduler silver = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            gold.subscribe(TestScheduler.frameworkInfo("weights-gold").setRole("gold").build());
            silver.subscribe(TestScheduler.frameworkInfo("weights-silver").setRole("silver").build());
            // the agents join only now, while both frameworks want everything
            IntStream.range(0, AGENTS).forEach(i -> cluster.client().nodes().withName(node(i))
                    .edit(n -> { n.getMetadata().getLabels().put(LABEL, "yes"); return n; }));

            Set<String> used = new HashSet<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            Map<String, Double> cpus = Map.of();
            while (System.nanoTime() < deadline) {
                launchOnEveryOffer(gold, "gold", used);
                launchOnEveryOffer(silver, "silver", used);
                cpus = allocatedCpus();
                if (cpus.getOrDefault("gold", 0.0) + cpus.getOrDefault("silver", 0.0) >= AGENTS) {
                    break;
                }
                Thread.sleep(200);
            }
            // Offers come whole agent by whole agent, and agents joined one by one: the greedy weighted DRF may
            // end one agent away from the exact 8:4 (ties go to the lower role name). Equal weights would give 6:6.
            assertThat(cpus.getOrDefault("gold", 0.0) + cpus.getOrDefault("silver", 0.0))
                    .as("every agent allocated: %s", cpus).isEqualTo(AGENTS);
            assertThat(cpus.get("gold")).as("gold's cpus of %d", AGENTS).isBetween(7.0, 9.0);
            assertThat(cpus.get("silver")).as("silver's cpus of %d", AGENTS).isBetween(3.0, 5.0);
        }

        bridge.stop();
        bridge.launch();
        assertWeights();
        assertThat(cluster.client().configMaps().inNamespace(NAMESPACE).withName("mesos-bridge-roles").get()
                .getData()).containsKey("weights.json");
    }

    private static void assertWeights() throws Exception {
        JsonNode weights = MasterHttp.operatorCall(bridge.url(), "{\"type\":\"GET_WEIGHTS\"}")
                .get("get_weights").get("weight_infos");
        assertThat(weightsOf(weights)).containsEntry("gold", 2.0).containsEntry("silver", 1.0);
        assertThat(weightsOf(MasterHttp.get(bridge.url(), "/weights"))).containsEntry("gold", 2.0)
                .containsEntry("silver", 1.0);
        JsonNode roles = MasterHttp.get(bridge.url(), "/roles").get("roles");
        Map<String, Double> shown = new HashMap<>();
        roles.forEach(role -> shown.put(role.get("name").asText(), role.get("weight").asDouble()));
        assertThat(shown).as("/roles").containsEntry("gold", 2.0).containsEntry("silver", 1.0);
    }

    private static HttpResponse<String> put(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(bridge.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Double> weightsOf(JsonNode infos) {
        Map<String, Double> weights = new HashMap<>();
        infos.forEach(info -> weights.put(info.get("role").asText(), info.get("weight").asDouble()));
        return weights;
    }

    /** What GET_ROLES says each role holds in running tasks and outstanding offers. */
    private static Map<String, Double> allocatedCpus() throws Exception {
        JsonNode roles = MasterHttp.operatorCall(bridge.url(), "{\"type\":\"GET_ROLES\"}").get("get_roles")
                .get("roles");
        Map<String, Double> cpus = new HashMap<>();
        for (JsonNode role : roles) {
            double sum = 0;
            for (JsonNode resource : role.path("resources")) {
                if (resource.get("name").asText().equals("cpus")) {
                    sum += resource.get("scalar").get("value").asDouble();
                }
            }
            cpus.put(role.get("name").asText(), sum);
        }
        return cpus;
    }

    private static void launchOnEveryOffer(TestScheduler framework, String role, Set<String> used)
            throws Exception {
        for (Event event : framework.events()) {
            if (event.getType() != Event.Type.OFFERS) {
                continue;
            }
            for (Protos.Offer offer : event.getOffers().getOffersList()) {
                if (!used.add(offer.getId().getValue())) {
                    continue;
                }
                double cpus = 0;
                double mem = 0;
                for (Protos.Resource resource : offer.getResourcesList()) {
                    cpus += resource.getName().equals("cpus") ? resource.getScalar().getValue() : 0;
                    mem += resource.getName().equals("mem") ? resource.getScalar().getValue() : 0;
                }
                framework.launch(offer, TestScheduler.commandTask(role + "-" + used.size(), offer, "sleep 600",
                        cpus, mem).build());
            }
        }
    }

    private static String node(int i) {
        return "weights-node-" + i;
    }
}

package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A quota limit of 2 cpus and 2048 MiB on role {@code capped}: its framework is never offered more, even with two
 * 4-cpu agents free; with tasks running up to the limit it gets no more offers; GET_QUOTA and {@code /quota} show
 * the quota; and its ResourceQuota in the role's namespace ({@code prefix} mode) makes the API server refuse a plain
 * Pod over it. Removing the quota removes the ResourceQuota. A MULTI_ROLE framework gets an offer per role, each cut
 * to its own role's limit.
 */
@WithRealCluster
class QuotaIT {

    private static final String NAMESPACE = "it-quota";
    private static final String ROLE = "capped";
    private static final String ROLE_NAMESPACE = NAMESPACE + "-" + ROLE;
    private static final String LABEL = "it-quota-agent";
    private static final List<String> NODES = List.of("quota-node-0", "quota-node-1");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RealCluster cluster;
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster realCluster) {
        cluster = realCluster;
        NODES.forEach(node -> cluster.createKwokNode(node, Map.of("cpu", "4", "memory", "8Gi"),
                Map.of(LABEL, "yes")));
        NODES.forEach(node -> cluster.awaitNodeReady(node, TIMEOUT));
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", LABEL + "=yes",
                "mesos-bridge.role-namespace-mode", "prefix",
                "mesos-bridge.role-namespace-prefix", NAMESPACE + "-",
                "mesos-bridge.allocation-interval-millis", "500"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
        cluster.client().namespaces().withName(ROLE_NAMESPACE).delete();
        NODES.forEach(node -> cluster.client().nodes().withName(node).delete());
    }

    @Test
    void aQuotaLimitCapsTheRolesOffersAndItsResourceQuotaRefusesAPodOverIt() throws Exception {
        MasterHttp.operatorCall(bridge.url(), "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":[{"
                + "\"role\":\"" + ROLE + "\",\"limits\":{\"cpus\":{\"value\":2},\"mem\":{\"value\":2048}}}]}}");

        JsonNode config = MasterHttp.operatorCall(bridge.url(), "{\"type\":\"GET_QUOTA\"}").get("get_quota")
                .get("status").get("configs").get(0);
        assertThat(config.get("role").asText()).isEqualTo(ROLE);
        assertThat(config.get("limits").get("cpus").get("value").asDouble()).isEqualTo(2.0);
        JsonNode endpoint = MasterHttp.get(bridge.url(), "/quota").get("configs").get(0);
        assertThat(endpoint.get("limits").get("mem").get("value").asDouble()).isEqualTo(2048.0);

        ResourceQuota projected = cluster.client().resourceQuotas().inNamespace(ROLE_NAMESPACE)
                .withName("mesos-quota").waitUntilCondition(q -> q != null, 1, TimeUnit.MINUTES);
        assertThat(projected.getSpec().getHard()).containsEntry("limits.cpu", new Quantity("2"))
                .containsEntry("requests.memory", new Quantity("2Gi"));

        try (TestScheduler framework = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            framework.subscribe(TestScheduler.frameworkInfo("quota-capped").setRole(ROLE).build());
            Protos.Offer offer = framework.awaitOffer(o -> true, TIMEOUT);
            Thread.sleep(3000); // several allocation cycles: no second offer from the other free agent
            assertThat(offered(framework, "cpus")).as("8 cpus free, limit 2").isEqualTo(2.0);
            assertThat(offered(framework, "mem")).isEqualTo(2048.0);

            framework.launch(offer, TestScheduler.commandTask("capped-1", offer, "sleep 600", 1, 1024).build(),
                    TestScheduler.commandTask("capped-2", offer, "sleep 600", 1, 1024).build());
            framework.awaitState("capped-1", TaskState.TASK_RUNNING, TIMEOUT);
            framework.awaitState("capped-2", TaskState.TASK_RUNNING, TIMEOUT);
            int offersSoFar = offerCount(framework);
            Thread.sleep(3000);
            assertThat(offerCount(framework)).as("at its limit, the role is offered nothing").isEqualTo(offersSoFar);

            HttpResponse<String> belowUse = MasterHttp.postJsonAs(bridge.url(), "/api/v1", "{\"type\":\"UPDATE_QUOTA\","
                    + "\"update_quota\":{\"quota_configs\":[{\"role\":\"" + ROLE + "\",\"limits\":{\"cpus\":"
                    + "{\"value\":1}}}]}}", null);
            assertThat(belowUse.statusCode()).isEqualTo(400);
            assertThat(belowUse.body()).isEqualTo("Invalid QuotaConfig: Role 'capped' is already consuming"
                    + " 'cpus:2; mem:2048'; this is more than the requested limits 'cpus:1' (use 'force' flag to"
                    + " bypass this check)");
        }

        Pod tooBig = new PodBuilder().withNewMetadata().withName("not-mesos").withNamespace(ROLE_NAMESPACE)
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("mesos-bridge/busybox:local")
                .withNewResources().addToRequests("cpu", new Quantity("3")).addToLimits("cpu", new Quantity("3"))
                .addToRequests("memory", new Quantity("64Mi")).addToLimits("memory", new Quantity("64Mi"))
                .endResources().endContainer().endSpec().build();
        KubernetesClientException refused = catchThrowableOfType(() -> cluster.client().pods()
                .inNamespace(ROLE_NAMESPACE).resource(tooBig).create(), KubernetesClientException.class);
        assertThat(refused).as("the API server refuses the Pod").isNotNull();
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(refused.getMessage()).contains("exceeded quota");

        MasterHttp.operatorCall(bridge.url(), "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"force\":true,"
                + "\"quota_configs\":[{\"role\":\"" + ROLE + "\"}]}}");
        assertThat(MasterHttp.get(bridge.url(), "/quota").path("configs")).isEmpty();
        assertThat(cluster.client().resourceQuotas().inNamespace(ROLE_NAMESPACE).withName("mesos-quota")
                .waitUntilCondition(q -> q == null, 1, TimeUnit.MINUTES)).isNull();

        HttpResponse<String> set = MasterHttp.postJsonAs(bridge.url(), "/quota", "{\"role\":\"" + ROLE + "\","
                + "\"guarantee\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1}}]}", null);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode legacy = MasterHttp.get(bridge.url(), "/master/quota");
        assertThat(legacy.get("infos").get(0).get("guarantee").get(0).get("scalar").get("value").asDouble())
                .isEqualTo(1.0);
        assertThat(legacy.get("configs").get(0).get("limits").get("cpus").get("value").asDouble())
                .as("the legacy guarantee is the limit too").isEqualTo(1.0);
        assertThat(delete("/quota/" + ROLE).statusCode()).isEqualTo(200);
        HttpResponse<String> again = delete("/quota/" + ROLE);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("Failed to remove quota for path '/quota/capped': Role 'capped' has no"
                + " quota set");
    }

    private static HttpResponse<String> delete(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(bridge.url().resolve(path)).timeout(Duration.ofSeconds(30)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMultiRoleFrameworkIsOfferedPerRoleEachOfferCutToItsRolesLimit() throws Exception {
        MasterHttp.operatorCall(bridge.url(), "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":[{"
                + "\"role\":\"multi-a\",\"limits\":{\"cpus\":{\"value\":1}}}]}}");
        try (TestScheduler framework = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            framework.subscribe(TestScheduler.frameworkInfo("quota-multi").addRoles("multi-a").addRoles("multi-b")
                    .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
                            .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE)).build());

            Protos.Offer a = framework.awaitOffer(o -> o.getAllocationInfo().getRole().equals("multi-a"), TIMEOUT);
            Protos.Offer b = framework.awaitOffer(o -> o.getAllocationInfo().getRole().equals("multi-b"), TIMEOUT);

            assertThat(a.getAgentId()).as("one offer per agent").isNotEqualTo(b.getAgentId());
            assertThat(cpus(a)).as("multi-a's limit").isEqualTo(1.0);
            assertThat(cpus(b)).as("multi-b has no quota").isGreaterThan(1.0);
            assertThat(b.getResourcesList()).allSatisfy(resource ->
                    assertThat(resource.getAllocationInfo().getRole()).isEqualTo("multi-b"));
        } finally {
            MasterHttp.operatorCall(bridge.url(), "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{"
                    + "\"quota_configs\":[{\"role\":\"multi-a\"}]}}");
        }
    }

    private static double cpus(Protos.Offer offer) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    /** What the framework's outstanding (not rescinded, not yet used) offers hold of a resource. */
    private static double offered(TestScheduler framework, String name) {
        double sum = 0;
        for (Event event : framework.events()) {
            if (event.getType() != Event.Type.OFFERS) {
                continue;
            }
            for (Protos.Offer offer : event.getOffers().getOffersList()) {
                boolean rescinded = framework.events().stream().anyMatch(e -> e.getType() == Event.Type.RESCIND
                        && e.getRescind().getOfferId().equals(offer.getId()));
                if (!rescinded) {
                    for (Protos.Resource resource : offer.getResourcesList()) {
                        sum += resource.getName().equals(name) ? resource.getScalar().getValue() : 0;
                    }
                }
            }
        }
        return sum;
    }

    private static int offerCount(TestScheduler framework) {
        return framework.events().stream().filter(e -> e.getType() == Event.Type.OFFERS)
                .mapToInt(e -> e.getOffers().getOffersCount()).sum();
    }
}

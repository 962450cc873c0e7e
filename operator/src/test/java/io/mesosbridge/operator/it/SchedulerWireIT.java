package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Details of the scheduler API's events that clients rely on: the first heartbeat, and the URL in every offer. */
@WithRealCluster
class SchedulerWireIT {

    private static final String NAMESPACE = "it-wire";
    private static final String NODE = "wire-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(NODE));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    /**
     * Master::addFramework starts the framework's heartbeater without a delay: its first HEARTBEAT follows
     * SUBSCRIBED at once, the next ones every 15 s. The framework subscribes with its role suppressed, so no offer
     * can come in between.
     */
    @Test
    void theSecondEventOfAFreshStreamIsAHeartbeatWithinTwoSeconds() throws Exception {
        for (String type : List.of(MediaTypes.JSON, MediaTypes.PROTOBUF)) {
            try (TestScheduler scheduler = new TestScheduler(bridge.url(), type)) {
                scheduler.subscribe(TestScheduler.frameworkInfo("heartbeat-" + type).build(), List.of("*"));
                long deadline = scheduler.arrivalNanos().get(0) + Duration.ofSeconds(2).toNanos();
                while (scheduler.events().size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }

                List<Event> events = scheduler.events();
                assertThat(events).extracting(Event::getType)
                        .as("the events of a fresh %s stream within 2 s of SUBSCRIBED", type)
                        .startsWith(Event.Type.SUBSCRIBED, Event.Type.HEARTBEAT);
                List<Long> arrivals = scheduler.arrivalNanos();
                assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0)))
                        .as("time from SUBSCRIBED to the first HEARTBEAT").isLessThanOrEqualTo(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Master::offer gives every offer the URL of the agent's HTTP API: scheme "http", address {hostname, ip, port}
     * of the agent's pid (slave(1)@ip:5051 here, ip being the node's InternalIP) and path "/" + the pid's id.
     */
    @Test
    void everyOfferCarriesTheUrlOfItsAgentAsMasterOfferBuildsIt(RealCluster cluster) throws Exception {
        Node node = cluster.client().nodes().withName(NODE).get();
        String internalIp = node.getStatus().getAddresses().stream()
                .filter(address -> "InternalIP".equals(address.getType())).map(NodeAddress::getAddress)
                .findFirst().orElseThrow(() -> new AssertionError("node " + NODE + " has no InternalIP: "
                        + node.getStatus().getAddresses()));
        for (String type : List.of(MediaTypes.JSON, MediaTypes.PROTOBUF)) {
            try (TestScheduler scheduler = new TestScheduler(bridge.url(), type)) {
                scheduler.subscribe(TestScheduler.frameworkInfo("url-" + type).build());
                Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);

                assertThat(offer.hasUrl()).as("%s offer %s has a url", type, offer.getId().getValue()).isTrue();
                Protos.URL url = offer.getUrl();
                assertThat(url.getScheme()).as("url.scheme").isEqualTo("http");
                assertThat(url.getAddress().getHostname()).as("url.address.hostname").isEqualTo(NODE);
                assertThat(url.getAddress().getIp()).as("url.address.ip (the node's InternalIP)").isEqualTo(internalIp);
                assertThat(url.getAddress().getPort()).as("url.address.port").isEqualTo(5051);
                assertThat(url.getPath()).as("url.path").isEqualTo("/slave(1)");
            }
        }
    }
}

package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code /metrics/snapshot} against the real cluster, read by the seed's own monitoring script (Python, requests)
 * and by Java: the agents and capacity it reports are the cluster's Ready nodes and their allocatable resources,
 * and a task launched through the scheduler API shows as running, holding its cpus and memory.
 */
@WithRealCluster
class MasterStateIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String NAMESPACE = "it-master-state";
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);
    private static BridgeProcess bridge;
    private static RealCluster cluster;
    private static String realNode;

    @BeforeAll
    static void startBridge(RealCluster realCluster) {
        cluster = realCluster;
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of());
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void theSeedsMonitoringScriptReportsTheClustersReadyNodesAndTheirAllocatableCapacity() throws Exception {
        // Other tests may add or remove kwok nodes meanwhile: compare against the cluster read just before and just
        // after the script, and retry until a run sees a stable cluster.
        String output = null;
        Capacity expected = null;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Capacity before = Capacity.of(cluster);
            output = MasterHttp.runMonitorScript(cluster.repositoryRoot(), "127.0.0.1:" + bridge.port());
            Capacity after = Capacity.of(cluster);
            if (before.equals(after) && matches(output, before)) {
                expected = before;
                break;
            }
            Thread.sleep(1000);
        }
        System.out.println(output);
        assertThat(expected).as("the script's figures never matched the cluster; last output:\n" + output).isNotNull();
        assertThat(output).contains("=== Status do Cluster Mesos ===");
        assertThat(number(output, "Slaves Ativos: ([0-9.]+)")).isEqualTo(expected.activeNodes());
        assertThat(number(output, "CPU Utilização: [0-9.]+/([0-9.]+)")).isCloseTo(expected.cpus(), within(1e-6));
        assertThat(number(output, "Memória Utilização: [0-9]+MB/([0-9]+)MB"))
                .isCloseTo(expected.memMiB(), within(0.5 + 1e-9));

        JsonNode metrics = MasterHttp.await(bridge.url(), "/metrics/snapshot",
                m -> m.get("master/slaves_active").asDouble() == Capacity.of(cluster).activeNodes()
                        && m.get("allocator/mesos/allocation_runs").asDouble() > 0, TIMEOUT);
        Capacity now = Capacity.of(cluster);
        assertThat(metrics.get("master/slaves_active").isDouble()).as("Mesos prints doubles").isTrue();
        assertThat(metrics.get("master/slaves_active").asDouble()).isEqualTo(now.activeNodes());
        assertThat(metrics.get("master/cpus_total").asDouble()).isCloseTo(now.cpus(), within(1e-6));
        assertThat(metrics.get("master/mem_total").asDouble()).isCloseTo(now.memMiB(), within(1e-3));
        assertThat(metrics.get("master/elected").asDouble()).isEqualTo(1.0);
        assertThat(metrics.get("master/uptime_secs").asDouble()).isPositive();
        assertThat(metrics.get("allocator/mesos/allocation_runs").asDouble()).isPositive();
    }

    @Test
    void aRunningTaskIsCountedAndItsCpusAndMemoryAreUsedUntilItIsKilled() throws Exception {
        double cpus = 0.2;
        double mem = 48;
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("metrics").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            assertThat(scheduler.launch(offer, TestScheduler.commandTask("counted", offer, "sleep 600", cpus, mem)
                    .build()).statusCode()).isEqualTo(202);
            scheduler.awaitState("counted", TaskState.TASK_RUNNING, TIMEOUT);

            JsonNode metrics = MasterHttp.await(bridge.url(), "/metrics/snapshot",
                    m -> m.get("master/tasks_running").asDouble() == 1.0, TIMEOUT);
            assertThat(metrics.get("master/tasks_running").asDouble()).isEqualTo(1.0);
            assertThat(metrics.get("master/tasks_staging").asDouble()).isEqualTo(0.0);
            assertThat(metrics.get("master/cpus_used").asDouble()).isCloseTo(cpus, within(1e-9));
            assertThat(metrics.get("master/mem_used").asDouble()).isCloseTo(mem, within(1e-9));
            assertThat(metrics.get("master/cpus_percent").asDouble())
                    .isCloseTo(cpus / metrics.get("master/cpus_total").asDouble(), within(1e-9));
            assertThat(metrics.get("master/frameworks_active").asDouble()).isEqualTo(1.0);
            assertThat(metrics.get("master/frameworks_connected").asDouble()).isEqualTo(1.0);

            String output = MasterHttp.runMonitorScript(cluster.repositoryRoot(), "127.0.0.1:" + bridge.port());
            System.out.println(output);
            assertThat(output).contains("Tarefas Executando: 1.0").contains("Frameworks Ativos: 1.0");
            assertThat(number(output, "CPU Utilização: ([0-9.]+)/")).isCloseTo(cpus, within(1e-9));
            assertThat(output).contains("Memória Utilização: 48MB/");

            // the bridge's own Prometheus metrics: the launch was timed from ACCEPT to RUNNING
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String prometheus = MasterHttp.getText(bridge.url(), "/q/metrics");
            while (!(MasterHttp.prometheus(prometheus, "mesos_bridge_accept_to_running_seconds_count") >= 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
                prometheus = MasterHttp.getText(bridge.url(), "/q/metrics");
            }
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_accept_to_running_seconds_count"))
                    .isEqualTo(1.0);
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_accept_to_running_seconds_sum"))
                    .isPositive().isLessThan(TIMEOUT.toSeconds() + 1.0);
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_subscribers")).isEqualTo(1.0);
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_offer_cycle_seconds_count")).isPositive();
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_allocation_runs_total")).isPositive();
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_pending_acknowledgements")).isNotNaN();
            assertThat(MasterHttp.prometheus(prometheus, "mesos_bridge_stream_queue_depth")).isNotNaN();

            assertThat(scheduler.kill("counted").statusCode()).isEqualTo(202);
            scheduler.awaitState("counted", TaskState.TASK_KILLED, TIMEOUT);
            JsonNode after = MasterHttp.await(bridge.url(), "/metrics/snapshot",
                    m -> m.get("master/tasks_running").asDouble() == 0.0
                            && m.get("master/tasks_killed").asDouble() >= 1.0, TIMEOUT);
            assertThat(after.get("master/tasks_running").asDouble()).isEqualTo(0.0);
            assertThat(after.get("master/tasks_killed").asDouble()).isEqualTo(1.0);
            assertThat(after.get("master/cpus_used").asDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void everyReadOnlyEndpointAnswersUnderEachOfItsNamesAndNoOther() throws Exception {
        for (String name : List.of("state", "state.json", "state-summary", "slaves", "frameworks", "tasks",
                "tasks.json", "roles", "flags")) {
            for (String path : List.of("/" + name, "/master/" + name)) {
                assertThat(MasterHttp.get(bridge.url(), path).isObject()).as(path).isTrue();
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/masterstate", "/master/statex", "/master/slaves.json", "/master/master/state")) {
            assertThat(http.send(HttpRequest.newBuilder(bridge.url().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aFollowerRedirectsTheStateEndpointsToTheLeaderButAnswersMetricsAsNotElected() throws Exception {
        BridgeProcess follower = BridgeProcess.startFollower(cluster, NAMESPACE, Map.of());
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/master/state", "/state.json", "/master/tasks?limit=5&order=asc",
                    "/master/frameworks", "/master/slaves", "/master/state-summary", "/master/roles",
                    "/master/flags")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(follower.url().resolve(path)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(307);
                assertThat(answer.headers().firstValue("Location")).as(path).hasValueSatisfying(location ->
                        assertThat(location).startsWith("//").endsWith(":" + bridge.port() + path));
            }
            JsonNode metrics = MasterHttp.get(follower.url(), "/metrics/snapshot");
            assertThat(metrics.get("master/elected").asDouble()).isEqualTo(0.0);
            assertThat(MasterHttp.get(bridge.url(), "/metrics/snapshot").get("master/elected").asDouble())
                    .isEqualTo(1.0);
        } finally {
            follower.stop();
        }
    }

    private static boolean matches(String output, Capacity expected) {
        try {
            return number(output, "Slaves Ativos: ([0-9.]+)") == expected.activeNodes()
                    && Math.abs(number(output, "CPU Utilização: [0-9.]+/([0-9.]+)") - expected.cpus()) < 1e-6
                    && Math.abs(number(output, "Memória Utilização: [0-9]+MB/([0-9]+)MB") - expected.memMiB()) <= 0.5 + 1e-9;
        } catch (AssertionError unparsable) {
            return false;
        }
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("/" + regex + "/ in:\n" + text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** What the cluster says: Ready nodes that take work, and the allocatable cpu and memory of the Ready nodes. */
    private record Capacity(double activeNodes, double cpus, double memMiB) {
        static Capacity of(RealCluster cluster) {
            int active = 0;
            BigDecimal cpus = BigDecimal.ZERO;
            BigDecimal mem = BigDecimal.ZERO;
            for (Node node : cluster.client().nodes().list().getItems()) {
                if (!RealCluster.isReady(node)) {
                    continue;
                }
                if (!Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                    active++;
                }
                Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
                cpus = cpus.add(allocatable.get("cpu").getNumericalAmount());
                mem = mem.add(allocatable.get("memory").getNumericalAmount().divide(MIB, java.math.MathContext.DECIMAL64));
            }
            return new Capacity(active, cpus.doubleValue(), mem.doubleValue());
        }
    }
}

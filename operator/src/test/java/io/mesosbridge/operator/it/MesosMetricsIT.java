package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics/snapshot} has the names of a Mesos 1.11 master and counts what happened: messages, status updates
 * and acknowledgements, task ends, and the per-framework calls, events and offers (its own bridge, so that nothing
 * else is counted).
 */
@WithRealCluster
class MesosMetricsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static BridgeProcess bridge;
    private static String realNode;

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, "it-mesos-metrics", Map.of());
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void metricsCarryTheMesosMasterNamesAndCountWhatHappened() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("counted").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("counted-1", offer, "true", 0.05, 16).build());
            scheduler.awaitState("counted-1", TaskState.TASK_FINISHED, TIMEOUT);
            String framework = "master/frameworks/counted/" + scheduler.frameworkId() + "/";

            JsonNode m = MasterHttp.await(bridge.url(), "/metrics/snapshot",
                    s -> s.path("master/valid_status_update_acknowledgements").asDouble() >= 2
                            && s.path(framework + "tasks/terminal/task_finished").asDouble() >= 1, TIMEOUT);

            assertThat(m.size()).as("Telegraf's mesos input knows 124 master names").isGreaterThan(120);
            assertThat(m.get("master/messages_register_framework").asDouble()).isGreaterThanOrEqualTo(1);
            assertThat(m.get("master/messages_launch_tasks").asDouble()).isGreaterThanOrEqualTo(1);
            assertThat(m.get("master/valid_status_updates").asDouble()).isGreaterThanOrEqualTo(2);
            assertThat(m.get("master/messages_status_update_acknowledgement").asDouble()).isGreaterThanOrEqualTo(2);
            assertThat(m.get("master/tasks_finished").asDouble()).isGreaterThanOrEqualTo(1);
            assertThat(m.get("master/slave_registrations").asDouble()).as("the nodes seen").isGreaterThanOrEqualTo(1);
            assertThat(m.get(framework + "subscribed").asDouble()).isEqualTo(1.0);
            assertThat(m.get(framework + "calls/accept").asDouble()).isEqualTo(1.0);
            assertThat(m.get(framework + "events/subscribed").asDouble()).isEqualTo(1.0);
            assertThat(m.get(framework + "offers/accepted").asDouble()).isEqualTo(1.0);
            assertThat(m.get(framework + "tasks/terminal/task_finished").asDouble()).isEqualTo(1.0);
            assertThat(m.get("system/cpus_total").asDouble()).isPositive();
            assertThat(m.get("system/mem_total_bytes").asDouble()).isPositive();
            assertThat(m.has("system/load_1min")).isTrue();
            assertThat(m.get("allocator/mesos/allocation_runs").asDouble()).isPositive();
            assertThat(m.get("allocator/mesos/allocation_run_ms/count").asDouble()).isGreaterThanOrEqualTo(2);
            assertThat(m.has("allocator/mesos/roles/*/shares/dominant")).isTrue();
            for (String name : List.of("master/dropped_messages", "master/event_queue_messages",
                    "master/event_queue_dispatches", "master/event_queue_http_requests",
                    "master/operator_event_stream_subscribers", "master/invalid_status_updates",
                    "master/cpus_revocable_total", "master/slave_reregistrations", "master/recovery_slave_removals")) {
                assertThat(m.has(name)).as(name).isTrue();
            }
        }
    }
}

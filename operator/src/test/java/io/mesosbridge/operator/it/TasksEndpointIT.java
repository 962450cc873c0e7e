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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /tasks} and {@code /master/tasks} page as Master::ReadOnlyHandler::tasks does: {@code limit} (default 100;
 * read into a size_t, so {@code -1}, which the Apache Mesos CLI always sends, means no limit), {@code offset}, and
 * {@code order} ({@code asc}, else descending by the timestamp of each task's first status).
 */
@WithRealCluster
class TasksEndpointIT {

    private static final String NAMESPACE = "it-tasks-endpoint";
    private static final String NODE = "tasks-endpoint-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Launched one after the other, so their first statuses are in this order. */
    private static final List<String> TASKS = List.of("first", "second", "third");
    private static BridgeProcess bridge;
    private static TestScheduler scheduler;

    @BeforeAll
    static void launchThreeTasks(RealCluster cluster) throws Exception {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(NODE));
        scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON);
        scheduler.subscribe(TestScheduler.frameworkInfo("tasks-endpoint").build());
        List<String> used = new ArrayList<>();
        for (String task : TASKS) {
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE)
                    && !used.contains(o.getId().getValue()), TIMEOUT);
            used.add(offer.getId().getValue());
            assertThat(scheduler.launch(offer, TestScheduler.commandTask(task, offer, "sleep 3600", 0.1, 32).build())
                    .statusCode()).isEqualTo(202);
            scheduler.awaitState(task, TaskState.TASK_RUNNING, TIMEOUT);
            Thread.sleep(1100);
        }
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) throws Exception {
        scheduler.close();
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    @Test
    void limitMinusOneListsEveryTask() throws Exception {
        for (String path : List.of("/tasks", "/master/tasks")) {
            assertThat(ids(path + "?limit=-1")).as("GET %s?limit=-1", path)
                    .containsExactly("third", "second", "first");
            assertThat(ids(path + "?limit=-1&order=asc")).as("GET %s?limit=-1&order=asc", path)
                    .containsExactly("first", "second", "third");
        }
    }

    @Test
    void limitAndOffsetSelectAPageOfTheTasksInDescendingOrder() throws Exception {
        for (String path : List.of("/tasks", "/master/tasks")) {
            assertThat(ids(path + "?limit=1&offset=1")).as("GET %s?limit=1&offset=1", path)
                    .containsExactly("second");
            assertThat(ids(path + "?limit=2")).as("GET %s?limit=2", path).containsExactly("third", "second");
            assertThat(ids(path + "?offset=2")).as("GET %s?offset=2", path).containsExactly("first");
        }
    }

    @Test
    void orderAscListsTheOldestFirstAndTheDefaultIsDescending() throws Exception {
        for (String path : List.of("/tasks", "/master/tasks")) {
            assertThat(ids(path + "?order=asc")).as("GET %s?order=asc", path)
                    .containsExactly("first", "second", "third");
            assertThat(ids(path)).as("GET %s", path).containsExactly("third", "second", "first");
            assertThat(ids(path + "?order=desc")).as("GET %s?order=desc", path)
                    .containsExactly("third", "second", "first");
        }
    }

    private static List<String> ids(String pathAndQuery) throws Exception {
        JsonNode answer = MasterHttp.get(bridge.url(), pathAndQuery);
        List<String> ids = new ArrayList<>();
        answer.path("tasks").forEach(task -> ids.add(task.path("id").asText()));
        return ids;
    }
}

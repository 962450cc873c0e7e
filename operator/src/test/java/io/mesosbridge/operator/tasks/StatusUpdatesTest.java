package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.store.MesosTaskFixture;
import io.mesosbridge.operator.store.WriteCountingTaskStore;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusUpdatesTest {

    private static final String NAME = TaskNames.objectName("fw", "t");

    private final WriteCountingTaskStore store = new WriteCountingTaskStore();
    private final StatusUpdates updates = new StatusUpdates(store, config(), new FrameworkRegistry(null, config()),
            new CompletedTasks(10, 10), new MasterCounters(), null);

    @Test
    void aPodSeenRunningIsToldStartingThenRunningInOneWriteWithItsPodsName() {
        MesosTask task = store.created(task());

        updates.record(task, NAME, List.of(observed(TaskState.TASK_STARTING), observed(TaskState.TASK_RUNNING)));

        assertThat(store.statusWrites()).hasSize(1);
        MesosTask written = store.statusWrites().get(0);
        assertThat(written.getStatus().getPodName()).isEqualTo(NAME);
        assertThat(written.getStatus().getState()).isEqualTo("TASK_RUNNING");
        assertThat(states(written)).containsExactly("TASK_STARTING", "TASK_RUNNING");
    }

    @Test
    void aStateAlreadyToldIsNotWrittenAgain() {
        MesosTask task = store.created(task());
        updates.record(task, NAME, List.of(observed(TaskState.TASK_STARTING), observed(TaskState.TASK_RUNNING)));

        assertThat(updates.record(task, null, List.of(observed(TaskState.TASK_RUNNING)))).isEmpty();
        assertThat(store.statusWrites()).hasSize(1);
    }

    @Test
    void acknowledgementsAreWrittenWithTheNextStatusAndTheTerminalOneOnlyDeletesTheTask() {
        MesosTask task = store.created(task());
        updates.record(task, NAME, List.of(observed(TaskState.TASK_STARTING), observed(TaskState.TASK_RUNNING)));

        updates.acknowledge("fw", "t", uuidOfHead());
        assertThat(store.statusWrites()).as("an acknowledgement alone writes nothing").hasSize(1);
        assertThat(states(store.byName(NAME).orElseThrow())).containsExactly("TASK_RUNNING");

        updates.record(store.byName(NAME).orElseThrow(), null, List.of(observed(TaskState.TASK_FINISHED)));
        assertThat(store.statusWrites()).hasSize(2);
        assertThat(states(store.statusWrites().get(1)))
                .as("the acknowledged STARTING left with this write").containsExactly("TASK_RUNNING", "TASK_FINISHED");

        updates.acknowledge("fw", "t", uuidOfHead());
        updates.acknowledge("fw", "t", uuidOfHead());
        assertThat(store.statusWrites()).hasSize(2);
        assertThat(store.deleted()).containsExactly(NAME);
        assertThat(store.byName(NAME)).isEmpty();
    }

    @Test
    void onlyTheHeadUpdateCanBeAcknowledged() {
        MesosTask task = store.created(task());
        updates.record(task, NAME, List.of(observed(TaskState.TASK_STARTING), observed(TaskState.TASK_RUNNING)));
        String running = store.byName(NAME).orElseThrow().getStatus().getPendingUpdates().get(1).getUuid();

        updates.acknowledge("fw", "t", ByteString.copyFrom(Base64.getDecoder().decode(running)));

        assertThat(states(store.byName(NAME).orElseThrow())).containsExactly("TASK_STARTING", "TASK_RUNNING");
    }

    private ByteString uuidOfHead() {
        return ByteString.copyFrom(Base64.getDecoder().decode(
                store.byName(NAME).orElseThrow().getStatus().getPendingUpdates().get(0).getUuid()));
    }

    private static List<String> states(MesosTask task) {
        return task.getStatus().getPendingUpdates().stream().map(MesosTaskStatus.StatusUpdateRecord::getState)
                .toList();
    }

    private static ObservedTaskState observed(TaskState state) {
        return ObservedTaskState.of(state, TaskStatus.Source.SOURCE_EXECUTOR, null);
    }

    private static MesosTask task() {
        MesosTask task = MesosTaskFixture.task(null, false);
        try {
            task.getSpec().setTaskInfo(new ObjectMapper().readTree(
                    "{\"name\": \"t\", \"task_id\": {\"value\": \"t\"}, \"agent_id\": {\"value\": \"a\"}}"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        task.setStatus(null);
        task.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace("mesos").withUid("uid-1").build());
        return task;
    }

    private static BridgeConfig config() {
        return (BridgeConfig) Proxy.newProxyInstance(BridgeConfig.class.getClassLoader(),
                new Class<?>[] {BridgeConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "updateRetryInitialMillis" -> 1000L;
                    case "maxCompletedFrameworks", "maxFrameworks", "maxSubscriptionsPerPrincipal" -> 10;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aNewStateIsNews() {
        assertThat(StatusUpdates.isNews(null, TaskState.TASK_STARTING)).isTrue();
        assertThat(StatusUpdates.isNews("TASK_STAGING", TaskState.TASK_RUNNING)).isTrue();
        assertThat(StatusUpdates.isNews("TASK_RUNNING", TaskState.TASK_KILLED)).isTrue();
        assertThat(StatusUpdates.isNews("TASK_UNREACHABLE", TaskState.TASK_RUNNING)).isTrue();
    }

    @Test
    void theStateStoredLastIsNotToldAgain() {
        assertThat(StatusUpdates.isNews("TASK_RUNNING", TaskState.TASK_RUNNING)).isFalse();
        assertThat(StatusUpdates.isNews("TASK_KILLED", TaskState.TASK_KILLED)).isFalse();
    }

    @Test
    void nothingFollowsATerminalState() {
        assertThat(StatusUpdates.isNews("TASK_FINISHED", TaskState.TASK_FAILED)).isFalse();
        assertThat(StatusUpdates.isNews("TASK_KILLED", TaskState.TASK_RUNNING)).isFalse();
    }
}

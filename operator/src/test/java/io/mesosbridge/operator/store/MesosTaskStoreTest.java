package io.mesosbridge.operator.store;

import java.util.Map;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.conventions.RoleNamespaces;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mesosbridge.operator.store.MesosTaskFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

/** The task store's model: the newest version seen of each task, from the informer or its own writes. */
class MesosTaskStoreTest {

    private final MesosTaskStore store = new MesosTaskStore(null, new TaskNamespaces(null, RoleNamespaces.single("mesos"), true, Map.of()));
    private final List<String> heard = new ArrayList<>();

    MesosTaskStoreTest() {
        store.addListener((before, after) -> heard.add(version(before) + " -> " + version(after)));
    }

    @Test
    void aNewerVersionReplacesTheOneKnownAndAnOlderOneArrivingLateIsIgnored() {
        store.observed(version("uid-1", "10", "TASK_STAGING"));
        store.observed(version("uid-1", "12", "TASK_RUNNING"));
        store.observed(version("uid-1", "11", "TASK_STARTING"));

        assertThat(MesosTaskStore.stateOf(store.byName("mt-1").orElseThrow())).hasToString("TASK_RUNNING");
        assertThat(heard).containsExactly("none -> 10", "10 -> 12");
    }

    @Test
    void theSameVersionTwiceIsOneChange() {
        store.observed(version("uid-1", "10", "TASK_STAGING"));
        store.observed(version("uid-1", "10", "TASK_STAGING"));

        assertThat(heard).containsExactly("none -> 10");
    }

    @Test
    void aTaskIsFoundByFrameworkAndByNode() {
        store.observed(version("uid-1", "10", "TASK_STAGING"));

        assertThat(store.find("fw", "t")).isEmpty();
        assertThat(store.ofFramework("fw")).extracting(t -> t.getMetadata().getName()).containsExactly("mt-1");
        assertThat(store.onNode("n1")).hasSize(1);
        assertThat(store.onNode("n2")).isEmpty();
    }

    @Test
    void aTaskIsFoundByItsOwnIdsOnly() {
        MesosTask victim = version("uid-1", "10", "TASK_RUNNING");
        victim.getMetadata().setName(TaskNames.objectName("fw", "t"));
        store.observed(victim);

        assertThat(store.find("fw", "t")).containsSame(victim);
        assertThat(store.find("other", "t")).isEmpty();
    }

    @Test
    void anObjectWhoseNameAnotherPairOfIdsMapsToIsNotThatPairsTask() {
        // as if ("fw\0x", "t") and ("fw", "x\0t") had the same name, as they did when the ids were joined by a NUL
        MesosTask victim = version("uid-1", "10", "TASK_RUNNING");
        victim.getSpec().setFrameworkId("fw\u0000x");
        victim.getMetadata().setName(TaskNames.objectName("fw", "x\u0000t"));
        store.observed(victim);

        assertThat(store.byName(TaskNames.objectName("fw", "x\u0000t"))).isPresent();
        assertThat(store.find("fw", "x\u0000t")).isEmpty();
    }

    @Test
    void aDeletedTaskIsGoneAndStaysGoneWhateverTheInformerStillDelivers() {
        store.observed(version("uid-1", "10", "TASK_RUNNING"));

        store.observedDeletion(version("uid-1", "11", "TASK_RUNNING"));
        assertThat(store.byName("mt-1")).isEmpty();
        assertThat(store.ofFramework("fw")).isEmpty();
        assertThat(heard).containsExactly("none -> 10", "10 -> none");
    }

    @Test
    void theDeletionOfAnEarlierTaskOfTheSameNameDoesNotRemoveItsSuccessor() {
        store.observed(version("uid-2", "20", "TASK_STAGING"));

        store.observedDeletion(version("uid-1", "15", "TASK_FINISHED"));

        assertThat(store.byName("mt-1")).isPresent();
    }

    @Test
    void aTaskGroupsExecutorIsCountedOnceWithItsFirstTaskStillThereUntilTheLastIsGone() throws Exception {
        MesosTask a = member("a");
        MesosTask b = member("b");
        store.observed(a);
        store.observed(b);

        assertThat(MesosTaskStore.executorIdOf(a)).isEqualTo("default");
        assertThat(MesosTaskStore.podNameOf(a)).isEqualTo("me-group");
        assertThat(store.executorResources(a).scalar("cpus")).isEqualTo(0.1);
        assertThat(store.executorResources(b).isEmpty()).isTrue();

        store.observedDeletion(a);

        assertThat(store.executorResources(b).scalar("cpus")).isEqualTo(0.1);
        assertThat(MesosTaskStore.executorIdOf(task("TASK_RUNNING", false))).isNull();
        assertThat(store.executorResources(task("TASK_RUNNING", false)).isEmpty()).isTrue();
    }

    @Test
    void anAcknowledgedUpdateIsGoneFromTheModelAndFromEveryLaterVersionUntilItIsWritten() {
        store.observed(withPending(version("uid-1", "10", "TASK_RUNNING"), "u-starting", "u-running"));

        store.acknowledge(store.byName("mt-1").orElseThrow(), "u-running");
        assertThat(pendingOf(store.byName("mt-1").orElseThrow()))
                .as("only the head can be acknowledged").containsExactly("u-starting", "u-running");

        store.acknowledge(store.byName("mt-1").orElseThrow(), "u-starting");
        assertThat(pendingOf(store.byName("mt-1").orElseThrow())).containsExactly("u-running");

        store.observed(withPending(version("uid-1", "11", "TASK_RUNNING"), "u-starting", "u-running"));
        assertThat(pendingOf(store.byName("mt-1").orElseThrow()))
                .as("a version written before the acknowledgement, seen late").containsExactly("u-running");
        assertThat(heard).containsExactly("none -> 10", "10 -> 10", "10 -> 11");
    }

    private static MesosTask withPending(MesosTask task, String... uuids) {
        task.setStatus(new MesosTaskStatus());
        task.getStatus().setState("TASK_RUNNING");
        for (String uuid : uuids) {
            MesosTaskStatus.StatusUpdateRecord update = new MesosTaskStatus.StatusUpdateRecord();
            update.setUuid(uuid);
            task.getStatus().getPendingUpdates().add(update);
        }
        return task;
    }

    private static List<String> pendingOf(MesosTask task) {
        return task.getStatus().getPendingUpdates().stream().map(MesosTaskStatus.StatusUpdateRecord::getUuid).toList();
    }

    private static MesosTask member(String taskId) throws Exception {
        MesosTask task = task("TASK_RUNNING", false);
        task.setMetadata(new ObjectMetaBuilder().withName(TaskNames.objectName("fw", taskId)).withNamespace("mesos")
                .withUid("uid-" + taskId).withResourceVersion("1").build());
        task.getSpec().setTaskId(taskId);
        task.getSpec().setGroupTaskIds(List.of("a", "b"));
        task.getSpec().setPodName("me-group");
        task.getSpec().setExecutorInfo(new ObjectMapper().readTree(
                "{\"executor_id\": {\"value\": \"default\"}, \"type\": \"DEFAULT\", \"resources\": ["
                        + "{\"name\": \"cpus\", \"type\": \"SCALAR\", \"scalar\": {\"value\": 0.1}}]}"));
        return task;
    }

    private static MesosTask version(String uid, String resourceVersion, String state) {
        MesosTask task = task(state, false);
        task.setMetadata(new ObjectMetaBuilder().withName("mt-1").withNamespace("mesos").withUid(uid)
                .withResourceVersion(resourceVersion).build());
        return task;
    }

    private static String version(MesosTask task) {
        return task == null ? "none" : task.getMetadata().getResourceVersion();
    }
}

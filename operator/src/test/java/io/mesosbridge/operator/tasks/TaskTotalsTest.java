package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.conventions.RoleNamespaces;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskSpec;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.store.MesosTaskStore;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The running totals follow each MesosTask version as the snapshot would count it, with no pass over the tasks. */
class TaskTotalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default executor of the group of tasks "a" and "b" (see {@link #task}). */
    private static final Protos.ExecutorInfo GROUP_EXECUTOR = Protos.ExecutorInfo.newBuilder()
            .setType(Protos.ExecutorInfo.Type.DEFAULT)
            .setExecutorId(Protos.ExecutorID.newBuilder().setValue("group-1"))
            .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
            .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32)).build();

    private final Map<String, MesosTask> stored = new HashMap<>();
    private final MesosTaskStore store = new MesosTaskStore(null,
            new TaskNamespaces(null, RoleNamespaces.single("mesos"), true, Map.of())) {
        @Override
        public Optional<MesosTask> find(String frameworkId, String taskId) {
            return Optional.ofNullable(stored.get(taskId));
        }
    };
    private final TaskTotals totals = new TaskTotals(store);

    @Test
    void countsLiveTasksByStateAndWhatTheyHoldUntilTheyAreTerminal() throws Exception {
        MesosTask one = task("uid-1", "one", "fw", "dev", "n1", "TASK_STAGING", 1, 128, null);
        MesosTask two = task("uid-2", "two", "fw", "", "n2", "TASK_RUNNING", 0.5, 64, null);
        changed(null, one);
        changed(null, two);

        TaskTotals.Sums sums = totals.sums();
        assertThat(sums.byState()).containsOnly(Map.entry(TaskState.TASK_STAGING, 1),
                Map.entry(TaskState.TASK_RUNNING, 1));
        assertThat(sums.byFrameworkState().get("fw")).containsOnlyKeys(TaskState.TASK_STAGING, TaskState.TASK_RUNNING);
        assertThat(sums.heldByNode().get("n1").scalar("cpus")).isEqualTo(1.0);
        assertThat(sums.heldByFramework().get("fw").scalar("mem")).isEqualTo(192.0);
        assertThat(sums.taskHeldByRole()).containsOnlyKeys("dev");
        assertThat(sums.taskHeldWithoutRole().get("fw").scalar("cpus")).as("no role named: the framework's")
                .isEqualTo(0.5);

        MesosTask oneRunning = task("uid-1", "one", "fw", "dev", "n1", "TASK_RUNNING", 1, 128, null);
        changed(one, oneRunning);
        MesosTask oneFailed = task("uid-1", "one", "fw", "dev", "n1", "TASK_FAILED", 1, 128, null);
        changed(oneRunning, oneFailed);

        sums = totals.sums();
        assertThat(sums.byState()).containsOnly(Map.entry(TaskState.TASK_FAILED, 1),
                Map.entry(TaskState.TASK_RUNNING, 1));
        assertThat(sums.heldByNode()).as("a terminal task holds nothing").doesNotContainKey("n1");
        assertThat(sums.heldByFramework().get("fw").scalar("cpus")).isEqualTo(0.5);
        assertThat(sums.taskHeldByRole()).isEmpty();

        changed(oneFailed, null);
        changed(two, null);

        sums = totals.sums();
        assertThat(sums.byState()).isEmpty();
        assertThat(sums.byFrameworkState()).isEmpty();
        assertThat(sums.heldByNode()).isEmpty();
        assertThat(sums.heldByFramework()).isEmpty();
        assertThat(sums.taskHeldWithoutRole()).isEmpty();
    }

    @Test
    void aGroupsExecutorCountsOnceAndMovesToTheNextTaskWhenTheFirstIsGone() throws Exception {
        MesosTask a = task("uid-a", "a", "fw", "dev", "n1", "TASK_RUNNING", 1, 128, GROUP_EXECUTOR);
        MesosTask b = task("uid-b", "b", "fw", "dev", "n1", "TASK_RUNNING", 1, 128, GROUP_EXECUTOR);
        changed(null, a);
        changed(null, b);
        assertThat(totals.sums().heldByNode().get("n1").scalar("cpus")).isEqualTo(2.1);

        changed(a, null);

        assertThat(totals.sums().heldByNode().get("n1").scalar("cpus")).as("the executor counted with b now")
                .isEqualTo(1.1);
        changed(b, null);
        assertThat(totals.sums().heldByNode()).isEmpty();
    }

    @Test
    void whatEachFrameworkHoldsByRoleIsWhatTheAllocatorCountsTasksWithoutARoleHoldForTheFrameworksFirstRole()
            throws Exception {
        MesosTask grouped = task("uid-a", "a", "fw", "dev", "n1", "TASK_RUNNING", 1, 128, GROUP_EXECUTOR);
        MesosTask unnamed = task("uid-u", "u", "fw", "", "n2", "TASK_RUNNING", 0.5, 64, null);
        MesosTask other = task("uid-o", "o", "fw2", "", "n2", "TASK_STAGING", 2, 256, null);
        changed(null, grouped);
        changed(null, unnamed);
        changed(null, other);

        Map<String, Resources> fw = totals.heldByRole("fw", "web");
        assertThat(fw).containsOnlyKeys("dev", "web");
        assertThat(fw.get("dev").scalar("cpus")).as("the task and its group's executor").isEqualTo(1.1);
        assertThat(fw.get("web").scalar("mem")).isEqualTo(64.0);
        Map<String, Resources> all = totals.heldByRole(frameworkId -> frameworkId.equals("fw") ? "web" : "batch");
        assertThat(all).containsOnlyKeys("dev", "web", "batch");
        assertThat(all.get("batch").scalar("cpus")).isEqualTo(2.0);

        MesosTask otherFinished = task("uid-o", "o", "fw2", "", "n2", "TASK_FINISHED", 2, 256, null);
        changed(other, otherFinished);
        assertThat(totals.heldByRole("fw2", "batch")).as("a terminal task holds nothing").isEmpty();
    }

    /** A change as the store reports it: after updating its model. */
    private void changed(MesosTask before, MesosTask after) {
        if (after != null) {
            stored.put(after.getSpec().getTaskId(), after);
        } else {
            stored.remove(before.getSpec().getTaskId());
        }
        totals.taskChanged(before, after);
    }

    private static MesosTask task(String uid, String taskId, String frameworkId, String role, String node,
                                  String state, double cpus, double mem, Protos.ExecutorInfo executor)
            throws Exception {
        Protos.TaskInfo info = Protos.TaskInfo.newBuilder().setName(taskId)
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a-" + node))
                .addResources(Resources.scalar("cpus", cpus)).addResources(Resources.scalar("mem", mem)).build();
        MesosTaskSpec spec = new MesosTaskSpec();
        spec.setFrameworkId(frameworkId);
        spec.setTaskId(taskId);
        spec.setRole(role);
        spec.setNodeName(node);
        spec.setAgentId("a-" + node);
        spec.setTaskInfo(JSON.readTree(MesosJson.print(info)));
        if (executor != null) {
            spec.setExecutorInfo(JSON.readTree(MesosJson.print(executor)));
            spec.setGroupTaskIds(List.of("a", "b"));
        }
        MesosTask task = new MesosTask();
        task.setMetadata(new ObjectMetaBuilder().withName(frameworkId + "-" + taskId).withUid(uid).build());
        task.setSpec(spec);
        MesosTaskStatus status = new MesosTaskStatus();
        status.setState(state);
        task.setStatus(status);
        return task;
    }
}

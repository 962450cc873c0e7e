package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The master's checks of a task before anything of it is created, with the messages a Mesos master gives. */
class TaskValidationTest {

    private static final Resources OFFERED = Resources.of(Resources.scalar("cpus", 2), Resources.scalar("mem", 1024),
            Resources.ranges("ports", 31000, 31010));

    @Test
    void aTaskThatFitsTheOfferPasses() {
        assertThat(check(task("web.1", Resources.scalar("cpus", 1)), "a1")).isEmpty();
    }

    @Test
    void aBadIdIsToldInMesossOwnWordsWithoutPrefix() {
        assertThat(check(task("", Resources.scalar("cpus", 1)), "a1"))
                .hasValue("ID must not be empty");
        assertThat(check(task("..", Resources.scalar("cpus", 1)), "a1"))
                .hasValue("'..' is disallowed");
        assertThat(check(task("a/b", Resources.scalar("cpus", 1)), "a1"))
                .hasValue("'a/b' contains invalid characters");
        assertThat(check(task("x".repeat(256), Resources.scalar("cpus", 1)), "a1"))
                .hasValue("ID must not be greater than 255 characters");
    }

    @Test
    void negativeNanAndReversedResourcesAreInvalidResourcesNamedInTheMessage() {
        assertThat(check(task("t", Resources.scalar("cpus", -1)), "a1")).hasValueSatisfying(
                message -> assertThat(message).startsWith("Task uses invalid resources: Resource 'cpus' is invalid"));
        assertThat(check(task("t", Resources.scalar("mem", Double.NaN)), "a1"))
                .hasValueSatisfying(message -> assertThat(message).contains("'mem' is invalid"));
        Resource reversed = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(31005).setEnd(31000)))
                .build();
        assertThat(check(task("t", reversed), "a1"))
                .hasValueSatisfying(message -> assertThat(message).contains("'ports' is invalid"));
    }

    @Test
    void aTaskMustUseItsOffersAgentAndNoMoreThanTheyHold() {
        assertThat(check(task("t", Resources.scalar("cpus", 1)), "a2"))
                .hasValue("Task uses invalid agent: a1");
        assertThat(check(task("t", Resources.scalar("cpus", 3)), "a1"))
                .hasValueSatisfying(message -> assertThat(message).startsWith("Task uses more resources"));
    }

    @Test
    void aTaskNeedsACommandOrAnExecutorButNotBoth() {
        TaskInfo neither = task("t", Resources.scalar("cpus", 1)).toBuilder().clearCommand().build();
        assertThat(check(neither, "a1"))
                .hasValue("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        assertThat(check(withExecutor(task("t", Resources.scalar("cpus", 1)), customExecutor()), "a1"))
                .hasValue("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
    }

    @Test
    void aCustomExecutorIsCheckedAsMesosChecksIt() {
        TaskInfo task = task("t", Resources.scalar("cpus", 1)).toBuilder().clearCommand().build();

        assertThat(check(withExecutor(task, customExecutor()), "a1")).isEmpty();
        assertThat(check(withExecutor(task, customExecutor().toBuilder().setType(Protos.ExecutorInfo.Type.CUSTOM)
                .build()), "a1")).isEmpty();
        assertThat(check(withExecutor(task, customExecutor().toBuilder().clearFrameworkId().build()), "a1"))
                .hasValue("'ExecutorInfo.framework_id' must be set");
        assertThat(check(withExecutor(task, customExecutor().toBuilder()
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw-2")).build()), "a1"))
                .hasValue("ExecutorInfo has an invalid FrameworkID (Actual: fw-2 vs Expected: fw-1)");
        assertThat(check(withExecutor(task, customExecutor().toBuilder().clearCommand().build()), "a1"))
                .hasValue("'ExecutorInfo.command' must be set");
        assertThat(check(withExecutor(task, customExecutor().toBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
                .build()), "a1")).hasValue("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
        assertThat(check(withExecutor(task, customExecutor().toBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
                .clearCommand().build()), "a1")).hasValue("'ExecutorInfo.type' must be 'CUSTOM'");
        assertThat(check(withExecutor(task, customExecutor().toBuilder()
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("a/b")).build()), "a1"))
                .hasValue("'a/b' contains invalid characters");
    }

    @Test
    void aNewExecutorsResourcesAreAskedForWithItsFirstTaskOnly() {
        TaskInfo task = task("t", Resources.scalar("cpus", 1.5)).toBuilder().clearCommand().build();
        Protos.ExecutorInfo executor = customExecutor().toBuilder().addResources(Resources.scalar("cpus", 1)).build();

        assertThat(check(withExecutor(task, executor), "a1")).hasValueSatisfying(message -> assertThat(message)
                .startsWith("Total resources cpus:2.6 required by task and its executor is more than available"));
        assertThat(TaskValidation.check(withExecutor(task, executor), "a1", OFFERED, "fw-1",
                Optional.of(new RunningExecutor(executor, "a1", "mesos")))).isEmpty();
    }

    @Test
    void anExecutorIdAlreadyRunningTakesOnlyTheSameExecutorInfoOnTheSameAgent() throws Exception {
        TaskInfo task = withExecutor(task("t", Resources.scalar("cpus", 1)).toBuilder().clearCommand().build(),
                customExecutor());
        Protos.ExecutorInfo other = customExecutor().toBuilder().setCommand(CommandInfo.newBuilder()
                .setValue("./other-executor")).build();

        assertThat(TaskValidation.check(task, "a1", OFFERED, "fw-1",
                Optional.of(new RunningExecutor(other, "a1", "mesos"))))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.\n"
                                + "------------------------------------------------------------\n"
                                + "Existing ExecutorInfo:\n")
                        .contains("./other-executor", "./executor"));
        Protos.ExecutorInfo stored = MesosJson.parse(MesosJson.print(customExecutor()),
                Protos.ExecutorInfo.newBuilder()).build();
        assertThat(TaskValidation.check(task, "a1", OFFERED, "fw-1",
                Optional.of(new RunningExecutor(stored, "a1", "mesos"))))
                .as("the same ExecutorInfo, back from its JSON with its defaults spelled out").isEmpty();
        assertThat(TaskValidation.check(task, "a1", OFFERED, "fw-1",
                Optional.of(new RunningExecutor(customExecutor(), "a2", "mesos"))))
                .hasValue("Executor 'e' already runs on agent a2; mesos-bridge runs one executor per ExecutorID of a"
                        + " framework");
    }

    @Test
    void aTaskInfoTooLargeForItsMesosTaskIsRefused() {
        TaskInfo huge = task("t", Resources.scalar("cpus", 1)).toBuilder().setData(
                com.google.protobuf.ByteString.copyFrom(new byte[TaskValidation.MAX_TASK_INFO_BYTES])).build();

        assertThat(check(huge, "a1")).as("a Mesos master would take it").isEmpty();
        assertThat(TaskValidation.sizeError(huge)).hasValueSatisfying(
                message -> assertThat(message).startsWith("TaskInfo is ").endsWith("bytes in JSON; at most 1048576"
                        + " are supported"));
    }

    @Test
    void onlyCpusAndMemTakeALimitAndNoneBelowItsRequest() {
        TaskInfo task = task("t", Resources.scalar("mem", 64));

        assertThat(check(task.toBuilder().putLimits("mem", Value.Scalar.newBuilder().setValue(32)
                .build()).build(), "a1"))
                .hasValue("Task uses invalid resource limits: the 'mem' limit 32.0 is below its request 64.0");
        assertThat(check(task.toBuilder().putLimits("disk", Value.Scalar.newBuilder().setValue(32)
                .build()).build(), "a1"))
                .hasValue("Task uses invalid resource limits: only 'cpus' and 'mem' can have a limit, not 'disk'");
        assertThat(check(task.toBuilder().putLimits("mem", Value.Scalar.newBuilder()
                .setValue(Double.POSITIVE_INFINITY).build()).build(), "a1")).as("no limit").isEmpty();
    }

    private static TaskInfo task(String id, Resource resource) {
        return TaskInfo.newBuilder().setName("t").setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).addResources(resource)
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1")).build();
    }

    private static Optional<String> check(TaskInfo task, String agentId) {
        return TaskValidation.check(task, agentId, OFFERED, "fw-1", Optional.empty());
    }

    private static TaskInfo withExecutor(TaskInfo task, Protos.ExecutorInfo executor) {
        return task.toBuilder().setExecutor(executor).build();
    }

    private static Protos.ExecutorInfo customExecutor() {
        return Protos.ExecutorInfo.newBuilder().setExecutorId(Protos.ExecutorID.newBuilder().setValue("e"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw-1"))
                .setCommand(CommandInfo.newBuilder().setValue("./executor"))
                .addResources(Resources.scalar("cpus", 0.1)).build();
    }
}

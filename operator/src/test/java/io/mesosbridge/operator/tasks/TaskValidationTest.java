package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The master's checks of a task before anything of it is created, with the messages a Mesos master gives. */
class TaskValidationTest {

    private static final Resources OFFERED = Resources.of(Resources.scalar("cpus", 2), Resources.scalar("mem", 1024),
            Resources.ranges("ports", 31000, 31010));

    @Test
    void aTaskThatFitsTheOfferPasses() {
        assertThat(TaskValidation.check(task("web.1", Resources.scalar("cpus", 1)), "a1", OFFERED)).isEmpty();
    }

    @Test
    void aBadIdIsToldInMesossOwnWordsWithoutPrefix() {
        assertThat(TaskValidation.check(task("", Resources.scalar("cpus", 1)), "a1", OFFERED))
                .hasValue("ID must not be empty");
        assertThat(TaskValidation.check(task("..", Resources.scalar("cpus", 1)), "a1", OFFERED))
                .hasValue("'..' is disallowed");
        assertThat(TaskValidation.check(task("a/b", Resources.scalar("cpus", 1)), "a1", OFFERED))
                .hasValue("'a/b' contains invalid characters");
        assertThat(TaskValidation.check(task("x".repeat(256), Resources.scalar("cpus", 1)), "a1", OFFERED))
                .hasValue("ID must not be greater than 255 characters");
    }

    @Test
    void negativeNanAndReversedResourcesAreInvalidResourcesNamedInTheMessage() {
        assertThat(TaskValidation.check(task("t", Resources.scalar("cpus", -1)), "a1", OFFERED)).hasValueSatisfying(
                message -> assertThat(message).startsWith("Task uses invalid resources: Resource 'cpus' is invalid"));
        assertThat(TaskValidation.check(task("t", Resources.scalar("mem", Double.NaN)), "a1", OFFERED))
                .hasValueSatisfying(message -> assertThat(message).contains("'mem' is invalid"));
        Resource reversed = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(31005).setEnd(31000)))
                .build();
        assertThat(TaskValidation.check(task("t", reversed), "a1", OFFERED))
                .hasValueSatisfying(message -> assertThat(message).contains("'ports' is invalid"));
    }

    @Test
    void aTaskMustUseItsOffersAgentAndNoMoreThanTheyHold() {
        assertThat(TaskValidation.check(task("t", Resources.scalar("cpus", 1)), "a2", OFFERED))
                .hasValue("Task uses invalid agent: a1");
        assertThat(TaskValidation.check(task("t", Resources.scalar("cpus", 3)), "a1", OFFERED))
                .hasValueSatisfying(message -> assertThat(message).startsWith("Task uses more resources"));
    }

    @Test
    void aTaskNeedsACommandAndMayNotNameAnExecutorYet() {
        TaskInfo neither = task("t", Resources.scalar("cpus", 1)).toBuilder().clearCommand().build();
        assertThat(TaskValidation.check(neither, "a1", OFFERED))
                .hasValue("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        TaskInfo executor = neither.toBuilder().setExecutor(Protos.ExecutorInfo.newBuilder()
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("e")).setCommand(CommandInfo.newBuilder()
                        .setValue("./executor"))).build();
        assertThat(TaskValidation.check(executor, "a1", OFFERED)).hasValueSatisfying(
                message -> assertThat(message).contains("Custom executors"));
    }

    @Test
    void aTaskInfoTooLargeForItsMesosTaskIsRefused() {
        TaskInfo huge = task("t", Resources.scalar("cpus", 1)).toBuilder().setData(
                com.google.protobuf.ByteString.copyFrom(new byte[TaskValidation.MAX_TASK_INFO_BYTES])).build();

        assertThat(TaskValidation.check(huge, "a1", OFFERED)).as("a Mesos master would take it").isEmpty();
        assertThat(TaskValidation.sizeError(huge)).hasValueSatisfying(
                message -> assertThat(message).startsWith("TaskInfo is ").endsWith("bytes in JSON; at most 1048576"
                        + " are supported"));
    }

    @Test
    void onlyCpusAndMemTakeALimitAndNoneBelowItsRequest() {
        TaskInfo task = task("t", Resources.scalar("mem", 64));

        assertThat(TaskValidation.check(task.toBuilder().putLimits("mem", Value.Scalar.newBuilder().setValue(32)
                .build()).build(), "a1", OFFERED))
                .hasValue("Task uses invalid resource limits: the 'mem' limit 32.0 is below its request 64.0");
        assertThat(TaskValidation.check(task.toBuilder().putLimits("disk", Value.Scalar.newBuilder().setValue(32)
                .build()).build(), "a1", OFFERED))
                .hasValue("Task uses invalid resource limits: only 'cpus' and 'mem' can have a limit, not 'disk'");
        assertThat(TaskValidation.check(task.toBuilder().putLimits("mem", Value.Scalar.newBuilder()
                .setValue(Double.POSITIVE_INFINITY).build()).build(), "a1", OFFERED)).as("no limit").isEmpty();
    }

    private static TaskInfo task(String id, Resource resource) {
        return TaskInfo.newBuilder().setName("t").setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).addResources(resource)
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1")).build();
    }
}

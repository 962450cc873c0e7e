package io.mesosbridge.operator.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A LAUNCH_GROUP is checked as a Mesos master checks it, and refused in its words. */
class TaskGroupValidationTest {

    private static final String AGENT = "agent-1";
    private static final Resources OFFERED = Resources.of(Resources.scalar("cpus", 2), Resources.scalar("mem", 1024),
            Resources.scalar("disk", 1024), Resources.ranges("ports", 31000, 32000));

    @Test
    void aValidGroupPasses() {
        assertThat(check(executor(), task("a"), task("b"))).isEmpty();
    }

    @Test
    void aDefaultExecutorMustHaveNoCommand() {
        ExecutorInfo withCommand = executor().toBuilder().setCommand(CommandInfo.newBuilder().setValue("x")).build();

        assertThat(check(withCommand, task("a"))).contains(
                "'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
    }

    @Test
    void theExecutorMustNameTheFrameworkAndAType() {
        assertThat(check(executor().toBuilder().clearFrameworkId().build(), task("a")))
                .contains("'ExecutorInfo.framework_id' must be set");
        assertThat(check(executor().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("other")).build(),
                task("a"))).contains("ExecutorInfo has an invalid FrameworkID (Actual: other vs Expected: fw-1)");
        assertThat(check(executor().toBuilder().clearType().build(), task("a")))
                .contains("'ExecutorInfo.type' must be set");
    }

    @Test
    void theExecutorNeedsItsMinimumCpusMemoryAndSomeDisk() {
        assertThat(check(executor(Resources.scalar("mem", 32), Resources.scalar("disk", 1)), task("a")))
                .contains("Executor 'default' uses less CPUs (None) than the minimum required (0.01)");
        assertThat(check(executor(Resources.scalar("cpus", 0.1), Resources.scalar("mem", 16),
                Resources.scalar("disk", 1)), task("a")))
                .contains("Executor 'default' uses less memory (16MB) than the minimum required (32MB)");
        assertThat(check(executor(Resources.scalar("cpus", 0.1), Resources.scalar("mem", 32)), task("a")))
                .contains("Executor 'default' uses no disk");
    }

    @Test
    void anInvalidTaskRefusesTheGroupNamingTheTask() {
        TaskInfo docker = task("b").toBuilder().setContainer(ContainerInfo.newBuilder()
                .setType(ContainerInfo.Type.DOCKER)).build();

        assertThat(check(executor(), task("a"), docker))
                .contains("Task 'b' is invalid: Docker ContainerInfo is not supported on the task");
        assertThat(check(executor(), task("a"), task("a")))
                .contains("Task 'a' is invalid: Task has duplicate ID: a");
        assertThat(check(executor(), task("a"), task("b").toBuilder()
                .setAgentId(AgentID.newBuilder().setValue("elsewhere")).build()))
                .contains("Task 'b' is invalid: Task uses invalid agent: elsewhere");
        assertThat(check(executor(), task("a").toBuilder().putLimits("cpus",
                Value.Scalar.newBuilder().setValue(1).build()).build()))
                .contains("Task 'a' is invalid: Resource limits may only be set for tasks within a task group when"
                        + " the 'share_cgroups' field is set to 'false'.");
    }

    @Test
    void aTaskThatNamesAnotherExecutorRefusesTheGroup() {
        TaskInfo other = task("b").toBuilder().setExecutor(executor().toBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue("other"))).build();

        assertThat(check(executor(), task("a"), other))
                .contains("The `ExecutorInfo` of task 'b' is different from executor 'default'");
    }

    @Test
    void theGroupAndItsExecutorMustFitTheOffersTogether() {
        TaskInfo big = task("b").toBuilder().clearResources().addResources(Resources.scalar("cpus", 1.95)).build();

        Optional<String> problem = check(executor(), task("a"), big);

        assertThat(problem).get().asString().startsWith("Total resources ")
                .contains("required by task group and its executor are more than available");
    }

    @Test
    void twoTasksAskingForTheSamePortRefuseTheGroupInMesossWords() {
        TaskInfo a = task("a").toBuilder().addResources(Resources.ranges("ports", 31000, 31000)).build();
        TaskInfo b = task("b").toBuilder().addResources(Resources.ranges("ports", 31000, 31001)).build();

        assertThat(check(executor(), a, b)).contains("There are overlapping resources in the task group's task"
                + " resources [ cpus:0.1; mem:32; ports:[31000-31000], cpus:0.1; mem:32; ports:[31000-31001] ]"
                + " and/or executor resources cpus:0.1; mem:32; disk:10");
        assertThat(check(executor(), a, task("b").toBuilder()
                .addResources(Resources.ranges("ports", 31001, 31001)).build())).isEmpty();
    }

    @Test
    void aTaskAskingForAPortOfItsExecutorRefusesTheGroup() {
        ExecutorInfo withPort = executor().toBuilder().addResources(Resources.ranges("ports", 31005, 31005)).build();
        TaskInfo a = task("a").toBuilder().addResources(Resources.ranges("ports", 31000, 31010)).build();

        assertThat(check(withPort, a)).get().asString()
                .startsWith("There are overlapping resources in the task group's task resources [ ")
                .endsWith(" and/or executor resources cpus:0.1; mem:32; disk:10; ports:[31005-31005]");
    }

    @Test
    void aCustomExecutorRunsAGroupWhenItHasItsCommand() {
        ExecutorInfo custom = executor().toBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setCommand(CommandInfo.newBuilder().setValue("./executor")).build();

        assertThat(check(custom, task("a"))).isEmpty();
        assertThat(check(custom.toBuilder().clearCommand().build(), task("a"))).contains(
                "'ExecutorInfo.command' must be set for 'CUSTOM' executor");
    }

    private static Optional<String> check(ExecutorInfo executor, TaskInfo... tasks) {
        return TaskGroupValidation.check(executor, List.of(tasks), "fw-1", AGENT, OFFERED, Optional.empty());
    }

    private static ExecutorInfo executor() {
        return executor(Resources.scalar("cpus", 0.1), Resources.scalar("mem", 32), Resources.scalar("disk", 10));
    }

    private static ExecutorInfo executor(Resource... resources) {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("default"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .addAllResources(List.of(resources)).build();
    }

    private static TaskInfo task(String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(AGENT))
                .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue("true"))
                .build();
    }
}

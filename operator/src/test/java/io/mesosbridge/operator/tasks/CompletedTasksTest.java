package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Completed tasks are bounded per framework, and so is the number of frameworks whose history is kept. */
class CompletedTasksTest {

    @Test
    void eachFrameworkKeepsItsNewestTasksUpToTheLimit() {
        CompletedTasks completed = new CompletedTasks(2, 10);
        for (int i = 1; i <= 3; i++) {
            completed.add(task("a", "t" + i));
        }
        completed.add(task("b", "t1"));

        assertThat(completed.find("a", "t1")).isEmpty();
        assertThat(completed.find("a", "t3")).isPresent();
        assertThat(completed.find("b", "t1")).isPresent();
        assertThat(completed.all()).extracting(CompletedTasks.CompletedTask::taskId).containsExactly("t3", "t2", "t1");
    }

    @Test
    void theFrameworkThatEndedATaskLeastRecentlyIsForgottenFirst() {
        CompletedTasks completed = new CompletedTasks(5, 2);
        completed.add(task("a", "t1"));
        completed.add(task("b", "t1"));
        completed.add(task("a", "t2"));
        completed.add(task("c", "t1"));

        assertThat(completed.find("b", "t1")).isEmpty();
        assertThat(completed.find("a", "t1")).isPresent();
        assertThat(completed.find("c", "t1")).isPresent();
    }

    private static CompletedTasks.CompletedTask task(String frameworkId, String taskId) {
        return new CompletedTasks.CompletedTask(frameworkId, taskId, "agent", "node", "*",
                TaskInfo.getDefaultInstance(), TaskStatus.getDefaultInstance());
    }
}

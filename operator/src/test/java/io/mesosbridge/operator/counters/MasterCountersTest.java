package io.mesosbridge.operator.counters;

import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.frameworks.Framework;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MasterCountersTest {

    private final MasterCounters counters = new MasterCounters();

    @Test
    void theCountersAMesosMasterCreatesAtStartAreThereAtZero() {
        assertThat(counters.snapshot())
                .containsEntry("master/messages_launch_tasks", 0.0)
                .containsEntry("master/valid_status_updates", 0.0)
                .containsEntry("master/tasks_finished", 0.0)
                .containsEntry("master/slave_registrations", 0.0)
                .containsEntry("allocator/mesos/allocation_runs", 0.0)
                .doesNotContainKey("master/task_failed/source_executor/reason_command_executor_failed");
    }

    @Test
    void aTerminalStateCountsForTheMasterAndItsFrameworkAndItsReasonOnceItHasOne() {
        Framework framework = new Framework("fw", Protos.FrameworkInfo.newBuilder().setUser("u").setName("n").build());

        counters.taskTransition(framework, status(TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
                TaskStatus.Source.SOURCE_AGENT));
        counters.taskTransition(framework, status(TaskState.TASK_FINISHED, null, TaskStatus.Source.SOURCE_EXECUTOR));
        counters.taskTransition(framework, status(TaskState.TASK_RUNNING, null, TaskStatus.Source.SOURCE_EXECUTOR));
        counters.taskTransition(null, status(TaskState.TASK_UNREACHABLE, TaskStatus.Reason.REASON_AGENT_REMOVED,
                TaskStatus.Source.SOURCE_MASTER));

        Map<String, Double> values = counters.snapshot();
        assertThat(values).containsEntry("master/tasks_failed", 1.0).containsEntry("master/tasks_finished", 1.0)
                .containsEntry("master/task_failed/source_agent/reason_container_launch_failed", 1.0)
                .containsEntry("master/task_unreachable/source_master/reason_agent_removed", 1.0);
        assertThat(values.keySet()).noneMatch(name -> name.startsWith("master/task_finished/"));
        assertThat(framework.counts()).containsEntry("tasks/terminal/task_failed", 1L)
                .containsEntry("tasks/terminal/task_finished", 1L).doesNotContainKey("tasks/terminal/task_running");
    }

    @Test
    void aTimerPublishesItsLastValueAndItsStatisticsOnceItHasTwoSamples() {
        counters.time("allocator/mesos/allocation_run_ms", 4.0);
        assertThat(counters.snapshot()).containsEntry("allocator/mesos/allocation_run_ms", 4.0)
                .doesNotContainKey("allocator/mesos/allocation_run_ms/count");

        for (double millis : List.of(1.0, 2.0, 3.0)) {
            counters.time("allocator/mesos/allocation_run_ms", millis);
        }
        assertThat(counters.snapshot()).containsEntry("allocator/mesos/allocation_run_ms", 3.0)
                .containsEntry("allocator/mesos/allocation_run_ms/count", 4.0)
                .containsEntry("allocator/mesos/allocation_run_ms/min", 1.0)
                .containsEntry("allocator/mesos/allocation_run_ms/max", 4.0)
                .containsEntry("allocator/mesos/allocation_run_ms/p50", 2.5);
    }

    @Test
    void gaugesAreReadAtEachSnapshot() {
        int[] subscribers = {2};
        counters.gauge("master/operator_event_stream_subscribers", () -> subscribers[0]);
        assertThat(counters.snapshot()).containsEntry("master/operator_event_stream_subscribers", 2.0);
        subscribers[0] = 0;
        assertThat(counters.snapshot()).containsEntry("master/operator_event_stream_subscribers", 0.0);
    }

    private static TaskStatus status(TaskState state, TaskStatus.Reason reason, TaskStatus.Source source) {
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("t"))
                .setState(state).setSource(source);
        if (reason != null) {
            status.setReason(reason);
        }
        return status.build();
    }
}

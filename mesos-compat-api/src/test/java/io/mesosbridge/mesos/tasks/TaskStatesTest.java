package io.mesosbridge.mesos.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

class TaskStatesTest {

  @Test
  void lostIsTerminalAndTheRunningStatesAreNot() {
    assertThat(TaskStates.isTerminal(TaskState.TASK_LOST)).isTrue();
    assertThat(TaskStates.isTerminal(TaskState.TASK_GONE_BY_OPERATOR)).isTrue();
    assertThat(TaskStates.isTerminal(TaskState.TASK_RUNNING)).isFalse();
    assertThat(TaskStates.isTerminal(TaskState.TASK_KILLING)).isFalse();
    assertThat(TaskStates.isTerminal(TaskState.TASK_UNREACHABLE)).isFalse();
  }

  @Test
  void frameworksThatAreNotPartitionAwareSeeLostForThePartitionStates() {
    for (TaskState state :
        new TaskState[] {
          TaskState.TASK_UNREACHABLE, TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR,
          TaskState.TASK_DROPPED, TaskState.TASK_UNKNOWN
        }) {
      assertThat(TaskStates.shownTo(state, false)).as(state.name()).isEqualTo(TaskState.TASK_LOST);
      assertThat(TaskStates.shownTo(state, true)).as(state.name()).isEqualTo(state);
    }
    assertThat(TaskStates.shownTo(TaskState.TASK_FAILED, false)).isEqualTo(TaskState.TASK_FAILED);
  }
}

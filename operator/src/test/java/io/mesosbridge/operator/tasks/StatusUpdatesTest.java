package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusUpdatesTest {

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

package io.mesosbridge.operator.stateapi;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.state.SnapshotFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedTasksTest {

    private final RenderedTasks rendered = new RenderedTasks();
    private final MasterSnapshot snapshot = SnapshotFixture.snapshot();

    @Test
    void theStateWithKeptTaskTextIsTheStateRenderedAfresh() {
        String afresh = JsonWriter.write(StateJson.state(snapshot, StateJson::task));

        assertThat(JsonWriter.write(StateJson.state(snapshot, rendered))).isEqualTo(afresh);
        assertThat(JsonWriter.write(StateJson.state(snapshot, rendered))).as("the second time, from the kept text")
                .isEqualTo(afresh);
    }

    @Test
    void aViewOfAChangedTaskIsRenderedAgain() {
        TaskView running = snapshot.tasks().get(0);
        TaskView killing = new TaskView(running.task().toBuilder().setState(TaskState.TASK_KILLING).build(),
                running.role());

        assertThat(rendered.apply(running)).isSameAs(rendered.apply(running));
        assertThat(JsonWriter.write(rendered.apply(killing))).contains("\"state\":\"TASK_KILLING\"")
                .isEqualTo(JsonWriter.write(StateJson.task(killing)));
    }
}

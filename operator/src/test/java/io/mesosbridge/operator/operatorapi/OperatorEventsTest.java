package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorEventsTest {

    private static final List<StatusUpdateRecord> HISTORY = List.of(
            record("TASK_STARTING", "u1"), record("TASK_RUNNING", "u2"), record("TASK_FINISHED", "u3"));

    @Test
    void aTaskSeenBeforeReportsOnlyTheUpdatesRecordedSince() {
        assertThat(OperatorEvents.recordsAfter(HISTORY, "u1")).extracting(StatusUpdateRecord::getState)
                .containsExactly("TASK_RUNNING", "TASK_FINISHED");
        assertThat(OperatorEvents.recordsAfter(HISTORY, "u3")).isEmpty();
    }

    @Test
    void aTaskSeenForTheFirstTimeReportsEveryUpdateItAlreadyHas() {
        assertThat(OperatorEvents.recordsAfter(HISTORY, null)).extracting(StatusUpdateRecord::getState)
                .containsExactly("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED");
    }

    @Test
    void anUpdateNoLongerInTheHistoryMeansEveryRecordIsNew() {
        assertThat(OperatorEvents.recordsAfter(HISTORY, "trimmed-away")).hasSize(3);
    }

    private static StatusUpdateRecord record(String state, String uuid) {
        StatusUpdateRecord record = new StatusUpdateRecord();
        record.setState(state);
        record.setUuid(uuid);
        return record;
    }
}

package io.mesosbridge.operator.metrics;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeMetersTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void acceptToRunningIsFromCreationToTheFirstRunningUpdate() {
        MesosTask task = task("TASK_STAGING", "2026-01-01T10:00:00.200Z", "TASK_STARTING", "2026-01-01T10:00:01Z",
                "TASK_RUNNING", "2026-01-01T10:00:02.500Z", "TASK_RUNNING", "2026-01-01T10:00:09Z");

        assertThat(BridgeMeters.acceptToRunning(task, 0)).hasValue(Duration.ofMillis(2500));
    }

    @Test
    void noLatencyBeforeRunningOrForTasksThatRanBeforeTheMasterStarted() {
        assertThat(BridgeMeters.acceptToRunning(task("TASK_STAGING", "2026-01-01T10:00:00.200Z"), 0)).isEmpty();
        MesosTask running = task("TASK_RUNNING", "2026-01-01T10:00:02Z");
        assertThat(BridgeMeters.acceptToRunning(running, CREATED.plusSeconds(60).toEpochMilli())).isEmpty();
        assertThat(BridgeMeters.acceptToRunning(running, CREATED.toEpochMilli())).hasValue(Duration.ofSeconds(2));
    }

    private static MesosTask task(String... statesAndTimes) {
        MesosTask task = new MesosTask();
        task.setMetadata(new ObjectMetaBuilder().withName("t").withUid("u").withCreationTimestamp(CREATED.toString())
                .build());
        MesosTaskStatus status = new MesosTaskStatus();
        for (int i = 0; i < statesAndTimes.length; i += 2) {
            StatusUpdateRecord record = new StatusUpdateRecord();
            record.setState(statesAndTimes[i]);
            record.setTimestamp(statesAndTimes[i + 1]);
            status.getHistory().add(record);
        }
        task.setStatus(status);
        return task;
    }
}

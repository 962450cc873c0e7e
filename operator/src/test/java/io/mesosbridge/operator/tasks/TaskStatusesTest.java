package io.mesosbridge.operator.tasks;

import static io.mesosbridge.operator.pods.PodFixture.pod;
import static io.mesosbridge.operator.pods.PodFixture.running;
import static io.mesosbridge.operator.pods.PodFixture.terminated;
import static io.mesosbridge.operator.pods.PodFixture.withHealthCheck;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.v1.Protos.NetworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.Protos.TaskStatus.Reason;
import io.mesosbridge.mesos.v1.Protos.TaskStatus.Source;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.pods.PodStates;
import io.mesosbridge.operator.pods.TaskPods;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskStatusesTest {

    @Test
    void aTaskStatusCarriesIdsStateSourceReasonAndUuid() {
        UUID uuid = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        ObservedTaskState observed =
                PodStates.observe(pod("Failed", terminated(137, "OOMKilled")), false, false, TaskPods.CONTAINER_NAME);

        TaskStatus status = TaskStatuses.of(observed, "web.1", "agent-S3", null, uuid,
                Instant.ofEpochSecond(1_700_000_000L, 500_000_000));

        assertThat(status.getTaskId().getValue()).isEqualTo("web.1");
        assertThat(status.getAgentId().getValue()).isEqualTo("agent-S3");
        assertThat(status.getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(status.getSource()).isEqualTo(Source.SOURCE_AGENT);
        assertThat(status.getReason()).isEqualTo(Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(status.getMessage()).isEqualTo(observed.message());
        assertThat(status.getTimestamp()).isEqualTo(1_700_000_000.5);
        assertThat(status.getUuid().toByteArray()).containsExactly(
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff);
        assertThat(status.hasHealthy()).isFalse();
    }

    @Test
    void thePodIpGoesWhereMesosReportsContainerAddresses() {
        ObservedTaskState observed =
                PodStates.observe(withHealthCheck(pod("Running", running(true))), false, false, TaskPods.CONTAINER_NAME);

        TaskStatus status = TaskStatuses.of(observed, "web.1", "agent-S3", null, null, Instant.EPOCH);

        assertThat(status.getContainerStatus().getNetworkInfosList()).singleElement().satisfies(network ->
                assertThat(network.getIpAddressesList()).singleElement().satisfies(address -> {
                    assertThat(address.getIpAddress()).isEqualTo("10.244.1.7");
                    assertThat(address.getProtocol()).isEqualTo(NetworkInfo.Protocol.IPv4);
                }));
        assertThat(status.getContainerStatus().hasExecutorPid()).isFalse();
        assertThat(status.getHealthy()).isTrue();
    }

    @Test
    void aMasterGeneratedStatusHasNoUuidNoExecutorAndNoContainerStatus() {
        TaskStatus status = TaskStatuses.of(PodStates.observe(null, false, false, TaskPods.CONTAINER_NAME),
                "web.1", "agent-S3", null, null, Instant.EPOCH);

        assertThat(status.getState()).isEqualTo(TaskState.TASK_STAGING);
        assertThat(status.hasUuid()).isFalse();
        assertThat(status.hasExecutorId()).isFalse();
        assertThat(status.hasContainerStatus()).isFalse();
        assertThat(status.hasMessage()).isFalse();
    }
}

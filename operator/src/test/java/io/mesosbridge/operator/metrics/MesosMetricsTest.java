package io.mesosbridge.operator.metrics;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.SnapshotFixture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MesosMetricsTest {

    private final MasterSnapshot snapshot = SnapshotFixture.snapshot();

    @Test
    void masterGaugesCountAgentsFrameworksOffersAndLiveTasks() {
        Map<String, Double> m = MesosMetrics.snapshot(snapshot, 1_060_000);

        assertThat(m.get("master/elected")).isEqualTo(1.0);
        assertThat(m.get("master/uptime_secs")).isEqualTo(60.0);
        assertThat(m.get("master/slaves_active")).isEqualTo(1.0);
        assertThat(m.get("master/slaves_inactive")).isEqualTo(1.0);
        assertThat(m.get("master/slaves_connected")).isEqualTo(2.0);
        assertThat(m.get("master/slaves_disconnected")).isEqualTo(0.0);
        assertThat(m.get("master/slaves_unreachable")).isEqualTo(1.0);
        assertThat(m.get("master/frameworks_active")).isEqualTo(1.0);
        assertThat(m.get("master/frameworks_inactive")).isEqualTo(1.0);
        assertThat(m.get("master/frameworks_connected")).isEqualTo(1.0);
        assertThat(m.get("master/frameworks_disconnected")).isEqualTo(1.0);
        assertThat(m.get("master/outstanding_offers")).isEqualTo(1.0);
        assertThat(m.get("master/tasks_running")).isEqualTo(1.0);
        assertThat(m.get("master/tasks_staging")).isEqualTo(1.0);
        assertThat(m.get("master/tasks_starting")).isEqualTo(0.0);
        assertThat(m.get("master/tasks_killing")).isEqualTo(0.0);
        assertThat(m.get("master/tasks_unreachable")).isEqualTo(1.0);
    }

    @Test
    void terminalCountersAddTheHistoryToLiveTasksAwaitingAcknowledgement() {
        Map<String, Double> m = MesosMetrics.snapshot(snapshot, 1_060_000);

        assertThat(m.get("master/tasks_failed")).isEqualTo(1.0);
        assertThat(m.get("master/tasks_finished")).isEqualTo(1.0);
        assertThat(m.get("master/tasks_killed")).isEqualTo(1.0);
        assertThat(m.get("master/tasks_lost")).isEqualTo(0.0);
        assertThat(m).containsKeys("master/tasks_error", "master/tasks_dropped", "master/tasks_gone",
                "master/tasks_gone_by_operator");
        assertThat(MesosMetrics.name(TaskState.TASK_GONE_BY_OPERATOR)).isEqualTo("master/tasks_gone_by_operator");
    }

    @Test
    void resourceTotalsSumRegisteredAgentsAndUsedSumsTasksHoldingResources() {
        Map<String, Double> m = MesosMetrics.snapshot(snapshot, 1_060_000);

        assertThat(m.get("master/cpus_total")).isEqualTo(6.0);
        assertThat(m.get("master/mem_total")).isEqualTo(9216.0);
        assertThat(m.get("master/disk_total")).isEqualTo(10240.0);
        assertThat(m.get("master/gpus_total")).isEqualTo(0.0);
        // running 1 + staging 0.5 on agent 1, unreachable 0.25 on agent 2; the FAILED task holds nothing
        assertThat(m.get("master/cpus_used")).isEqualTo(1.75);
        assertThat(m.get("master/mem_used")).isEqualTo(224.0);
        assertThat(m.get("master/cpus_percent")).isCloseTo(1.75 / 6, within(1e-9));
        assertThat(m.get("master/gpus_percent")).isEqualTo(0.0);
        assertThat(m.get("allocator/mesos/allocation_runs")).isEqualTo(42.0);
        assertThat(m.get("allocator/mesos/allocation_run_ms")).isEqualTo(3.5);
        assertThat(m.get("master/slave_registrations")).isEqualTo(2.0);
    }
}

package io.mesosbridge.operator.metrics;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.state.MasterTotals;
import io.mesosbridge.operator.state.SnapshotFixture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MesosMetricsTest {

    private final MasterTotals totals = SnapshotFixture.totals();

    @Test
    void masterGaugesCountAgentsFrameworksOffersAndLiveTasks() {
        Map<String, Double> m = MesosMetrics.of(totals, 1_060_000);

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
    void resourceTotalsSumRegisteredAgentsAndUsedSumsTasksHoldingResources() {
        Map<String, Double> m = MesosMetrics.of(totals, 1_060_000);

        assertThat(m.get("master/cpus_total")).isEqualTo(6.0);
        assertThat(m.get("master/mem_total")).isEqualTo(9216.0);
        assertThat(m.get("master/disk_total")).isEqualTo(10240.0);
        assertThat(m.get("master/gpus_total")).isEqualTo(0.0);
        // running 1 + staging 0.5 on agent 1, unreachable 0.25 on agent 2; the FAILED task holds nothing
        assertThat(m.get("master/cpus_used")).isEqualTo(1.75);
        assertThat(m.get("master/mem_used")).isEqualTo(224.0);
        assertThat(m.get("master/cpus_percent")).isCloseTo(1.75 / 6, within(1e-9));
        assertThat(m.get("master/gpus_percent")).isEqualTo(0.0);
        assertThat(m.get("master/cpus_revocable_total")).isEqualTo(0.0);
        assertThat(m.get("master/mem_revocable_percent")).isEqualTo(0.0);
        assertThat(m.get("allocator/mesos/resources/cpus/total")).isEqualTo(6.0);
        // used 1.75 and offered 2.5
        assertThat(m.get("allocator/mesos/resources/cpus/offered_or_allocated")).isEqualTo(4.25);
    }

    @Test
    void eachRoleHasItsDominantShareAndItsFrameworksOfferFilters() {
        Map<String, Double> m = MesosMetrics.of(totals, 1_060_000);

        // dev: running 1 + staging 0.5 + offered 2.5 of 6 cpus (memory: 4288 of 9216 MiB)
        assertThat(m.get("allocator/mesos/roles/dev/shares/dominant")).isCloseTo(4.0 / 6, within(1e-9));
        // prod: the unreachable task's 0.25 of 6 cpus
        assertThat(m.get("allocator/mesos/roles/prod/shares/dominant")).isCloseTo(0.25 / 6, within(1e-9));
        assertThat(m.get("allocator/mesos/offer_filters/roles/dev/active")).isEqualTo(1.0);
        assertThat(m.get("allocator/mesos/offer_filters/roles/prod/active")).isEqualTo(0.0);
    }

    @Test
    void eachFrameworkHasItsMetricsUnderItsEncodedNameAndId() {
        Map<String, Double> m = MesosMetrics.of(totals, 1_060_000);
        String one = "master/frameworks/one/" + SnapshotFixture.F1 + "/";

        assertThat(m.get(one + "subscribed")).isEqualTo(1.0);
        assertThat(m.get(one + "calls/accept")).isEqualTo(3.0);
        assertThat(m.get(one + "calls/decline")).isEqualTo(0.0);
        assertThat(m.get(one + "calls")).isEqualTo(3.0);
        assertThat(m.get(one + "events/heartbeat")).isEqualTo(0.0);
        assertThat(m.get(one + "offers/sent")).isEqualTo(0.0);
        assertThat(m.get(one + "tasks/active/task_running")).isEqualTo(1.0);
        assertThat(m.get(one + "tasks/active/task_staging")).isEqualTo(1.0);
        assertThat(m.get(one + "tasks/terminal/task_finished")).isEqualTo(0.0);
        assertThat(m.get(one + "roles/dev/suppressed")).isEqualTo(0.0);
        assertThat(m.get("master/frameworks/two/" + SnapshotFixture.F2 + "/roles/prod/suppressed")).isEqualTo(1.0);
        assertThat(MesosMetrics.encode("my app/v1 ~x")).isEqualTo("my%20app%2Fv1%20%7Ex");
        assertThat(MesosMetrics.stateName(TaskState.TASK_GONE_BY_OPERATOR)).isEqualTo("gone_by_operator");
    }
}

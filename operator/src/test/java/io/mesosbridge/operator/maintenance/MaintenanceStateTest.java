package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.MachineInfo.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mesosbridge.operator.maintenance.ScheduleValidationTest.HOUR;
import static io.mesosbridge.operator.maintenance.ScheduleValidationTest.host;
import static io.mesosbridge.operator.maintenance.ScheduleValidationTest.hostAt;
import static io.mesosbridge.operator.maintenance.ScheduleValidationTest.schedule;
import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceStateTest {

    @Test
    void scheduledMachinesDrainGoDownAndComeUpOutOfTheSchedule() {
        MaintenanceState state = MaintenanceState.EMPTY.withSchedule(schedule(List.of(host("a"), host("b"))));
        assertThat(state.mode(host("a"))).isEqualTo(Mode.DRAINING);
        assertThat(state.mode(host("z"))).isEqualTo(Mode.UP);

        MaintenanceState down = state.withDown(List.of(host("A")));
        assertThat(down.mode(host("a"))).isEqualTo(Mode.DOWN);
        assertThat(down.mode(host("b"))).isEqualTo(Mode.DRAINING);

        MaintenanceState up = down.withUp(List.of(host("a")));
        assertThat(up.mode(host("a"))).isEqualTo(Mode.UP);
        assertThat(up.scheduled(host("a"))).isFalse();
        assertThat(up.schedule().getWindows(0).getMachineIdsList()).containsExactly(host("b"));
        assertThat(up.withDown(List.of(host("b"))).withUp(List.of(host("b"))).schedule().getWindowsCount())
                .isZero();
    }

    @Test
    void aMachineHostsTheAgentsWhoseHostnameAndIpItNames() {
        MaintenanceState state = MaintenanceState.EMPTY.withSchedule(schedule(List.of(hostAt("node-1", "10.0.0.1")),
                List.of(host("node-2"))));
        assertThat(state.unavailabilityOf("NODE-1", "10.0.0.1")).contains(HOUR);
        assertThat(state.unavailabilityOf("node-1", "10.0.0.9")).isEmpty();
        assertThat(state.machineOf("node-2", "10.0.0.2").map(info -> info.getMode())).contains(Mode.DRAINING);
        assertThat(state.unavailabilityOf("node-3", "10.0.0.3")).isEmpty();
    }

    @Test
    void theStoredFormRoundTrips() {
        MaintenanceState state = MaintenanceState.EMPTY.withSchedule(schedule(List.of(hostAt("a", "10.0.0.1"),
                host("b")))).withDown(List.of(host("b")));
        MaintenanceState read = MaintenanceStore.decode(MaintenanceStore.encode(state));
        assertThat(read).isEqualTo(state);
        assertThat(read.mode(host("b"))).isEqualTo(Mode.DOWN);
    }
}

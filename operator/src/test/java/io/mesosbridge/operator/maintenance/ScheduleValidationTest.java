package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.Protos.MachineID;
import io.mesosbridge.mesos.v1.Protos.TimeInfo;
import io.mesosbridge.mesos.v1.Protos.Unavailability;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.mesos.v1.maintenance.Protos.Window;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleValidationTest {

    static final Unavailability HOUR = Unavailability.newBuilder()
            .setStart(TimeInfo.newBuilder().setNanoseconds(1_000_000_000L))
            .setDuration(DurationInfo.newBuilder().setNanoseconds(3_600_000_000_000L)).build();

    static MachineID host(String hostname) {
        return MachineID.newBuilder().setHostname(hostname).build();
    }

    static MachineID hostAt(String hostname, String ip) {
        return MachineID.newBuilder().setHostname(hostname).setIp(ip).build();
    }

    static Schedule schedule(List<MachineID>... windows) {
        Schedule.Builder schedule = Schedule.newBuilder();
        for (List<MachineID> machines : windows) {
            schedule.addWindows(Window.newBuilder().addAllMachineIds(machines).setUnavailability(HOUR));
        }
        return schedule.build();
    }

    @Test
    void aScheduleOfDistinctValidMachinesPasses() {
        assertThat(ScheduleValidation.schedule(schedule(List.of(host("a"), hostAt("b", "10.0.0.2")),
                List.of(host("c"))), MaintenanceState.EMPTY)).isEmpty();
        assertThat(ScheduleValidation.schedule(Schedule.getDefaultInstance(), MaintenanceState.EMPTY)).isEmpty();
    }

    @Test
    void aMachineInTwoWindowsIsRefusedWithItsJson() {
        assertThat(ScheduleValidation.schedule(schedule(List.of(host("a")), List.of(host("A"))),
                MaintenanceState.EMPTY))
                .contains("Machine '{\"hostname\":\"A\"}' appears more than once in the schedule");
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThat(ScheduleValidation.schedule(schedule(List.of()), MaintenanceState.EMPTY))
                .contains("List of machines in the maintenance window is empty");
    }

    @Test
    void aNegativeDurationIsRefused() {
        Schedule negative = Schedule.newBuilder().addWindows(Window.newBuilder().addMachineIds(host("a"))
                .setUnavailability(HOUR.toBuilder().setDuration(DurationInfo.newBuilder().setNanoseconds(-1))))
                .build();
        assertThat(ScheduleValidation.schedule(negative, MaintenanceState.EMPTY))
                .contains("Unavailability 'duration' is negative");
    }

    @Test
    void aMachineNeedsAHostnameOrAValidIpv4() {
        assertThat(ScheduleValidation.machine(MachineID.getDefaultInstance()))
                .contains("Both 'hostname' and 'ip' for a machine are empty");
        assertThat(ScheduleValidation.machine(hostAt("a", "10.0.0.256"))).contains("Failed to parse IPv4: 10.0.0.256");
        assertThat(ScheduleValidation.machine(hostAt("a", "10.0.0.01"))).contains("Failed to parse IPv4: 10.0.0.01");
        assertThat(ScheduleValidation.machine(hostAt("a", "::1"))).contains("Failed to parse IPv4: ::1");
        assertThat(ScheduleValidation.machine(MachineID.newBuilder().setIp("192.168.1.0").build())).isEmpty();
    }

    @Test
    void aDownMachineCannotLeaveTheSchedule() {
        MaintenanceState down = MaintenanceState.EMPTY.withSchedule(schedule(List.of(host("a"), host("b"))))
                .withDown(List.of(host("a")));
        assertThat(ScheduleValidation.schedule(schedule(List.of(host("b"))), down))
                .contains("Machine '{\"hostname\":\"a\"}' is deactivated and cannot be removed from the schedule");
        assertThat(ScheduleValidation.schedule(schedule(List.of(host("a"))), down)).isEmpty();
    }

    @Test
    void machineListsMustBeNonEmptyAndUnique() {
        assertThat(ScheduleValidation.machines(List.of())).contains("List of machines is empty");
        assertThat(ScheduleValidation.machines(List.of(host("a"), host("a"))))
                .contains("Machine '{\"hostname\":\"a\"}' appears more than once in the schedule");
        assertThat(ScheduleValidation.machines(List.of(host("a"), hostAt("a", "10.0.0.1")))).isEmpty();
    }
}

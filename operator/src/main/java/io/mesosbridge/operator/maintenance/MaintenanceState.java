package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.MachineID;
import io.mesosbridge.mesos.v1.Protos.MachineInfo;
import io.mesosbridge.mesos.v1.Protos.Unavailability;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.mesos.v1.maintenance.Protos.Window;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The maintenance schedule and the machines' modes, as a Mesos master's registry keeps them: a machine in the schedule
 * is DRAINING until it is brought down (DOWN); bringing it up removes it from the schedule (UP), as does a schedule
 * that no longer names it. Immutable: each change returns the new state.
 */
public record MaintenanceState(Schedule schedule, List<MachineID> down) {

    public static final MaintenanceState EMPTY = new MaintenanceState(Schedule.getDefaultInstance(), List.of());

    public MaintenanceState {
        down = List.copyOf(down);
    }

    /** The schedule replaced, as UPDATE_MAINTENANCE_SCHEDULE does (validated before: every DOWN machine stays). */
    public MaintenanceState withSchedule(Schedule updated) {
        return new MaintenanceState(updated, down);
    }

    /** Machines of the schedule brought down (START_MAINTENANCE). */
    public MaintenanceState withDown(List<MachineID> ids) {
        List<MachineID> now = new ArrayList<>(down);
        Set<Machines.Key> known = keys(down);
        for (MachineID id : ids) {
            if (known.add(Machines.key(id))) {
                now.add(id);
            }
        }
        return new MaintenanceState(schedule, now);
    }

    /** Machines brought up (STOP_MAINTENANCE): UP again, out of the schedule, and empty windows dropped. */
    public MaintenanceState withUp(List<MachineID> ids) {
        Set<Machines.Key> up = keys(ids);
        Schedule.Builder remaining = Schedule.newBuilder();
        for (Window window : schedule.getWindowsList()) {
            List<MachineID> kept = window.getMachineIdsList().stream()
                    .filter(id -> !up.contains(Machines.key(id))).toList();
            if (!kept.isEmpty()) {
                remaining.addWindows(window.toBuilder().clearMachineIds().addAllMachineIds(kept));
            }
        }
        List<MachineID> stillDown = down.stream().filter(id -> !up.contains(Machines.key(id))).toList();
        return new MaintenanceState(remaining.build(), stillDown);
    }

    public MachineInfo.Mode mode(MachineID id) {
        Machines.Key key = Machines.key(id);
        if (keys(down).contains(key)) {
            return MachineInfo.Mode.DOWN;
        }
        return window(key).isPresent() ? MachineInfo.Mode.DRAINING : MachineInfo.Mode.UP;
    }

    /** Whether the schedule names the machine (it is DRAINING or DOWN). */
    public boolean scheduled(MachineID id) {
        return window(Machines.key(id)).isPresent();
    }

    /** Every machine of the schedule with its window's unavailability, in schedule order. */
    public List<MachineInfo> machines() {
        List<MachineInfo> machines = new ArrayList<>();
        for (Window window : schedule.getWindowsList()) {
            for (MachineID id : window.getMachineIdsList()) {
                machines.add(MachineInfo.newBuilder().setId(id).setMode(mode(id))
                        .setUnavailability(window.getUnavailability()).build());
            }
        }
        return machines;
    }

    /** The unavailability of the scheduled machine that hosts an agent at {@code hostname} and {@code ip}. */
    public Optional<Unavailability> unavailabilityOf(String hostname, String ip) {
        return machineOf(hostname, ip).map(MachineInfo::getUnavailability);
    }

    /** The scheduled machine that hosts an agent at {@code hostname} and {@code ip}, with its mode. */
    public Optional<MachineInfo> machineOf(String hostname, String ip) {
        return machines().stream().filter(machine -> Machines.hosts(machine.getId(), hostname, ip)).findFirst();
    }

    private Optional<Window> window(Machines.Key key) {
        return schedule.getWindowsList().stream()
                .filter(window -> window.getMachineIdsList().stream().anyMatch(id -> Machines.key(id).equals(key)))
                .findFirst();
    }

    private static Set<Machines.Key> keys(List<MachineID> ids) {
        Set<Machines.Key> keys = new HashSet<>();
        ids.forEach(id -> keys.add(Machines.key(id)));
        return keys;
    }
}

package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.MachineID;
import io.mesosbridge.mesos.v1.Protos.Unavailability;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.mesos.v1.maintenance.Protos.Window;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of a Mesos master's maintenance validation, with its messages; each answers the first problem found. */
public final class ScheduleValidation {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private ScheduleValidation() {
    }

    /**
     * A new schedule: every window names machines, each valid and in one window only, with a duration that is not
     * negative; and no machine that is DOWN now is left out (it has to be brought up first).
     */
    public static Optional<String> schedule(Schedule schedule, MaintenanceState current) {
        Set<Machines.Key> updated = new HashSet<>();
        for (Window window : schedule.getWindowsList()) {
            if (window.getMachineIdsCount() == 0) {
                return Optional.of("List of machines in the maintenance window is empty");
            }
            Optional<String> unavailability = unavailability(window.getUnavailability());
            if (unavailability.isPresent()) {
                return unavailability;
            }
            for (MachineID id : window.getMachineIdsList()) {
                Optional<String> invalid = machine(id);
                if (invalid.isPresent()) {
                    return invalid;
                }
                if (!updated.add(Machines.key(id))) {
                    return Optional.of("Machine '" + Machines.json(id) + "' appears more than once in the schedule");
                }
            }
        }
        for (MachineID down : current.down()) {
            if (!updated.contains(Machines.key(down))) {
                return Optional.of("Machine '" + Machines.json(down)
                        + "' is deactivated and cannot be removed from the schedule");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> unavailability(Unavailability unavailability) {
        if (unavailability.getDuration().getNanoseconds() < 0) {
            return Optional.of("Unavailability 'duration' is negative");
        }
        return Optional.empty();
    }

    /** The machines of /machine/down, /machine/up, START_MAINTENANCE and STOP_MAINTENANCE. */
    public static Optional<String> machines(List<MachineID> ids) {
        if (ids.isEmpty()) {
            return Optional.of("List of machines is empty");
        }
        Set<Machines.Key> unique = new HashSet<>();
        for (MachineID id : ids) {
            Optional<String> invalid = machine(id);
            if (invalid.isPresent()) {
                return invalid;
            }
            if (!unique.add(Machines.key(id))) {
                return Optional.of("Machine '" + Machines.json(id) + "' appears more than once in the schedule");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> machine(MachineID id) {
        if (id.getHostname().isEmpty() && id.getIp().isEmpty()) {
            return Optional.of("Both 'hostname' and 'ip' for a machine are empty");
        }
        if (!id.getIp().isEmpty() && !isIpv4(id.getIp())) {
            return Optional.of("Failed to parse IPv4: " + id.getIp());
        }
        return Optional.empty();
    }

    /** glibc's inet_pton(AF_INET): four decimal parts, each at most 255 and without a leading zero. */
    static boolean isIpv4(String value) {
        var matcher = DOTTED_QUAD.matcher(value);
        if (!matcher.matches()) {
            return false;
        }
        for (int part = 1; part <= 4; part++) {
            String digits = matcher.group(part);
            if ((digits.length() > 1 && digits.charAt(0) == '0') || Integer.parseInt(digits) > 255) {
                return false;
            }
        }
        return true;
    }
}

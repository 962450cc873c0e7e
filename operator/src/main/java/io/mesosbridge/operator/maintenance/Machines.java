package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.v1.Protos.MachineID;

import java.util.Locale;

/**
 * MachineIDs as a Mesos master compares them: the hostname without regard to case, the IP exactly, and a field that is
 * absent differs from one that is present.
 */
public final class Machines {

    private Machines() {
    }

    /** What identifies a machine for equality: two MachineIDs are the same machine when their keys are equal. */
    public record Key(String hostname, String ip) {
    }

    public static Key key(MachineID id) {
        return new Key(id.hasHostname() ? id.getHostname().toLowerCase(Locale.ROOT) : null,
                id.hasIp() ? id.getIp() : null);
    }

    /** The machine as Mesos's messages name it: its JSON ({@code {"hostname":"h","ip":"10.0.0.1"}}). */
    public static String json(MachineID id) {
        return MesosJson.print(id);
    }

    /**
     * Whether an agent at {@code hostname} and {@code ip} runs on the machine, as an agent is assigned to the machine
     * of its hostname and IP: each field the MachineID has must match.
     */
    public static boolean hosts(MachineID id, String hostname, String ip) {
        if (!id.getHostname().isEmpty() && !id.getHostname().equalsIgnoreCase(hostname)) {
            return false;
        }
        return id.getIp().isEmpty() || id.getIp().equals(ip);
    }
}

package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.Locale;

/**
 * The kind of agent disk a Marathon local persistent volume lives on ({@code persistent.type}): {@code root} (the
 * agent's work directory, the default), {@code path} (a share of an extra disk) or {@code mount} (a whole extra
 * disk, used by one volume alone, up to {@code maxSize}), and {@code constraints} on the disk's path. Kubernetes
 * reaches such disks only through local PersistentVolumes made for each node and disk, which the app definition
 * does not describe, so the claim's StorageClass must provide them; this is warned about with the field path.
 */
final class AgentDisks {

    private AgentDisks() {
    }

    static void warn(Node persistent, Warnings.SourceWarnings warnings) {
        String type = persistent.get("type").text("root").toLowerCase(Locale.ROOT);
        if (type.equals("mount") || type.equals("path")) {
            warnings.warn(persistent.get("type"), type.toUpperCase(Locale.ROOT) + " disk: the volume lived on "
                    + (type.equals("mount") ? "a whole dedicated agent disk" : "a share of an extra agent disk")
                    + "; the claim needs a StorageClass of local PersistentVolumes on such disks (for example"
                    + " from the local static provisioner), which must be created for each node");
        } else if (!type.equals("root")) {
            warnings.warn(persistent.get("type"), "unknown persistent volume type " + type + "; taken as root");
        }
        if (persistent.has("maxSize")) {
            warnings.warn(persistent.get("maxSize"), "maxSize (the largest MOUNT disk to accept) has no claim"
                    + " counterpart: a claim asks for at least its size; not carried over");
        }
        if (persistent.has("constraints")) {
            warnings.warn(persistent.get("constraints"), "constraints on the disk's path are not carried over:"
                    + " choose the disks through the StorageClass");
        }
    }
}

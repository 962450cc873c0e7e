package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.migrate.agent.NodeProjection;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The kind of agent disk a Marathon local persistent volume lives on ({@code persistent.type}): {@code root} (the
 * agent's work directory, the default), {@code path} (a share of an extra disk) or {@code mount} (a whole extra
 * disk, used by one volume alone, up to {@code maxSize}), and {@code constraints} on the disk's path. Kubernetes
 * reaches such disks only through local PersistentVolumes made for each node and disk, which the app definition
 * does not describe, so the claim's StorageClass must provide them; this is warned about with the field path, and
 * the claim of a MOUNT or PATH disk carries the kind of disk in the annotation {@link #AGENT_DISK_ANNOTATION}.
 */
final class AgentDisks {

    static final String AGENT_DISK_ANNOTATION = KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "agent-disk";
    /** Marathon's size of a local persistent volume that names none, in MiB. */
    private static final BigDecimal DEFAULT_SIZE = BigDecimal.valueOf(1024);

    private AgentDisks() {
    }

    /**
     * The claim (template) of a local persistent volume of an app or pod: ReadWriteOnce, its size, the
     * StorageClass its {@code profileName} names (else the cluster's default).
     */
    static PersistentVolumeClaim claim(String name, Node persistent, Warnings.SourceWarnings warnings) {
        warn(persistent, warnings);
        String type = persistent.get("type").text("root").toLowerCase(Locale.ROOT);
        ObjectMetaBuilder metadata = new ObjectMetaBuilder().withName(name);
        if (type.equals("mount") || type.equals("path")) {
            metadata.addToAnnotations(AGENT_DISK_ANNOTATION, type.toUpperCase(Locale.ROOT));
        }
        return new PersistentVolumeClaimBuilder()
                .withMetadata(metadata.build())
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withStorageClassName(persistent.get("profileName").optionalText()
                        .map(p -> KubeNames.dnsLabel(p, p, "class")).orElse(null))
                .withNewResources().addToRequests("storage",
                        Quantities.mebibytes(persistent.get("size").decimal(DEFAULT_SIZE))).endResources()
                .endSpec().build();
    }

    private static void warn(Node persistent, Warnings.SourceWarnings warnings) {
        String type = persistent.get("type").text("root").toLowerCase(Locale.ROOT);
        if (type.equals("mount") || type.equals("path")) {
            warnings.warn(persistent.get("type"), type.toUpperCase(Locale.ROOT) + " disk: the volume lived on "
                    + (type.equals("mount") ? "a whole dedicated agent disk" : "a share of an extra agent disk")
                    + "; the claim needs a StorageClass of local PersistentVolumes on such disks (for example"
                    + " from the local static provisioner), which must be created for each node"
                    + (type.equals("mount") ? " (mesos-migrate agent-config makes them of the agents' MOUNT disks,"
                    + " in StorageClass " + NodeProjection.MOUNT_DISK_STORAGE_CLASS + " or the disk's profile)" : "") + "; the claim is annotated " + AGENT_DISK_ANNOTATION + "=" + type.toUpperCase(Locale.ROOT));
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

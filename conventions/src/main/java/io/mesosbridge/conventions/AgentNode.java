package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.mesosbridge.mesos.resources.Attributes;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * What a Mesos agent's settings become on its Kubernetes node: attributes become labels; resources reserved for
 * one role become a taint (and a label) so that only that role's namespace schedules there; GPUs become a taint
 * as Mesos offers GPU agents only to GPU-aware frameworks; the port ranges become the annotation the bridge reads
 * to offer the same ports ({@link AgentSettings#portsAnnotation}). cpus, mem and disk are measured by the kubelet
 * itself, so they are only reported; a MOUNT disk becomes a local PersistentVolume of the node. mesos-migrate's
 * agent-config and the agent DaemonSet both project with this, so the same settings give the same node.
 */
public final class AgentNode {

    /** The StorageClass of the local PersistentVolumes made of MOUNT disks that name no profile. */
    public static final String MOUNT_DISK_STORAGE_CLASS = "mesos-mount-disk";

    /** A resource or attribute and where in its input it stands ({@code entry 2 (mem:8192)}, a JSON path). */
    public record Located<T>(T value, String place) {
    }

    private final String nodeName;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<PersistentVolume> localVolumes = new ArrayList<>();

    private AgentNode(String nodeName) {
        this.nodeName = nodeName;
    }

    /**
     * Projects the settings; what cannot be carried over goes to {@code resourceWarnings} or
     * {@code attributeWarnings} as (place, message), in the order of the settings.
     */
    public static AgentNode project(String nodeName, List<Located<Resource>> resources,
                                    List<Located<Attribute>> attributes, AttributeLabels attributeLabels,
                                    BiConsumer<String, String> resourceWarnings,
                                    BiConsumer<String, String> attributeWarnings) {
        AgentNode node = new AgentNode(nodeName);
        for (Located<Attribute> located : attributes) {
            Attribute attribute = located.value();
            String key = attributeLabels.labelKey(attribute.getName());
            Optional<String> value = AgentSettings.attributeLabelValue(attribute);
            if (value.isEmpty()) {
                attributeWarnings.accept(located.place(), "attribute " + Attributes.print(attribute) + " has a "
                        + attribute.getType().name().toLowerCase(Locale.ROOT)
                        + " value, which a label value cannot hold; not carried over");
                continue;
            }
            if (!LabelNames.isLabelValue(value.get()) || !LabelNames.isQualifiedKey(key)) {
                attributeWarnings.accept(located.place(), "attribute " + Attributes.print(attribute)
                        + " is not a valid label " + key + "=" + value.get() + "; not carried over");
                continue;
            }
            if (key.equals(AttributeLabels.HOSTNAME_LABEL)) {
                attributeWarnings.accept(located.place(), "hostname is set by the kubelet; not carried over");
                continue;
            }
            node.labels.put(key, value.get());
        }
        Set<String> roles = new TreeSet<>();
        boolean anyUnreserved = false;
        Resources reserved = Resources.empty();
        Value.Ranges ports = Value.Ranges.getDefaultInstance();
        for (Located<Resource> located : resources) {
            Resource resource = located.value();
            String role = Resources.reservationRole(resource);
            if (role == null) {
                anyUnreserved = true;
            } else {
                roles.add(role);
                if (!resource.getDisk().hasSource() && Set.of("cpus", "mem", "disk", "gpus", "ports")
                        .contains(resource.getName())) {
                    reserved = reserved.add(resource);
                }
            }
            String described = resource.getName() + ":" + valueText(resource)
                    + (role == null ? "" : " (role " + role + ")");
            switch (resource.getName()) {
                case "disk" -> {
                    if (resource.getDisk().hasSource()) {
                        node.extraDisk(resource, described, located.place(), resourceWarnings);
                    } else {
                        node.notes.add(described + " is measured by the kubelet; use its"
                                + " --system-reserved/--kube-reserved to hold capacity back");
                    }
                }
                case "cpus", "mem" -> node.notes.add(described
                        + " is measured by the kubelet; use its --system-reserved/--kube-reserved to hold capacity back");
                case "ports" -> {
                    if (resource.getType() == Value.Type.RANGES) {
                        ports = Values.add(ports, resource.getRanges());
                    } else {
                        resourceWarnings.accept(located.place(), "ports:" + valueText(resource)
                                + " is not a port range; not carried over");
                    }
                }
                case "gpus" -> {
                    node.taints.add(new TaintBuilder().withKey(KubernetesKeys.GPU_RESOURCE).withValue("present")
                            .withEffect("NoSchedule").build());
                    node.notes.add(described + " come from the GPU device plugin, which advertises "
                            + KubernetesKeys.GPU_RESOURCE
                            + "; the taint keeps other pods off as Mesos kept GPU agents for GPU-aware frameworks");
                }
                default -> resourceWarnings.accept(located.place(), "custom resource " + resource.getName()
                        + " needs a device plugin or an extended resource patched into node status; not carried over");
            }
        }
        if (ports.getRangeCount() > 0) {
            node.annotations.put(KubernetesKeys.PORTS_ANNOTATION, AgentSettings.portsAnnotation(ports));
        }
        if (!reserved.isEmpty()) {
            node.annotations.put(KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION,
                    ReservedResources.annotationValue(reserved));
        }
        if (roles.size() == 1 && !anyUnreserved) {
            String role = roles.iterator().next();
            String value = LabelNames.dnsLabel(role.replace('/', '-'), role, "role");
            node.labels.put(KubernetesKeys.ROLE_LABEL, value);
            node.taints.add(new TaintBuilder().withKey(KubernetesKeys.ROLE_LABEL).withValue(value)
                    .withEffect("NoSchedule").build());
            node.notes.add("every resource is reserved for role " + role + ": pods of namespace " + value
                    + " need a toleration for " + KubernetesKeys.ROLE_LABEL + "=" + value + ":NoSchedule");
        } else if (!roles.isEmpty()) {
            node.notes.add("part of the agent is reserved for " + roles + ": the bridge offers the reserved"
                    + " resources only to their roles (annotation " + KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION
                    + "); Kubernetes itself does not hold them back from other pods");
        }
        return node;
    }

    /**
     * A disk of the agent besides its work directory ({@code disk.source}). A MOUNT disk is a whole filesystem that
     * Mesos gave to one volume at a time: on Kubernetes that is a local PersistentVolume of this node with the
     * mount root as its path, made here when the root is absolute (Mesos takes a relative one below the agent's
     * --work_dir, which the settings do not say). A PATH disk is shared by several volumes, which one local
     * PersistentVolume cannot be; both are warned about with the resource and its root.
     */
    private void extraDisk(Resource resource, String described, String place,
                           BiConsumer<String, String> resourceWarnings) {
        Resource.DiskInfo.Source source = resource.getDisk().getSource();
        String root = switch (source.getType()) {
            case MOUNT -> source.getMount().getRoot();
            case PATH -> source.getPath().getRoot();
            default -> "";
        };
        String disk = described + " on " + source.getType().name() + " disk " + root;
        if (source.getType() == Resource.DiskInfo.Source.Type.MOUNT && root.startsWith("/")) {
            String storageClass = source.hasProfile() ? source.getProfile() : MOUNT_DISK_STORAGE_CLASS;
            PersistentVolume volume = localVolume(resource, root, storageClass);
            localVolumes.add(volume);
            resourceWarnings.accept(place, disk + ": became local PersistentVolume "
                    + volume.getMetadata().getName() + " (path " + root + " on node " + nodeName + ", StorageClass "
                    + storageClass + "); a claim reaches it by naming StorageClass " + storageClass
                    + ", and the disk must be mounted at " + root + " on the node");
        } else if (source.getType() == Resource.DiskInfo.Source.Type.MOUNT) {
            resourceWarnings.accept(place, disk + ": the root is relative to the agent's --work_dir; make a"
                    + " local PersistentVolume on node " + nodeName + " with the absolute path; not carried over");
        } else if (source.getType() == Resource.DiskInfo.Source.Type.PATH) {
            resourceWarnings.accept(place, disk + ": Mesos shared it among volumes, and a local"
                    + " PersistentVolume holds one claim; make local PersistentVolumes on node " + nodeName
                    + " from directories below " + root + " (for example with the local static provisioner);"
                    + " not carried over");
        } else {
            resourceWarnings.accept(place, disk + ": a " + source.getType().name() + " disk needs a CSI"
                    + " driver on Kubernetes; not carried over");
        }
    }

    private PersistentVolume localVolume(Resource resource, String root, String storageClass) {
        String name = LabelNames.dnsLabel(nodeName + root.replace('/', '-'), nodeName + ":" + root, "disk");
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                .withLabels(Map.of(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_MIGRATE))
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", Quantities.mebibytes(resource.getScalar().getValue())))
                .withAccessModes("ReadWriteOnce")
                .withVolumeMode("Filesystem")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName(storageClass)
                .withNewLocal().withPath(root).endLocal()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(AttributeLabels.HOSTNAME_LABEL).withOperator("In").withValues(nodeName)
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                .endSpec().build();
    }

    private static String valueText(Resource resource) {
        return switch (resource.getType()) {
            case SCALAR -> Values.formatScalar(resource.getScalar().getValue());
            case RANGES -> Values.formatRanges(resource.getRanges());
            default -> Values.formatSet(resource.getSet());
        };
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    /** The local PersistentVolumes of the agent's MOUNT disks. */
    public List<PersistentVolume> localVolumes() {
        return localVolumes;
    }

    public List<String> notes() {
        return notes;
    }
}

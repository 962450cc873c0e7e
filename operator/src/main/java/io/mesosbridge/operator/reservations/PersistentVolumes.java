package io.mesosbridge.operator.reservations;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.conventions.ReservedResources;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Mesos persistent volume on Kubernetes: a hostPath PersistentVolume of its node (the directory
 * {@code <persistent-volume-root>/<claim name>}, made by the kubelet when missing) and a claim bound to it
 * beforehand, in the namespace of the volume's role (made ready as for the role's first task), which the Pods of the
 * tasks that use the volume mount.
 */
@ApplicationScoped
public class PersistentVolumes {

    private static final long BIND_WAIT_SECONDS = 20;

    private final KubernetesClient client;
    private final TaskNamespaces namespaces;
    private final String bridgeNamespace;
    private final String root;

    public PersistentVolumes(KubernetesClient client, TaskNamespaces namespaces, BridgeConfig config) {
        this.client = client;
        this.namespaces = namespaces;
        this.bridgeNamespace = config.namespace();
        this.root = config.persistentVolumeRoot().replaceAll("/+$", "");
    }

    /** Makes the volume's PersistentVolume and claim and waits (a while) until they are bound. */
    public void create(String nodeName, Resource volume) {
        String id = volume.getDisk().getPersistence().getId();
        String pvName = ReservedResources.persistentVolumeName(bridgeNamespace, id);
        String claimName = ReservedResources.persistentVolumeClaimName(id);
        String namespace = namespaceOf(volume);
        namespaces.prepare(namespace, Resources.reservationRole(volume)).ifPresent(notReady -> {
            throw new IllegalStateException(notReady);
        });
        Map<String, String> labels = Map.of(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE);
        PersistentVolume pv = new PersistentVolumeBuilder()
                .withNewMetadata().withName(pvName).withLabels(labels).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", Quantities.mebibytes(volume.getScalar().getValue())))
                .withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName("")
                .withNewHostPath().withPath(root + "/" + claimName).withType("DirectoryOrCreate").endHostPath()
                .withNewClaimRef().withNamespace(namespace).withName(claimName).endClaimRef()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues(nodeName)
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                .endSpec().build();
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claimName).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("")
                .withVolumeName(pvName)
                .withNewResources().addToRequests("storage", Quantities.mebibytes(volume.getScalar().getValue()))
                .endResources()
                .endSpec().build();
        client.persistentVolumes().resource(pv).create();
        client.persistentVolumeClaims().inNamespace(namespace).resource(claim).create();
        client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).waitUntilCondition(
                c -> c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()),
                BIND_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Deletes the volume's claim and PersistentVolume (the directory on the node stays, as Retain keeps it). */
    public void destroy(Resource volume) {
        String id = volume.getDisk().getPersistence().getId();
        client.persistentVolumeClaims().inNamespace(namespaceOf(volume))
                .withName(ReservedResources.persistentVolumeClaimName(id)).delete();
        client.persistentVolumes().withName(ReservedResources.persistentVolumeName(bridgeNamespace, id)).delete();
    }

    private String namespaceOf(Resource volume) {
        return namespaces.namespaceOf(Resources.reservationRole(volume)).orElse(bridgeNamespace);
    }
}

package io.mesosbridge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a task Pod mounts or reads that must exist before it is made: its PersistentVolumeClaims, bound (a Pod bound
 * to its node without the scheduler never gets a claim bound for it, and would wait for ever), and its Secrets with
 * the keys it reads (a missing one would leave it ContainerCreating for ever). The bridge creates neither.
 */
@ApplicationScoped
public class VolumeSources {

    private static final Logger LOG = Logger.getLogger(VolumeSources.class);

    private final KubernetesClient client;

    public VolumeSources(KubernetesClient client) {
        this.client = client;
    }

    /** Why the Pod could not start, if a claim or Secret it needs is missing; empty when all are there. */
    public Optional<String> missing(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> claimsByVolume = new LinkedHashMap<>();
        Map<String, String> secretsByVolume = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() != null) {
                claimsByVolume.put(volume.getName(), volume.getPersistentVolumeClaim().getClaimName());
            }
            if (volume.getSecret() != null) {
                secretsByVolume.put(volume.getName(), volume.getSecret().getSecretName());
            }
        }
        Map<String, Set<String>> keysBySecret = new LinkedHashMap<>();
        for (Container container : pod.getSpec().getContainers()) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                String secret = secretsByVolume.get(mount.getName());
                if (secret != null) {
                    keysBySecret.computeIfAbsent(secret, s -> new LinkedHashSet<>()).add(mount.getSubPath());
                }
            }
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    keysBySecret.computeIfAbsent(env.getValueFrom().getSecretKeyRef().getName(),
                            s -> new LinkedHashSet<>()).add(env.getValueFrom().getSecretKeyRef().getKey());
                }
            }
        }
        try {
            for (String claimName : new LinkedHashSet<>(claimsByVolume.values())) {
                PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace)
                        .withName(claimName).get();
                if (claim == null) {
                    return Optional.of("PersistentVolumeClaim '" + claimName + "' does not exist in namespace '"
                            + namespace + "'; mesos-bridge mounts existing claims only");
                }
                String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
                if (!"Bound".equals(phase)) {
                    return Optional.of("PersistentVolumeClaim '" + claimName + "' in namespace '" + namespace
                            + "' is " + (phase == null ? "not bound" : phase) + "; a task's Pod is bound to its node"
                            + " without the scheduler, so its claims must be Bound before it starts");
                }
            }
            for (Map.Entry<String, Set<String>> wanted : keysBySecret.entrySet()) {
                Secret secret = client.secrets().inNamespace(namespace).withName(wanted.getKey()).get();
                if (secret == null) {
                    return Optional.of("Secret '" + wanted.getKey() + "' does not exist in namespace '" + namespace
                            + "'");
                }
                for (String key : wanted.getValue()) {
                    boolean present = (secret.getData() != null && secret.getData().containsKey(key))
                            || (secret.getStringData() != null && secret.getStringData().containsKey(key));
                    if (!present) {
                        return Optional.of("Secret '" + wanted.getKey() + "' in namespace '" + namespace
                                + "' has no key '" + key + "'");
                    }
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            // without the right to read them the kubelet still reports a missing Secret for env (a launch failure)
            LOG.debugf("cannot check the volume sources of Pod %s: %s", pod.getMetadata().getName(), e.getMessage());
        }
        return Optional.empty();
    }
}

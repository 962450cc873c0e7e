package io.mesosbridge.operator.roles;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.conventions.RoleNamespaces;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A role's quota limits as a Kubernetes ResourceQuota ({@value #NAME}) in the role's namespace, so that the API
 * server holds everything created there, Mesos task or not, to them: {@code cpus} to {@code requests.cpu} and
 * {@code limits.cpu}, {@code mem} to {@code requests.memory} and {@code limits.memory}, {@code disk} to
 * {@code requests.ephemeral-storage} and {@code limits.ephemeral-storage}, {@code gpus} to the GPU's extended
 * resource request. Task Pods request and limit exactly their resources, so both keys count them as Mesos does.
 * Only a namespace that holds one role's tasks alone ({@link RoleNamespaces#exclusive}) gets one; a missing namespace
 * is made ready as for the role's first task ({@link TaskNamespaces#prepare}). A
 * quota without limits, or removed, removes the ResourceQuota.
 */
@ApplicationScoped
public class ResourceQuotaProjection {

    public static final String NAME = "mesos-quota";

    private static final Logger LOG = Logger.getLogger(ResourceQuotaProjection.class);

    private final KubernetesClient client;
    private final RoleNamespaces namespaces;
    private final TaskNamespaces taskNamespaces;
    private final Set<String> projected = new HashSet<>();

    public ResourceQuotaProjection(KubernetesClient client, RoleNamespaces namespaces,
                                   TaskNamespaces taskNamespaces) {
        this.client = client;
        this.namespaces = namespaces;
        this.taskNamespaces = taskNamespaces;
    }

    /** Brings the ResourceQuotas in line with {@code settings}: one per exclusive role with limits, none elsewhere. */
    public synchronized void project(RoleSettings settings) {
        Set<String> wanted = new HashSet<>();
        settings.quotas().forEach((role, quota) -> {
            Optional<String> namespace = namespaces.namespaceOf(role);
            Map<String, Quantity> hard = hard(quota);
            if (namespace.isEmpty() || !namespaces.exclusive(role) || hard.isEmpty()) {
                return;
            }
            wanted.add(role);
            try {
                apply(role, namespace.get(), hard);
            } catch (KubernetesClientException e) {
                LOG.warnf("role %s: could not set ResourceQuota %s/%s (%d): %s", role, namespace.get(), NAME,
                        e.getCode(), e.getMessage());
            }
        });
        Set<String> gone = new HashSet<>(projected);
        gone.removeAll(wanted);
        for (String role : gone) {
            namespaces.namespaceOf(role).ifPresent(namespace -> {
                try {
                    client.resourceQuotas().inNamespace(namespace).withName(NAME).delete();
                } catch (KubernetesClientException e) {
                    LOG.warnf("role %s: could not delete ResourceQuota %s/%s (%d): %s", role, namespace, NAME,
                            e.getCode(), e.getMessage());
                }
            });
        }
        projected.clear();
        projected.addAll(wanted);
    }

    /** The ResourceQuota's {@code spec.hard} for a quota's limits. */
    static Map<String, Quantity> hard(Quota quota) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        quota.limits().forEach((name, limit) -> {
            switch (name) {
                case "cpus" -> both(hard, "cpu", Quantities.cpus(limit));
                case "mem" -> both(hard, "memory", Quantities.mebibytes(limit));
                case "disk" -> both(hard, "ephemeral-storage", Quantities.mebibytes(limit));
                case "gpus" -> hard.put("requests." + KubernetesKeys.GPU_RESOURCE,
                        new Quantity(Long.toString((long) Math.floor(limit))));
                default -> {
                    // a custom scalar has no Kubernetes counterpart: the allocator alone enforces it
                }
            }
        });
        return hard;
    }

    private static void both(Map<String, Quantity> hard, String resource, Quantity limit) {
        hard.put("requests." + resource, limit);
        hard.put("limits." + resource, limit);
    }

    private void apply(String role, String namespace, Map<String, Quantity> hard) {
        Optional<String> notReady = taskNamespaces.prepare(namespace, role);
        if (notReady.isPresent()) {
            LOG.infof("role %s: no ResourceQuota: %s", role, notReady.get());
            return;
        }
        ResourceQuota quota = new ResourceQuotaBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                .addToLabels(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE).endMetadata()
                .withNewSpec().withHard(hard).endSpec().build();
        client.resourceQuotas().inNamespace(namespace).resource(quota).createOr(existing -> existing.update());
    }
}

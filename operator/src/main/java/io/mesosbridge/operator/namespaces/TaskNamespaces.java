package io.mesosbridge.operator.namespaces;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.RoleNamespaces;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.pods.PodSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The namespaces that hold this bridge's tasks. Which one holds a role's tasks is the {@link RoleNamespaces} rule's;
 * here it is made ready for a launch (created with the Pod Security labels of the bridge's namespace, or required to
 * exist), and here is decided which MesosTasks and Pods of the cluster are this bridge's own: in {@code single} mode
 * those in its namespace, as always; otherwise those labelled with it ({@link KubernetesKeys#BRIDGE_LABEL}), wherever
 * they are, so that bridges sharing a cluster never see each other's.
 */
@ApplicationScoped
public class TaskNamespaces {

    private static final Logger LOG = Logger.getLogger(TaskNamespaces.class);
    private static final long SERVICE_ACCOUNT_WAIT_SECONDS = 30;

    private final KubernetesClient client;
    private final RoleNamespaces rule;
    private final boolean createMissing;
    private final Map<String, String> podSecurityLabels;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    @Inject
    public TaskNamespaces(KubernetesClient client, RoleNamespaces rule, BridgeConfig config, PodSettings podSettings) {
        this(client, rule, config.createRoleNamespaces(), podSettings.namespaceLabels());
    }

    public TaskNamespaces(KubernetesClient client, RoleNamespaces rule, boolean createMissing,
                          Map<String, String> podSecurityLabels) {
        this.client = client;
        this.rule = rule;
        this.createMissing = createMissing;
        this.podSecurityLabels = Collections.unmodifiableMap(new LinkedHashMap<>(podSecurityLabels));
        ready.add(rule.defaultNamespace());
    }

    public Map<String, String> podSecurityLabels() {
        return podSecurityLabels;
    }

    /** The bridge's own namespace: its frameworks, its Lease, and role {@code *}'s tasks. */
    public String bridgeNamespace() {
        return rule.defaultNamespace();
    }

    /** Whether tasks may be outside the bridge's namespace, so that MesosTasks are watched cluster-wide. */
    public boolean spansNamespaces() {
        return rule.mode() != RoleNamespaces.Mode.SINGLE;
    }

    /** The label every MesosTask and task Pod of this bridge carries. */
    public Map<String, String> bridgeLabel() {
        return Map.of(KubernetesKeys.BRIDGE_LABEL, bridgeNamespace());
    }

    /** Whether the object (a MesosTask, a Pod) is this bridge's. */
    public boolean holds(ObjectMeta metadata) {
        if (!spansNamespaces()) {
            return bridgeNamespace().equals(metadata.getNamespace());
        }
        return metadata.getLabels() != null
                && bridgeNamespace().equals(metadata.getLabels().get(KubernetesKeys.BRIDGE_LABEL));
    }

    /** The namespace of {@code role}'s tasks, or empty when the rule gives it none ({@link #noNamespace}). */
    public Optional<String> namespaceOf(String role) {
        return rule.namespaceOf(role);
    }

    /** Why a task of a role without a namespace is refused. */
    public static String noNamespace(String role) {
        return "Role '" + role + "' has no namespace: mesos-bridge.role-namespace-table does not list it";
    }

    /**
     * Makes {@code namespace} ready for {@code role}'s tasks: created when missing (and allowed to be), with its
     * Pod Security labels and marked as the bridge's; empty when ready, else why the task cannot go there. Two
     * launches that create it at once both find it ready.
     */
    public Optional<String> prepare(String namespace, String role) {
        if (ready.contains(namespace)) {
            return Optional.empty();
        }
        Namespace existing = client.namespaces().withName(namespace).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("Namespace '" + namespace + "' of role '" + role + "' is being deleted");
        }
        if (existing == null) {
            if (!createMissing) {
                return Optional.of("Namespace '" + namespace + "' of role '" + role
                        + "' does not exist, and mesos-bridge.create-role-namespaces is off");
            }
            Optional<String> refused = create(namespace, role);
            if (refused.isPresent()) {
                return refused;
            }
        }
        ready.add(namespace);
        return Optional.empty();
    }

    /** Forgets that {@code namespace} was ready (it was deleted under a task). */
    public void forget(String namespace) {
        if (!namespace.equals(bridgeNamespace())) {
            ready.remove(namespace);
        }
    }

    private Optional<String> create(String namespace, String role) {
        Map<String, String> labels = new LinkedHashMap<>(podSecurityLabels);
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE);
        labels.putAll(bridgeLabel());
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .withLabels(labels).endMetadata().build()).create();
            LOG.infof("created namespace %s for role %s (Pod Security %s)", namespace, role, podSecurityLabels);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                return Optional.of("Namespace '" + namespace + "' of role '" + role + "' could not be created: "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                        : e.getMessage()));
            }
        }
        // Pods are admitted only once the namespace's default ServiceAccount exists
        try {
            client.serviceAccounts().inNamespace(namespace).withName("default")
                    .waitUntilCondition(Objects::nonNull, SERVICE_ACCOUNT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            LOG.warnf("namespace %s: no default ServiceAccount after %d s; its Pods may be refused until there is",
                    namespace, SERVICE_ACCOUNT_WAIT_SECONDS);
        }
        return Optional.empty();
    }
}

package io.mesosbridge.operator.startup;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.crds.CrdManifests;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.executors.Executors;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.leadership.LeaseElection;
import io.mesosbridge.operator.leadership.LeaseTerms;
import io.mesosbridge.operator.leadership.ZooKeeperPublisher;
import io.mesosbridge.operator.master.AgentMaintenance;
import io.mesosbridge.operator.master.FrameworkLifecycle;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.reconciler.TaskController;
import io.mesosbridge.operator.store.FrameworkStore;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Start-up and leadership. Every replica installs the CRDs and warms its caches (one informer per kind); the one that
 * wins the Lease then recovers the frameworks persisted before, starts the reconciler, the allocator, the status
 * update retries, the framework timers and the drains, publishes itself in ZooKeeper when configured, and only then
 * answers API calls. Followers redirect to the leader. A leader that loses its Lease exits at once
 * ({@link LeaseElection}), as a Mesos master does, so that it comes back as a clean follower.
 */
@ApplicationScoped
public class BridgeStartup {

    private static final Logger LOG = Logger.getLogger(BridgeStartup.class);
    private static final String LEASE_NAME = "mesos-bridge-master";

    private final KubernetesClient client;
    private final BridgeConfig config;
    private final ClusterView cluster;
    private final MesosTaskStore tasks;
    private final FrameworkRegistry frameworks;
    private final StatusUpdates updates;
    private final Allocator allocator;
    private final FrameworkLifecycle lifecycle;
    private final AgentMaintenance maintenance;
    private final TaskController controller;
    private final LeaderGate gate;
    private final MasterIdentity master;
    private final ZooKeeperPublisher zooKeeper;
    private final PodSettings podSettings;
    private final Executors executors;
    private final TaskNamespaces namespaces;
    private final FrameworkStore frameworkStore;
    private volatile LeaseElection election;

    public BridgeStartup(KubernetesClient client, BridgeConfig config, ClusterView cluster, MesosTaskStore tasks,
                         FrameworkRegistry frameworks, StatusUpdates updates, Allocator allocator,
                         FrameworkLifecycle lifecycle, AgentMaintenance maintenance, TaskController controller,
                         LeaderGate gate, MasterIdentity master, ZooKeeperPublisher zooKeeper,
                         PodSettings podSettings, Executors executors,
                         TaskNamespaces namespaces, FrameworkStore frameworkStore) {
        this.client = client;
        this.config = config;
        this.cluster = cluster;
        this.tasks = tasks;
        this.frameworks = frameworks;
        this.updates = updates;
        this.allocator = allocator;
        this.lifecycle = lifecycle;
        this.maintenance = maintenance;
        this.controller = controller;
        this.gate = gate;
        this.master = master;
        this.zooKeeper = zooKeeper;
        this.podSettings = podSettings;
        this.executors = executors;
        this.namespaces = namespaces;
        this.frameworkStore = frameworkStore;
    }

    /** One line, so that nobody runs an open master without knowing it (docs/security.md says how to close it). */
    private void warnWhenOpen() {
        List<String> open = new ArrayList<>();
        if (!config.authenticateFrameworks()) {
            open.add("v0 frameworks (authenticate-frameworks)");
        }
        if (!config.authenticateHttpFrameworks()) {
            open.add("the scheduler API (authenticate-http-frameworks)");
        }
        if (!config.authenticateHttpReadwrite()) {
            open.add("the operator API (authenticate-http-readwrite)");
        }
        if (!config.authenticateHttpReadonly()) {
            open.add("the state endpoints (authenticate-http-readonly)");
        }
        if (!open.isEmpty()) {
            LOG.warnf("Authentication is off for %s: anyone who reaches this master's port may use them",
                    String.join(", ", open));
        }
    }

    void onStart(@Observes StartupEvent event) {
        warnWhenOpen();
        ensureNamespace();
        if (config.installCrds()) {
            CrdManifests.apply(client, 1, TimeUnit.MINUTES);
        }
        cluster.start();
        tasks.start();
        if (!config.leaderElection()) {
            lead();
            return;
        }
        // a standby's first read of the frameworks, and the client's first use of their type, happen now rather
        // than in its recovery when it takes over
        frameworkStore.list();
        election = new LeaseElection(client, config.namespace(), LEASE_NAME, identity(),
                LeaseTerms.of(Duration.ofMillis(config.leaseDurationMillis())), new LeaseElection.Callbacks() {
                    @Override
                    public void leading() {
                        leadSafely();
                    }

                    @Override
                    public void following(String holderIdentity) {
                        newLeader(holderIdentity);
                    }
                });
        election.start();
    }

    /**
     * Creates the namespace with its Pod Security labels, after waiting out the deletion of an earlier one of the
     * same name; an existing namespace gets the labels it lacks or has otherwise.
     */
    private void ensureNamespace() {
        Map<String, String> labels = namespaces.podSecurityLabels();
        var namespace = client.namespaces().withName(config.namespace());
        if (namespace.get() != null && namespace.get().getMetadata().getDeletionTimestamp() != null) {
            LOG.infof("namespace %s is being deleted; waiting for it to go", config.namespace());
            namespace.waitUntilCondition(ns -> ns == null, 5, TimeUnit.MINUTES);
        }
        Namespace existing = namespace.get();
        if (existing == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(config.namespace())
                    .withLabels(labels).endMetadata().build()).createOr(conflict -> conflict.update());
        } else if (!Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of()).entrySet()
                .containsAll(labels.entrySet())) {
            try {
                namespace.edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(labels).endMetadata()
                        .build());
            } catch (KubernetesClientException e) {
                LOG.warnf("namespace %s: could not set its Pod Security labels %s (%d): %s", config.namespace(),
                        labels, e.getCode(), e.getMessage());
                return;
            }
        }
        LOG.infof("namespace %s: Pod Security %s; task Pods are built to %s", config.namespace(), labels,
                podSettings.level().label());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (election != null) {
            election.close();
        }
        zooKeeper.close();
    }

    /** The Lease holder identity: the address clients are redirected to, then this master's id. */
    private String identity() {
        return master.masterInfo().getHostname() + ":" + master.masterInfo().getPort() + "#" + master.id();
    }

    private void newLeader(String identity) {
        int hash = identity.indexOf('#');
        gate.following(hash < 0 ? identity : identity.substring(0, hash));
        LOG.infof("following the leading master %s", identity);
    }

    private void leadSafely() {
        try {
            lead();
        } catch (RuntimeException e) {
            LOG.error("recovery as the leading master failed; exiting", e);
            Quarkus.asyncExit(1);
        }
    }

    private void lead() {
        long start = System.currentTimeMillis();
        // two reads from the API server that need nothing of each other: the frameworks, and the roles' settings the
        // allocator loads (it offers nothing to a recovered framework until that framework subscribes again)
        CompletableFuture<Void> recovered = CompletableFuture.runAsync(frameworks::recover);
        allocator.start(cluster);
        recovered.join();
        updates.start();
        executors.start();
        controller.start();
        lifecycle.start();
        maintenance.start();
        zooKeeper.publish(master.masterInfo());
        gate.markRecovered();
        LOG.infof("Mesos master %s elected and recovered in %d ms; serving namespace %s", master.id(),
                System.currentTimeMillis() - start, config.namespace());
    }
}

package io.mesosbridge.operator.master;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.mesosbridge.crds.CrdManifests;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.scheduler.LeaderGate;
import io.mesosbridge.operator.scheduler.SchedulerCalls;
import io.mesosbridge.operator.tasks.MesosTaskReconciler;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.tasks.TaskRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Recovery at start-up, in order: the namespace and CRDs, the informers' first listings, the frameworks persisted
 * before a restart, then the reconcilers and the allocator. Only then does the master answer API calls.
 */
@ApplicationScoped
public class BridgeStartup {

    private static final Logger LOG = Logger.getLogger(BridgeStartup.class);

    private Operator operator;

    void onStart(@Observes StartupEvent event, KubernetesClient client, BridgeConfig config, ClusterView cluster,
                 TaskRegistry tasks, FrameworkRegistry frameworks, StatusUpdates updates, Allocator allocator,
                 SchedulerCalls calls, LeaderGate gate, MesosTaskReconciler reconciler, MasterIdentity master) {
        long start = System.currentTimeMillis();
        if (client.namespaces().withName(config.namespace()).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(config.namespace())
                    .endMetadata().build()).createOr(existing -> existing.update());
        }
        if (config.installCrds()) {
            CrdManifests.apply(client, 1, TimeUnit.MINUTES);
        }
        cluster.start();
        tasks.start();
        frameworks.recover();
        updates.start();
        Operator operator = new Operator(settings -> settings.withKubernetesClient(client)
                .withStopOnInformerErrorDuringStartup(true));
        operator.register(reconciler, controller -> controller.settingNamespaces(config.namespace()));
        operator.start();
        this.operator = operator;
        allocator.start(cluster);
        calls.start();
        gate.markRecovered();
        LOG.infof("Mesos master %s recovered in %d ms; serving namespace %s", master.id(),
                System.currentTimeMillis() - start, config.namespace());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (operator != null) {
            operator.stop();
        }
    }
}

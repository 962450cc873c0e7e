package io.mesosbridge.operator.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mesosbridge.operator.config.BridgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The cluster as the master sees it: every Node and every Pod (all namespaces, ours or not), kept current by
 * informers. Listeners hear the name of each node whose node object or pods changed.
 */
@ApplicationScoped
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class);
    private static final String BY_NODE = "byNode";

    private final KubernetesClient client;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Node> nodes;
    private volatile SharedIndexInformer<Pod> pods;

    private final Map<String, String> nodeSelector;

    public ClusterView(KubernetesClient client, BridgeConfig config) {
        this.client = client;
        this.nodeSelector = config.agentNodeSelector().map(ClusterView::parseSelector).orElse(Map.of());
    }

    static Map<String, String> parseSelector(String selector) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String pair : selector.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("agent node selector wants key=value pairs: " + selector);
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return labels;
    }

    /** Starts the informers and waits for their first full listing. */
    public synchronized void start() {
        if (nodes != null) {
            return;
        }
        nodes = client.nodes().withLabels(nodeSelector).inform(handler(node -> node.getMetadata().getName()), 0);
        SharedIndexInformer<Pod> podInformer = client.pods().inAnyNamespace().runnableInformer(0);
        podInformer.addIndexers(Map.of(BY_NODE, pod ->
                pod.getSpec() == null || pod.getSpec().getNodeName() == null
                        ? List.of() : List.of(pod.getSpec().getNodeName())));
        podInformer.addEventHandler(handler(pod -> pod.getSpec() == null ? null : pod.getSpec().getNodeName()));
        podInformer.start().toCompletableFuture().join();
        pods = podInformer;
        LOG.infof("watching %d nodes and %d pods", nodes.getStore().list().size(), pods.getStore().list().size());
    }

    void stop(@Observes ShutdownEvent event) {
        if (nodes != null) {
            nodes.close();
            pods.close();
        }
    }

    public void addListener(Consumer<String> nodeChanged) {
        listeners.add(nodeChanged);
    }

    public List<Node> nodes() {
        return nodes.getStore().list();
    }

    public Node node(String name) {
        return nodes.getStore().getByKey(name);
    }

    public List<Pod> podsOn(String nodeName) {
        return pods.getIndexer().byIndex(BY_NODE, nodeName);
    }

    private <T> ResourceEventHandler<T> handler(java.util.function.Function<T, String> nodeOf) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                fire(nodeOf.apply(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                fire(nodeOf.apply(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                fire(nodeOf.apply(obj));
            }
        };
    }

    private void fire(String nodeName) {
        if (nodeName == null) {
            return;
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(nodeName);
            } catch (RuntimeException e) {
                LOG.warnf(e, "cluster listener failed for node %s", nodeName);
            }
        }
    }
}

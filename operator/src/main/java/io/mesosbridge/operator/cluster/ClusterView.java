package io.mesosbridge.operator.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mesosbridge.operator.config.BridgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster as the master sees it: every agent Node and every Pod (all namespaces, ours or not), one informer each.
 * The agents, the allocator, the reconciler and the operator API all read and listen here.
 */
@ApplicationScoped
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class);
    private static final String BY_NODE = "byNode";
    private static final String BY_NAME = "byName";

    /** Hears every change; {@code before} is null for an added object, {@code after} null for a deleted one. */
    public interface Listener {
        default void nodeChanged(Node before, Node after) {
        }

        default void podChanged(Pod before, Pod after) {
        }
    }

    private final KubernetesClient client;
    private final Map<String, String> nodeSelector;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Node> nodes;
    private volatile SharedIndexInformer<Pod> pods;

    public ClusterView(KubernetesClient client, BridgeConfig config) {
        this.client = client;
        this.nodeSelector = config.agentNodeSelector().map(ClusterView::parseSelector).orElse(Map.of());
    }

    static Map<String, String> parseSelector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
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
        SharedIndexInformer<Node> nodeInformer = client.nodes().withLabels(nodeSelector).runnableInformer(0)
                .itemStore(InformerStores.nodes());
        nodeInformer.addEventHandler(handler(Listener::nodeChanged));
        SharedIndexInformer<Pod> podInformer = client.pods().inAnyNamespace().runnableInformer(0)
                .itemStore(InformerStores.pods());
        podInformer.addIndexers(Map.of(BY_NODE, pod ->
                pod.getSpec() == null || pod.getSpec().getNodeName() == null
                        ? List.of() : List.of(pod.getSpec().getNodeName()),
                BY_NAME, pod -> List.of(pod.getMetadata().getName())));
        podInformer.addEventHandler(handler(Listener::podChanged));
        nodeInformer.start().toCompletableFuture().join();
        podInformer.start().toCompletableFuture().join();
        nodes = nodeInformer;
        pods = podInformer;
        LOG.infof("watching %d nodes and %d pods", nodes.getStore().list().size(), pods.getStore().list().size());
    }

    /** Whether the informers have their first listing. */
    public boolean isStarted() {
        return pods != null;
    }

    void stop(@Observes ShutdownEvent event) {
        if (nodes != null) {
            nodes.close();
            pods.close();
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
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

    /** The Pods of this name, in whichever namespaces. */
    public List<Pod> podsNamed(String name) {
        return pods.getIndexer().byIndex(BY_NAME, name);
    }

    public Pod pod(String namespace, String name) {
        return pods.getStore().getByKey(namespace + "/" + name);
    }

    /** Deletes a Pod, giving its containers {@code graceSeconds} between SIGTERM and SIGKILL. */
    public void deletePod(String namespace, String name, long graceSeconds) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(graceSeconds).delete();
    }

    /** Applies a JSON merge patch to a Node (maintenance: cordons and drain records). */
    /** The node as the API server has it now (the cache may not have seen a patch just made); null when gone. */
    public Node nodeNow(String name) {
        return client.nodes().withName(name).get();
    }

    public void patchNode(String nodeName, String mergePatch) {
        client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    private interface Delivery<T> {
        void deliver(Listener listener, T before, T after);
    }

    private <T> ResourceEventHandler<T> handler(Delivery<T> delivery) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                fire(delivery, null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                fire(delivery, oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                fire(delivery, obj, null);
            }
        };
    }

    private <T> void fire(Delivery<T> delivery, T before, T after) {
        for (Listener listener : listeners) {
            try {
                delivery.deliver(listener, before, after);
            } catch (RuntimeException e) {
                LOG.warn("cluster listener failed", e);
            }
        }
    }
}

package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.ReservedResources;
import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.resources.Resources;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dynamic reservations and persistent volumes of each Node: its {@link KubernetesKeys#RESERVED_RESOURCES_ANNOTATION},
 * or, until the informer shows the Node with it, the value last written there, so that the next allocation cycle
 * already sees a reservation just made.
 */
@ApplicationScoped
public class RecordedReservations {

    private static final Logger LOG = Logger.getLogger(RecordedReservations.class);

    private final Map<String, String> written = new ConcurrentHashMap<>();

    /** The node's reserved resources (empty for a node without them, or one whose annotation is unreadable). */
    public synchronized Resources of(Node node) {
        String name = node.getMetadata().getName();
        String seen = annotations(node).getOrDefault(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION, "");
        String pending = written.get(name);
        String value = seen;
        if (pending != null && pending.equals(seen)) {
            written.remove(name, pending);
        } else if (pending != null) {
            value = pending;
        }
        if (value.isEmpty()) {
            return Resources.empty();
        }
        try {
            return ReservedResources.parse(value);
        } catch (ResourceParseException unreadable) {
            LOG.warnf("node %s: %s is unreadable (%s); the agent has no dynamic reservations", name,
                    KubernetesKeys.RESERVED_RESOURCES_ANNOTATION, unreadable.getMessage());
            return Resources.empty();
        }
    }

    /** The node's static reservations (its agent's {@code --resources} with roles). */
    public static Resources staticOf(Node node) {
        try {
            return ReservedResources.of(annotations(node), KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION);
        } catch (ResourceParseException unreadable) {
            LOG.warnf("node %s: %s is unreadable (%s); the agent has no static reservations",
                    node.getMetadata().getName(), KubernetesKeys.STATIC_RESERVATIONS_ANNOTATION,
                    unreadable.getMessage());
            return Resources.empty();
        }
    }

    /**
     * The value about to be written to the node's annotation ({@code ""} to remove it), and, in the same step for
     * readers of {@link #read}, {@code alongside} (an ACCEPT's hold converted with it).
     */
    public synchronized void update(String nodeName, String value, Runnable alongside) {
        written.put(nodeName, value);
        alongside.run();
    }

    /** {@code reader} of the node's reserved resources, in one step with whatever {@link #update} does alongside. */
    public synchronized <T> T read(java.util.function.Supplier<T> reader) {
        return reader.get();
    }

    private static Map<String, String> annotations(Node node) {
        return node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations();
    }
}

package io.mesosbridge.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.Consumer;

/**
 * What the bridge's informers keep of each object: only what the bridge reads. The Pod informer holds every Pod of
 * the cluster, so what it keeps is a large part of the operator's heap per task.
 */
public final class InformerStores {
    private InformerStores() {
    }

    /** Each Pod as listed or watched, less its managed fields. */
    public static ItemStore<Pod> pods() {
        return trimming(InformerStores::dropManagedFields);
    }

    /** Each Node as listed or watched, less its managed fields and the list of images it holds. */
    public static ItemStore<Node> nodes() {
        return trimming(node -> {
            dropManagedFields(node);
            if (node.getStatus() != null) {
                node.getStatus().setImages(null);
            }
        });
    }

    /**
     * Drops the object's managed fields: the bridge never reads them, and they are often larger than the rest of
     * the object. A write of the object without them leaves them as they are on the API server.
     */
    public static void dropManagedFields(HasMetadata object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
    }

    private static <T extends HasMetadata> ItemStore<T> trimming(Consumer<T> trim) {
        return new BasicItemStore<>(Cache::metaNamespaceKeyFunc) {
            @Override
            public T put(String key, T object) {
                trim.accept(object);
                return super.put(key, object);
            }
        };
    }
}

package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/**
 * What one Marathon app or pod became.
 *
 * @param marathonId  the Marathon id, e.g. {@code /tools/oauth-server}
 * @param name        the Kubernetes name of its workload and Service
 * @param namespace   its namespace, or null for kubectl's current one
 * @param resources   the objects, in the order to apply them
 */
public record Converted(String marathonId, String name, String namespace, List<HasMetadata> resources) {
}

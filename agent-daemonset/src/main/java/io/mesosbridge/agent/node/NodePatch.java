package io.mesosbridge.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.mesosbridge.conventions.AgentNode;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON merge patch of the Node with the projected labels and annotations (the Node's others stay) and, when some
 * projected taint is missing, the Node's taints plus the missing ones. A taint list in a merge patch replaces the
 * whole list, so that patch carries the resourceVersion it was computed from and is computed again on a conflict.
 * Applying it again changes nothing, so the agent applies it at every start.
 */
final class NodePatch {

    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;

    NodePatch(KubernetesClient client) {
        this.client = client;
    }

    void apply(String nodeName, AgentNode projection) {
        for (int attempt = 1; ; attempt++) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                throw new KubernetesClientException("node " + nodeName + " not found");
            }
            try {
                client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(patch(node, projection)));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static Map<String, Object> patch(Node node, AgentNode projection) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labels", projection.labels());
        metadata.put("annotations", projection.annotations());
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", metadata);
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Taint> taints = new ArrayList<>(current);
        for (Taint taint : projection.taints()) {
            if (current.stream().noneMatch(t -> sameTaint(t, taint))) {
                taints.add(taint);
            }
        }
        if (taints.size() > current.size()) {
            metadata.put("resourceVersion", node.getMetadata().getResourceVersion());
            patch.put("spec", Map.of("taints", taints));
        }
        return patch;
    }

    /** A Node holds one taint per key and effect; the value may have been changed by an administrator. */
    private static boolean sameTaint(Taint a, Taint b) {
        return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
    }
}

package io.mesosbridge.migrate.agent;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Taint;
import io.mesosbridge.conventions.AgentNode;
import io.mesosbridge.conventions.AgentNode.Located;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Mesos agent's settings on its Kubernetes node ({@link AgentNode}, the projection the agent DaemonSet applies
 * too), written as mesos-migrate's outputs: a JSON patch of the node or a kubectl script.
 */
public final class NodeProjection {

    /** The StorageClass of the local PersistentVolumes made of MOUNT disks that name no profile. */
    public static final String MOUNT_DISK_STORAGE_CLASS = AgentNode.MOUNT_DISK_STORAGE_CLASS;

    private final String nodeName;
    private final AgentNode node;

    private NodeProjection(String nodeName, AgentNode node) {
        this.nodeName = nodeName;
        this.node = node;
    }

    public static NodeProjection project(String nodeName, List<Located<Resource>> resources,
                                         List<Located<Attribute>> attributes, AttributeLabels attributeLabels,
                                         String resourcesSource, String attributesSource, Warnings warnings) {
        return new NodeProjection(nodeName, AgentNode.project(nodeName, resources, attributes, attributeLabels,
                (place, message) -> warnings.add(resourcesSource, place, message),
                (place, message) -> warnings.add(attributesSource, place, message)));
    }

    public Map<String, String> labels() {
        return node.labels();
    }

    public List<Taint> taints() {
        return node.taints();
    }

    public Map<String, String> annotations() {
        return node.annotations();
    }

    /** The local PersistentVolumes of the agent's MOUNT disks. */
    public List<PersistentVolume> localVolumes() {
        return node.localVolumes();
    }

    public List<String> notes() {
        return node.notes();
    }

    /**
     * A JSON patch (RFC 6902) that adds the labels and annotations to the node's own and appends the taints to the
     * node's taints. A strategic merge patch cannot do that: taints have no merge key, so a list in such a patch
     * replaces the node's whole list. A node without any taint has no list to append to; the API server then
     * refuses the whole patch and changes nothing, and {@link #jsonPatchForUntaintedNode()} is the one to apply.
     */
    public List<Map<String, Object>> jsonPatch() {
        List<Map<String, Object>> ops = mapEntryOps();
        taints().forEach(t -> ops.add(op("add", "/spec/taints/-", t)));
        return ops;
    }

    /**
     * The same for a node without taints: it adds the taint list after testing that the node has none (a test of
     * an absent member against null passes), so it never replaces taints the node got in the meantime.
     */
    public List<Map<String, Object>> jsonPatchForUntaintedNode() {
        List<Map<String, Object>> ops = mapEntryOps();
        if (!taints().isEmpty()) {
            ops.add(op("test", "/spec/taints", null));
            ops.add(op("add", "/spec/taints", taints()));
        }
        return ops;
    }

    /** Every registered node has labels (the kubelet's kubernetes.io/hostname) and annotations (the TTL controller's). */
    private List<Map<String, Object>> mapEntryOps() {
        List<Map<String, Object>> ops = new ArrayList<>();
        labels().forEach((k, v) -> ops.add(op("add", "/metadata/labels/" + pointerToken(k), v)));
        annotations().forEach((k, v) -> ops.add(op("add", "/metadata/annotations/" + pointerToken(k), v)));
        return ops;
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("op", op);
        operation.put("path", path);
        operation.put("value", value);
        return operation;
    }

    /** A map key as one JSON pointer token (RFC 6901): {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    static String pointerToken(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The same as kubectl commands, with the notes as comments. */
    public String kubectlScript() {
        StringBuilder script = new StringBuilder("#!/bin/sh\n# Mesos agent settings for node " + nodeName + "\nset -e\n");
        for (String note : notes()) {
            script.append("# ").append(note).append('\n');
        }
        if (!labels().isEmpty()) {
            script.append("kubectl label node ").append(quote(nodeName)).append(" --overwrite");
            labels().forEach((k, v) -> script.append(' ').append(quote(k + "=" + v)));
            script.append('\n');
        }
        if (!annotations().isEmpty()) {
            script.append("kubectl annotate node ").append(quote(nodeName)).append(" --overwrite");
            annotations().forEach((k, v) -> script.append(' ').append(quote(k + "=" + v)));
            script.append('\n');
        }
        for (Taint taint : taints()) {
            script.append("kubectl taint node ").append(quote(nodeName)).append(" --overwrite ")
                    .append(quote(taint.getKey() + "=" + taint.getValue() + ":" + taint.getEffect())).append('\n');
        }
        if (!localVolumes().isEmpty()) {
            script.append("# the agent's MOUNT disks as local PersistentVolumes of the node\n")
                    .append("kubectl apply -f - <<'EOF'\n").append(Manifests.toYamlStream(localVolumes())).append("EOF\n");
        }
        return script.toString();
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./=:-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
